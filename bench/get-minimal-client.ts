// A lower bound for `trawl get` on many small files: the least a Node client can do per file
// (undici request, body to a file with one open + writev + close, then rename), run against
// the same server. Compare its wall time with `trawl get -i <list> -c <n>`.
//   node --import tsx bench/get-minimal-client.ts <url-list> <concurrency> <out-dir>
import { close, constants, mkdirSync, open, readFileSync, rename, writev } from 'node:fs';
import { basename, join } from 'node:path';
import { Agent } from 'undici';

const [list = '', concurrencyArg = '16', out = 'out'] = process.argv.slice(2);
const urls = readFileSync(list, 'utf8').split('\n').filter(Boolean);
const concurrency = Number(concurrencyArg);
mkdirSync(out, { recursive: true });
const agent = new Agent({ connections: concurrency, pipelining: 1 });
const call = <T>(fn: (done: (error: Error | null, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));
const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

async function save(path: string, chunks: Buffer[]): Promise<void> {
  const fd = await call<number>((done) => open(`${path}.part`, flags, 0o666, done));
  await call<number>((done) => writev(fd, chunks, 0, done));
  await call<void>((done) => close(fd, (error) => done(error, undefined)));
  await call<void>((done) => rename(`${path}.part`, path, (error) => done(error, undefined)));
}

const started = performance.now();
let next = 0;
const pending: Promise<void>[] = [];
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < urls.length) {
      const url = new URL(urls[next++]!);
      const response = await agent.request({ origin: url.origin, path: url.pathname, method: 'GET' });
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(chunk as Buffer);
      pending.push(save(join(out, basename(url.pathname)), chunks));
    }
  }),
);
await Promise.all(pending);
await agent.close();
process.stderr.write(`minimal client: ${urls.length} files in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
