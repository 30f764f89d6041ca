// downloadHls options: the shared stream download options (src/stream/options.ts) under the
// name the HLS API has always used.
import { resolveStreamOptions, type ResolvedStreamOptions, type StreamDownloadOptions } from '../../stream/options.js';

export type HlsDownloadOptions = StreamDownloadOptions;
export type ResolvedHlsOptions = ResolvedStreamOptions;

/** Validates `input` and fills in defaults; throws OptionError naming the first bad option. */
export function resolveHlsOptions(input: HlsDownloadOptions): ResolvedHlsOptions {
  return resolveStreamOptions(input, 'downloadHls');
}
