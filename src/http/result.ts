// The FetchResult a Fetcher returns: plain fields, plus `charset` and `text` worked out on first
// read, so a crawl that only looks at JSON or bytes never pays for charset sniffing.
import type { FetchResult, HeaderMap } from '../types/fetch.js';
import { decodeBody, detectCharset } from '../util/charset.js';

export class BufferedResult implements FetchResult {
  #charset: string | undefined;
  #text: string | undefined;

  constructor(
    readonly url: string,
    readonly redirects: readonly string[],
    readonly status: number,
    readonly headers: HeaderMap,
    readonly body: Buffer,
    readonly attempts: number,
    readonly cache?: 'hit' | 'revalidated',
  ) {}

  get charset(): string {
    return (this.#charset ??= detectCharset(this.headers['content-type'], this.body));
  }

  get text(): string {
    return (this.#text ??= decodeBody(this.body, this.charset));
  }
}
