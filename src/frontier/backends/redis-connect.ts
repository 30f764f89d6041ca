// Reaching the Redis server of a job: the frontier URL, the ioredis client, and what a lost
// connection means.
//
// Opening fails fast, with one line naming the URL ("redis://127.0.0.1:6390: cannot connect
// (ECONNREFUSED)"): no reconnect loop at open time. Once open, ioredis reconnects on its own
// (backing off to 1 s, for at most `reconnectForMs`) and sends again the commands whose replies
// were lost; the frontier's scripts are safe to run twice (see redis.ts). Only after that time
// does a call fail, with FrontierUnavailableError.
import { Redis, type RedisOptions } from 'ioredis';
import { FrontierUnavailableError } from '../../errors/frontier-unavailable-error.js';
import { OptionError } from '../../errors/option-error.js';

export interface RedisTarget {
  /** The URL as messages show it: any password replaced by "***". */
  readonly display: string;
  readonly options: RedisOptions;
}

const EXPECTED = 'expected redis://host[:port][/db], rediss://… (TLS) or unix:/path/to/redis.sock';

/** Parses `redis://[user:password@]host[:port][/db]`, `rediss://…` or `unix:/path[?db=N]`. */
export function parseRedisUrl(spec: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new OptionError('frontier', spec, EXPECTED);
  }
  const display = url.password === '' ? spec : spec.replace(`:${url.password}@`, ':***@');
  const bad = (reason: string): never => {
    throw new OptionError('frontier', display, reason);
  };
  const decode = (part: string): string => decodeURIComponent(part);
  const auth = {
    ...(url.username !== '' ? { username: decode(url.username) } : {}),
    ...(url.password !== '' ? { password: decode(url.password) } : {}),
  };
  if (url.protocol === 'unix:') {
    const path = url.pathname;
    if (path === '' || path === '/') bad('unix: needs a socket path, e.g. unix:/run/redis/redis.sock');
    for (const key of url.searchParams.keys()) if (key !== 'db') bad(`unknown parameter "${key}" (only db)`);
    const db = url.searchParams.get('db');
    return { display, options: { path, db: db === null ? 0 : dbNumber(db, bad), ...auth } };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') bad(EXPECTED);
  if (url.hostname === '') bad('needs a host, e.g. redis://127.0.0.1:6379');
  if (url.search !== '' || url.hash !== '') bad('takes no query or fragment');
  const path = url.pathname.replace(/^\//, '');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    display,
    options: {
      host,
      port: url.port === '' ? 6379 : Number(url.port),
      db: path === '' ? 0 : dbNumber(path, bad),
      ...auth,
      ...(url.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
    },
  };
}

function dbNumber(text: string, bad: (reason: string) => never): number {
  if (!/^\d{1,5}$/.test(text)) bad(`database "${text}" is not a number`);
  return Number(text);
}

export interface ConnectOptions {
  readonly connectTimeoutMs: number;
  readonly reconnectForMs: number;
}

/** Connects, or throws FrontierUnavailableError with the reason in one line. */
export async function connectRedis(target: RedisTarget, options: ConnectOptions): Promise<Redis> {
  let opened = false;
  let lostSince = 0;
  let lastError: unknown;
  const client = new Redis({
    ...target.options,
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs,
    // Calls wait while the connection is down; the retry strategy bounds how long.
    maxRetriesPerRequest: null,
    enableAutoPipelining: false,
    retryStrategy: () => {
      if (!opened) return null;
      const now = Date.now();
      if (lostSince === 0) lostSince = now;
      if (now - lostSince > options.reconnectForMs) return null;
      return Math.min(1000, 50 + (now - lostSince) / 4);
    },
  });
  // Without a listener ioredis prints every connection error to the console.
  client.on('error', (error: unknown) => {
    lastError = error;
  });
  client.on('ready', () => {
    lostSince = 0;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('ETIMEDOUT')), options.connectTimeoutMs + 500);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    throw new FrontierUnavailableError(target.display, `cannot connect (${describeError(lastError ?? error)})`, { cause: lastError ?? error });
  } finally {
    clearTimeout(timer);
  }
  opened = true;
  return client;
}

/** A short reason for a connection or server error: the system code, or Redis's first line. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    if (typeof message === 'string' && message.startsWith('Protocol error')) return 'not a Redis server: it answered in another protocol';
    if (typeof message === 'string' && message !== '') return (message.split('\n')[0] as string).slice(0, 200);
  }
  return String(error);
}

/**
 * Turns a failed call into the error the engine can act on: a lost connection or a server
 * refusing writes (out of memory, a read-only replica) is FrontierUnavailableError; anything
 * else (a bug) is passed on as it is.
 */
export function mapRedisError(display: string, error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  if (/^(OOM|READONLY|MASTERDOWN|LOADING|BUSY|NOAUTH|WRONGPASS|NOPERM)\b/.test(message) || /\bOOM command not allowed/.test(message)) {
    return new FrontierUnavailableError(display, describeError(error), { cause: error });
  }
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  if (message === 'Connection is closed.' || (error instanceof Error && error.name === 'MaxRetriesPerRequestError') || (typeof code === 'string' && /^E[A-Z]+$/.test(code))) {
    return new FrontierUnavailableError(display, `connection lost (${describeError(error)})`, { cause: error });
  }
  return error;
}
