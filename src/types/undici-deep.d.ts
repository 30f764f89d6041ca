// Types for the undici modules trawl imports directly (undici's index loads far more than the
// agent it needs; see http/fetcher.ts).
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export default Agent;
}

declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';
  export default function request(
    this: Dispatcher,
    options: Dispatcher.RequestOptions,
  ): Promise<Dispatcher.ResponseData>;
}

declare module 'undici/lib/core/connect.js' {
  import { buildConnector } from 'undici';
  export default buildConnector;
}

declare module 'undici/lib/util/cache.js' {
  export interface CacheControlDirectives {
    'max-stale'?: number;
    'min-fresh'?: number;
    'max-age'?: number;
    's-maxage'?: number;
    public?: true;
    private?: true | string[];
    'no-store'?: true;
    'no-cache'?: true | string[];
    'must-revalidate'?: true;
    'only-if-cached'?: true;
  }
  export function parseCacheControlHeader(header: string | string[]): CacheControlDirectives;
  export function isInvalidOrWildcardVaryHeader(header: string | string[]): boolean;
  export function parseVaryHeader(
    header: string | string[],
    headers: Record<string, string | string[]>,
  ): Record<string, string | string[] | null> | undefined;
  export function isEtagUsable(etag: string): boolean;
}

declare module 'undici/lib/util/date.js' {
  export function parseHttpDate(date: string): Date | undefined;
}
