// One crawl across separate hosts: network namespaces the test makes itself, joined by veth
// pairs on a bridge — Redis on one host, the site on another, the job's owner on a third and a
// `trawl worker` on a fourth, each with its own address and host name. Every item lands once, and
// the site sees requests from both crawling hosts. Skipped, with a notice, where namespaces
// cannot be made (not root, no iproute2, or no redis-server).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, TRAWL_BIN } from '../../helpers/cli.js';
import { redisServerPath } from '../../helpers/redis-server.js';

const HOSTS = ['redis', 'site', 'owner', 'worker'] as const;
type Host = (typeof HOSTS)[number];
const ITEMS = 120;

/** Why the hosts cannot be made here, or undefined when they can. */
function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  if (!redisServerPath) return 'redis-server is not installed';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'pipe' });
  } catch {
    return 'iproute2 (ip netns) is not available';
  }
  return undefined;
}

const reason = unavailable();
if (reason) process.stderr.write(`\n[multi-host test skipped] network namespaces cannot be made here: ${reason}\n`);

const tag = `t${process.pid % 10000}`;
const subnet = `10.${100 + (process.pid % 100)}.${Math.floor(Math.random() * 250)}`;
const address: Record<Host, string> = { redis: `${subnet}.2`, site: `${subnet}.3`, owner: `${subnet}.4`, worker: `${subnet}.5` };
const ns = (host: Host | 'lan'): string => `${tag}-${host}`;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

function makeHosts(): void {
  ip('netns', 'add', ns('lan'));
  ip('-n', ns('lan'), 'link', 'add', 'br0', 'type', 'bridge');
  ip('-n', ns('lan'), 'link', 'set', 'br0', 'up');
  HOSTS.forEach((host, i) => {
    const [inside, outside] = [`${tag}h${i}`, `${tag}b${i}`];
    ip('netns', 'add', ns(host));
    ip('link', 'add', inside, 'type', 'veth', 'peer', 'name', outside);
    ip('link', 'set', inside, 'netns', ns(host));
    ip('link', 'set', outside, 'netns', ns('lan'));
    ip('-n', ns(host), 'link', 'set', 'lo', 'up');
    ip('-n', ns(host), 'addr', 'add', `${address[host]}/24`, 'dev', inside);
    ip('-n', ns(host), 'link', 'set', inside, 'up');
    ip('-n', ns('lan'), 'link', 'set', outside, 'master', 'br0');
    ip('-n', ns('lan'), 'link', 'set', outside, 'up');
  });
}

function removeHosts(): void {
  for (const host of [...HOSTS, 'lan'] as const) {
    try {
      ip('netns', 'del', ns(host));
    } catch {
      // not made, or gone
    }
  }
}

/** Runs a command on `host`, under its own host name. */
function onHost(host: Host, command: string, args: readonly string[], cwd: string): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns(host), 'unshare', '--uts', 'sh', '-c', `hostname ${host}-box && exec "$0" "$@"`, command, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const SITE = `
const http = require('node:http');
const fs = require('node:fs');
const [address, log, count] = process.argv.slice(2);
http.createServer((req, res) => {
  fs.appendFileSync(log, req.socket.remoteAddress + ' ' + req.url + '\\n');
  const m = /^\\/item\\/(\\d+)$/.exec(req.url);
  let body;
  if (req.url === '/') body = Array.from({ length: +count }, (_, i) => '<a href="/item/' + (i + 1) + '">x</a>').join('');
  else if (m) body = '<h1>item ' + m[1] + '</h1>';
  else { res.writeHead(404).end(); return; }
  setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(body), 20);
}).listen(8080, address, () => console.log('listening'));
`;

async function printed(child: ChildProcess, text: string, timeoutMs = 20_000): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not print ${text}: ${seen}`)), timeoutMs);
    const on = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
  });
}

(reason ? describe.skip : describe)('a crawl across separate hosts (network namespaces)', () => {
  let dir: string;
  const background: ChildProcess[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trawl-hosts-'));
    removeHosts();
    makeHosts();
    const redis = onHost('redis', redisServerPath!, ['--bind', address.redis, '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'no'], dir);
    background.push(redis);
    await printed(redis, 'Ready to accept connections');
    writeFileSync(join(dir, 'site.cjs'), SITE);
    const site = onHost('site', process.execPath, [join(dir, 'site.cjs'), address.site, join(dir, 'site.log'), String(ITEMS)], dir);
    background.push(site);
    await printed(site, 'listening');
  }, 60_000);
  afterAll(() => {
    for (const child of background) child.kill('SIGKILL');
    removeHosts();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every item once while an owner and a worker on two other hosts share the job in Redis', async () => {
    const frontier = `redis://${address.redis}:6379`;
    const owner = onHost('owner', process.execPath, [
      TRAWL_BIN, 'crawl', `http://${address.site}:8080/`, '--frontier', frontier, '--job', 'hosts', '--workers', '1', '-c', '2',
      '--match', '/item/', '--extract', 'title=h1', '-o', 'items.jsonl', '--quiet',
    ], dir);
    const ownerDone = collect(owner, 120_000);
    // The worker joins once the owner has made the job (its settings are in Redis).
    await new Promise((resolve) => setTimeout(resolve, 800));
    const worker = onHost('worker', process.execPath, [TRAWL_BIN, 'worker', '--frontier', frontier, '--job', 'hosts', '-c', '2', '--quiet'], dir);
    const workerDone = collect(worker, 120_000);
    const [ownerResult, workerResult] = await Promise.all([ownerDone, workerDone]);
    expect(ownerResult.code, ownerResult.stderr).toBe(0);
    expect(workerResult.code, workerResult.stderr).toBe(0);

    const items = readFileSync(join(dir, 'items.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { url: string; title: string });
    expect(new Set(items.map((item) => item.url)).size).toBe(ITEMS);
    expect(items).toHaveLength(ITEMS);
    for (const item of items) expect(item.title).toBe(`item ${/(\d+)$/.exec(item.url)![1]}`);

    // Both crawling hosts fetched pages, each page once.
    const log = existsSync(join(dir, 'site.log')) ? readFileSync(join(dir, 'site.log'), 'utf8').trim().split('\n') : [];
    const byHost = new Map<string, number>();
    for (const line of log) byHost.set(line.split(' ')[0]!, (byHost.get(line.split(' ')[0]!) ?? 0) + 1);
    expect(byHost.get(address.owner) ?? 0).toBeGreaterThan(0);
    expect(byHost.get(address.worker) ?? 0).toBeGreaterThan(0);
    expect(log).toHaveLength(ITEMS + 1);
  });
});
