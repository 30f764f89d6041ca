// The delay server `trawl bench` starts: a child process answering /delay/<ms>/<id> with exactly
// the demo site's page, nothing else, and never outliving the process that started it.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../../src/demo/index.js';
import { DELAY_SERVER_SOURCE } from '../../../src/experiment/delay-server-source.js';
import { startDelayServerProcess, type ServerProcess } from '../../../src/experiment/server-process.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

function get(url: string, method = 'GET'): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function delayServer(): Promise<ServerProcess> {
  const server = await startDelayServerProcess();
  closers.push(() => server.close());
  return server;
}

function refused(url: string): Promise<boolean> {
  return get(url).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
  );
}

describe('the bench delay server', () => {
  it('answers /delay/<ms>/<id> after the delay with the same page as the demo site', async () => {
    const server = await delayServer();
    const demo = await startDemoServer();
    closers.push(demo.close);
    const path = '/delay/40/c1000-4711';
    const [mine, theirs] = await Promise.all([get(server.url + path), get(demo.url + path)]);
    expect(mine.status).toBe(200);
    expect(mine.ms).toBeGreaterThanOrEqual(39);
    expect(mine.headers['content-type']).toBe(theirs.headers['content-type']);
    expect(mine.body).toBe(theirs.body);
    expect(mine.body).toContain('<h1 class="title">delay item c1000-4711</h1>');
    expect(Number(mine.headers['content-length'])).toBe(Buffer.byteLength(mine.body));
  });

  it('answers HEAD without a body, and refuses other paths, other methods and delays over 60 s', async () => {
    const server = await delayServer();
    const head = await get(`${server.url}/delay/0/x`, 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
    expect((await get(`${server.url}/`)).status).toBe(404);
    expect((await get(`${server.url}/delay/10/a b`)).status).toBe(404);
    expect((await get(`${server.url}/delay/10/x`, 'POST')).status).toBe(405);
    const tooLong = await get(`${server.url}/delay/60001/x`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toContain('at most 60000 ms');
  });

  it('is gone once closed', async () => {
    const server = await startDelayServerProcess();
    await server.close();
    expect(await refused(`${server.url}/delay/0/x`)).toBe(true);
  });

  it('exits by itself when the stdin pipe from the process that started it closes', async () => {
    const child = spawn(process.execPath, ['-e', DELAY_SERVER_SOURCE, '127.0.0.1', '0'], { stdio: ['pipe', 'ignore', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let said = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        said += chunk;
        const match = /delay server on (http:\/\/[^/\s]+)\//.exec(said);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`exited early: ${said}`)));
    });
    expect((await get(`${url}/delay/0/x`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(await refused(`${url}/delay/0/x`)).toBe(true);
  });
});
