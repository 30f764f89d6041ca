import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/**
 * A stream protected by a scheme trawl does not decrypt (DASH ContentProtection such as CENC or
 * cbcs, HLS SAMPLE-AES or SAMPLE-AES-CTR, DRM key formats). Raised before any segment is
 * fetched; `line` is the manifest line that declares the protection.
 */
export class EncryptedStreamError extends TrawlError {
  static override readonly brand: string = 'EncryptedStreamError';
  readonly code = 'TRAWL_ERR_ENCRYPTED';
  constructor(
    readonly url: string,
    readonly line: number,
    /** The scheme as the manifest names it, e.g. `SAMPLE-AES` or `cenc (Widevine)`. */
    readonly scheme: string,
    options?: TrawlErrorOptions,
  ) {
    super(`${url} line ${line}: the stream is encrypted with ${scheme}, which needs a DRM client; trawl does not decrypt it and downloaded nothing`, options);
  }
}
