// The demo HTTP server: one node:http server on loopback, keep-alive, routing by path to the
// route modules, byte ranges, optional fault injection and request statistics.
//
//   request ─▶ /__stats? ─▶ route by path ─▶ fault roll ─▶ route.handle ─▶ Range ─▶ send
//                                             │ reset / 500 / 429 (no handler run)   │ slow / truncated
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAULT_KINDS, FaultPlan, resetConnection, sendSlowly, sendTruncated, statusFault, type FaultKind } from './faults.js';
import { resolveDemoOptions, type DemoServerOptions } from './options.js';
import { applyRange } from './range.js';
import { json, notFound, text, type DemoRequest, type Reply, type Route } from './reply.js';
import { encodingRoutes } from './routes/encodings.js';
import { frontRoutes } from './routes/front.js';
import { galleryRoutes } from './routes/gallery.js';
import { hlsRoutes } from './routes/hls.js';
import { lessonRoutes } from './routes/lessons.js';
import { novelRoutes } from './routes/novel.js';
import { priceRoutes } from './routes/prices.js';
import { videoRoutes } from './routes/video.js';
import { vodRoutes } from './routes/vod.js';
import { catalogRoutes } from './routes/catalog.js';

export interface DemoServerStats {
  /** Requests received, except those for /__stats itself. */
  readonly requests: number;
  /** Requests by path prefix, e.g. "/category_5", "/video_", "/mp4/", "/marketanalysis/", "(unmatched)". */
  readonly byPath: Readonly<Record<string, number>>;
  /** Responses by status code sent (a reset connection sends none). */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Injected faults by kind. */
  readonly faults: Readonly<Record<FaultKind, number>>;
}

export interface DemoServer {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops every connection, including requests still sleeping. */
  close(): Promise<void>;
  stats(): DemoServerStats;
}

const ROUTES: readonly Route[] = [
  ...frontRoutes,
  ...videoRoutes,
  ...galleryRoutes,
  ...priceRoutes,
  ...novelRoutes,
  ...hlsRoutes,
  ...lessonRoutes,
  ...encodingRoutes,
  ...vodRoutes,
  ...catalogRoutes,
];
/** Never faulted: the front page, the statistics, and robots.txt (a failed robots.txt can mean "disallow all"). */
const NO_FAULTS = new Set(['/', '/__stats', '/robots.txt']);
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

export async function startDemoServer(options?: DemoServerOptions): Promise<DemoServer> {
  const resolved = resolveDemoOptions(options ?? {});
  const plan = new FaultPlan(resolved.faults, resolved.seed);
  const closing = new AbortController();
  // One listener per request waiting (latency, slow bodies): many at once is normal here.
  setMaxListeners(0, closing.signal);
  const timers = new Set<NodeJS.Timeout>();
  const byPath = new Map<string, number>();
  const byStatus = new Map<string, number>();
  const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  let requests = 0;
  let url = '';

  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  const stats = (): DemoServerStats => ({
    requests,
    byPath: Object.fromEntries(byPath),
    byStatus: Object.fromEntries(byStatus),
    faults: { ...faults },
  });

  const send = (res: ServerResponse, reply: Reply, method: string): void => {
    bump(byStatus, String(reply.status));
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
    res.end(method === 'HEAD' ? undefined : reply.body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    // Prefixing (not resolving) keeps a target such as //x/y a path instead of a host.
    const raw = req.url ?? '/';
    const target = new URL(raw.startsWith('/') ? `http://127.0.0.1${raw}` : raw, 'http://127.0.0.1');
    const path = decodePath(target.pathname);
    if (path === '/__stats') {
      const body = json(stats()); // not counted itself, so polling it does not change what it reports
      res.writeHead(200, { ...body.headers, 'content-length': String(body.body.length), 'cache-control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : body.body);
      return;
    }
    requests++;
    if (resolved.latencyMs > 0) await delay(resolved.latencyMs, closing.signal);
    const route = ROUTES.find((r) => r.matches(path));
    bump(byPath, route?.prefix ?? '(unmatched)');
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, { ...text('Method Not Allowed', 405), headers: { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' } }, method);
      return;
    }
    let fault = NO_FAULTS.has(path) ? undefined : plan.decide(`${method} ${req.url ?? '/'}`);
    if (fault === 'reset') {
      faults.reset++;
      resetConnection(req);
      return;
    }
    if (fault === 'status500' || fault === 'status429') {
      faults[fault]++;
      send(res, statusFault(fault), method);
      return;
    }
    const host = req.headers.host;
    const request: DemoRequest = {
      method,
      path,
      query: target.searchParams,
      headers: req.headers,
      base: host !== undefined && LOOPBACK_HOST.test(host) ? `http://${host}` : url,
      signal: closing.signal,
    };
    const reply = applyRange((route && (await route.handle(request))) ?? notFound(path), req.headers);
    // A truncated body needs at least 2 bytes to cut; HEAD has no body to slow down or cut.
    if (fault === 'truncatedBody' && (method !== 'GET' || reply.body.length < 2)) fault = 'status500';
    if (fault === 'slowBody' && method !== 'GET') fault = undefined;
    if (fault === undefined) {
      send(res, reply, method);
      return;
    }
    faults[fault]++;
    if (fault === 'status500') {
      send(res, statusFault(fault), method);
      return;
    }
    bump(byStatus, String(reply.status));
    if (fault === 'slowBody') sendSlowly(res, reply, timers);
    else sendTruncated(res, reply);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted || res.headersSent) {
        res.destroy();
        return;
      }
      send(res, text(`Internal Server Error: ${error instanceof Error ? error.message : String(error)}`, 500), 'GET');
    });
  });
  // Longer than clients' usual idle timeouts (undici: 4 s), so pooled sockets are reused, not raced.
  server.keepAliveTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${resolved.host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    stats,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort(new Error('demo server closed'));
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Waits `ms`, or less when the server closes. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
