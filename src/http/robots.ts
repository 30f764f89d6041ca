// Robots layer: fetches /robots.txt once per origin (RFC 9309), caches the parsed rules and
// refuses disallowed URLs with RobotsDisallowedError before a slot is even asked for. Crawl-delay
// becomes the origin's minimum delay in HostSlots before the first page request takes a permit.
// The robots.txt request holds a permit of its own (or the caller's, when one was handed in:
// waiting for a second one could deadlock a host limited to one request at a time), except when
// the HTTP cache alone answers it. It goes through the cache and the proxies like any request.
import type robotsParserModule from 'robots-parser';
import { lazyRequire } from '../util/lazy-require.js';
import { HttpStatusError } from '../errors/http-status-error.js';
import { RobotsDisallowedError } from '../errors/robots-disallowed-error.js';
import type { CallState, Exchange, Send } from './exchange.js';
import type { Permit, Slots } from './slots.js';

// robots-parser is CommonJS: at run time the default import is module.exports, the function
// itself, while its typings describe an ES default export.
const robotsParser = lazyRequire<typeof robotsParserModule.default>('robots-parser');
type Robot = ReturnType<typeof robotsParserModule.default>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** RFC 9309 2.3.1.2: follow at least five consecutive redirects. */
const MAX_ROBOTS_REDIRECTS = 5;

export interface RobotsPolicyOptions {
  /** Sends one request without retries, slots or cookies (the transport layer, behind the
   * HTTP cache and the proxies when there are). */
  readonly send: Send;
  /** True when the HTTP cache alone would answer this robots.txt request: no permit is taken. */
  readonly cached?: (exchange: Exchange) => boolean;
  readonly slots: Slots;
  /** Headers for the robots.txt request (User-Agent…). */
  readonly headers: Readonly<Record<string, string>>;
  /** The agent matched against User-agent lines. */
  readonly userAgent: string;
  readonly onCrawlDelay: (origin: string, delayMs: number) => void;
}

export class RobotsPolicy {
  readonly #entries = new Map<string, Promise<Robot | null>>();

  constructor(readonly options: RobotsPolicyOptions) {}

  /** Resolves when robots.txt allows `url`; throws RobotsDisallowedError when it does not. */
  async check(url: URL, call: CallState): Promise<void> {
    const origin = url.origin;
    let entry = this.#entries.get(origin);
    if (!entry) {
      entry = this.#loadUnderPermit(origin, call.permit?.origin === origin);
      this.#entries.set(origin, entry);
      // A robots.txt that could not be read (5xx, network) is asked for again by the next request.
      entry.catch(() => this.#entries.delete(origin));
    }
    const robot = await entry;
    if (robot && robot.isAllowed(url.href, this.options.userAgent) === false) {
      throw new RobotsDisallowedError(url.href);
    }
  }

  async #loadUnderPermit(origin: string, callerHoldsPermit: boolean): Promise<Robot | null> {
    let permit: Permit | undefined;
    const fromCache = this.options.cached?.(this.#exchange(new URL('/robots.txt', origin))) === true;
    if (!callerHoldsPermit && !fromCache) permit = this.options.slots.tryAcquire(origin) ?? (await this.options.slots.acquire(origin));
    try {
      return await this.#load(origin);
    } finally {
      permit?.release();
    }
  }

  #exchange(url: URL): Exchange {
    return {
      url,
      method: 'GET',
      headers: this.options.headers,
      body: undefined,
      signal: undefined,
      streaming: false,
      call: { permit: undefined, attempts: 0, chain: [] },
    };
  }

  /** null means everything is allowed (no robots.txt, or a 4xx for it). */
  async #load(origin: string): Promise<Robot | null> {
    const target = new URL('/robots.txt', origin);
    let url = target;
    for (let hop = 0; hop <= MAX_ROBOTS_REDIRECTS; hop++) {
      const response = await this.options.send(this.#exchange(url));
      const { status } = response;
      if (status >= 200 && status < 300) {
        const robot = robotsParser()(String(target.href), response.body?.toString('utf8') ?? '');
        const delay = robot.getCrawlDelay(this.options.userAgent);
        if (delay !== undefined && delay > 0) this.options.onCrawlDelay(origin, Math.round(delay * 1000));
        return robot;
      }
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location && URL.canParse(location, url.href)) {
        url = new URL(location, url);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
        continue;
      }
      // RFC 9309 2.3.1.4: a server error means "unreachable"; fail this attempt so it is retried.
      if (status >= 500 || status === 429) throw new HttpStatusError(url.href, status);
      return null;
    }
    return null;
  }
}

export function robotsLayer(policy: RobotsPolicy | undefined, next: Send): Send {
  if (!policy) return next;
  return async (exchange) => {
    await policy.check(exchange.url, exchange.call);
    return next(exchange);
  };
}
