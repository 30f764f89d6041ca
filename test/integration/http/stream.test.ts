// stream(): the body arrives as a stream after slots, retries and redirects; the host's permit
// is held until the body ends or is destroyed.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HttpStatusError, TimeoutError } from '../../../src/errors/index.js';
import { fetcher, rejection, server } from './fixtures.js';

async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const FILE = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));

describe('Fetcher.stream', () => {
  it('streams a body after a redirect and a retry, and frees the slot when it ends', async () => {
    let failures = 1;
    const site = await server((req, res) => {
      if (req.url === '/file') res.writeHead(302, { location: '/files/data.bin' }).end();
      else if (failures-- > 0) res.writeHead(503).end();
      else res.writeHead(200, { 'content-length': FILE.length }).end(FILE);
    });
    const client = fetcher();
    const result = await client.stream({ url: `${site.url}/file` });
    expect(result.status).toBe(200);
    expect(result.url).toBe(`${site.url}/files/data.bin`);
    expect(result.redirects).toEqual([`${site.url}/file`, `${site.url}/files/data.bin`]);
    expect(client.slots.active).toBe(1);
    expect((await collect(result.body)).equals(FILE)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.slots.active).toBe(0);
    expect(site.log[0]!.headers['accept-encoding']).toBeUndefined();
  });

  it('accepts a 206 answer to a Range request', async () => {
    const site = await server((req, res) => {
      const [, from, to] = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '') ?? [];
      const part = FILE.subarray(Number(from), Number(to) + 1);
      res.writeHead(206, { 'content-range': `bytes ${from}-${to}/${FILE.length}` }).end(part);
    });
    const result = await fetcher().stream({ url: site.url, headers: { Range: 'bytes=1000-1999' } });
    expect(result.status).toBe(206);
    expect((await collect(result.body)).equals(FILE.subarray(1000, 2000))).toBe(true);
  });

  it('decompresses only when the response says it is encoded', async () => {
    const site = await server((req, res) => {
      if (req.url === '/gz') res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(FILE));
      else res.writeHead(200, { 'content-type': 'application/gzip' }).end(zlib.gzipSync(FILE));
    });
    const client = fetcher();
    expect((await collect((await client.stream({ url: `${site.url}/gz` })).body)).equals(FILE)).toBe(true);
    const archive = await collect((await client.stream({ url: `${site.url}/file.gz` })).body);
    expect(zlib.gunzipSync(archive).equals(FILE)).toBe(true);
  });

  it('decodes a raw deflate body arriving in small pieces', async () => {
    const encoded = zlib.deflateRawSync(FILE);
    const site = await server(async (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'deflate' });
      for (let i = 0; i < encoded.length; i += 1) {
        res.write(encoded.subarray(i, i + 1));
        if (i === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        else if (i > 8) {
          res.end(encoded.subarray(i + 1));
          return;
        }
      }
    });
    expect((await collect((await fetcher().stream({ url: site.url })).body)).equals(FILE)).toBe(true);
  });

  it('frees the slot when the caller destroys the body early', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200);
      res.write(FILE); // never ends
    });
    const client = fetcher({ perHost: 1 });
    const result = await client.stream({ url: `${site.url}/endless` });
    expect(client.slots.active).toBe(1);
    result.body.destroy();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(client.slots.active).toBe(0);
  });

  it('throws HttpStatusError for a 404 instead of returning a stream', async () => {
    const site = await server((_req, res) => {
      res.writeHead(404).end('nope');
    });
    const client = fetcher();
    const error = (await rejection(client.stream({ url: site.url }))) as HttpStatusError;
    expect(error.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(client.slots.active).toBe(0);
  });

  it('fails the body stream with a TimeoutError when the body stalls', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-length': FILE.length * 2 });
      res.write(FILE);
    });
    const result = await fetcher({ bodyTimeoutMs: 150 }).stream({ url: site.url });
    const error = await rejection(collect(result.body));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('body');
  });
});
