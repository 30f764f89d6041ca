// Cookie layer: a tough-cookie jar per Fetcher (or one shared by the caller). Each hop sends the
// jar's Cookie header for its own URL and stores the hop's Set-Cookie, so cookies set by a
// redirect reach the next hop. Until the first Set-Cookie arrives the jar is known to be empty
// and the layer costs one boolean test per request; tough-cookie itself is only loaded then.
import type { CookieJar } from 'tough-cookie';
import { lazyRequire } from '../util/lazy-require.js';

const toughCookie = lazyRequire<typeof import('tough-cookie')>('tough-cookie');
import type { Exchange, Send } from './exchange.js';

export class CookieSession {
  /** Whether cookies are kept at all. */
  readonly enabled: boolean;
  #jar: CookieJar | undefined;
  /** False while a private jar has never received a cookie: lookups can be skipped. */
  #filled: boolean;

  constructor(option: boolean | CookieJar) {
    if (typeof option === 'boolean') {
      this.enabled = option;
      this.#filled = false;
    } else {
      this.enabled = true;
      this.#jar = option;
      this.#filled = true;
    }
  }

  /** The jar (made on first use), or undefined when cookies are off. */
  get jar(): CookieJar | undefined {
    if (this.enabled) this.#jar ??= new (toughCookie().CookieJar)();
    return this.#jar;
  }

  /** The Cookie header value the jar holds for `url` ('' when none or cookies are off). */
  cookieString(url: string): string {
    if (!this.#jar || !this.#filled) return '';
    return this.#jar.getCookieStringSync(url);
  }

  /** Stores Set-Cookie values received from `url`; malformed or foreign cookies are ignored. */
  store(url: string, setCookies: readonly string[]): void {
    const jar = this.jar;
    if (!jar) return;
    for (const cookie of setCookies) {
      if (jar.setCookieSync(cookie, url, { ignoreError: true })) this.#filled = true;
    }
  }
}

export function cookieLayer(session: CookieSession, next: Send): Send {
  if (!session.enabled) return next;
  return async (exchange) => {
    const url = exchange.url.href;
    const fromJar = session.cookieString(url);
    let sent: Exchange = exchange;
    if (fromJar) {
      const own = exchange.headers.cookie;
      sent = { ...exchange, headers: { ...exchange.headers, cookie: own ? `${own}; ${fromJar}` : fromJar } };
    }
    const hop = await next(sent);
    if (hop.setCookies) session.store(url, hop.setCookies);
    return hop;
  };
}
