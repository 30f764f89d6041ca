// A delay server for the bench tests that also watches how it is used: requests in flight at
// once and connections, per run (the id prefix: s, p, a, c10-, ...), warm-up requests apart.
// `fault(id)` can turn a request into a wrong answer.
import type { Socket } from 'node:net';
import { startServer, type TestServer } from '../../helpers/server.js';

export interface UsageStats {
  maxInFlight: number;
  inFlight: number;
  ids: string[];
  sockets: Set<Socket>;
}

export interface WatchedDelayServer extends TestServer {
  /** Usage by run prefix (the id's letters before the number: "s", "p", "a", "c10-"). */
  readonly usage: Map<string, UsageStats>;
}

export async function startWatchedDelayServer(fault: (id: string) => 'status' | 'title' | undefined = () => undefined): Promise<WatchedDelayServer> {
  const usage = new Map<string, UsageStats>();
  const server = await startServer(async (req, res) => {
    const match = /^\/delay\/(\d+)\/([\w-]+)$/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404).end('not found');
      return;
    }
    const id = match[2]!;
    const warm = id.includes('warm') || id === 'probe';
    const prefix = id.replace(/\d+$/, '');
    const stats = usage.get(prefix) ?? { maxInFlight: 0, inFlight: 0, ids: [], sockets: new Set<Socket>() };
    if (!warm) {
      usage.set(prefix, stats);
      stats.ids.push(id);
      stats.sockets.add(req.socket);
      stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
    }
    await new Promise((resolve) => setTimeout(resolve, Number(match[1])));
    if (!warm) stats.inFlight--;
    const problem = warm ? undefined : fault(id);
    if (problem === 'status') {
      res.writeHead(503).end('busy');
      return;
    }
    const title = problem === 'title' ? 'something else' : `delay item ${id}`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html><body><h1 class="title">${title}</h1></body></html>`);
  });
  return { ...server, usage };
}
