// Response bodies: content-encodings undone, the size limit applied to decoded bytes with the
// transfer cut off, and text decoded with the charset the page declares.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, NetworkError } from '../../../src/errors/index.js';
import { fetcher, rejection, server } from './fixtures.js';

const TEXT = 'the quick brown fox jumps over the lazy dog\n'.repeat(500);

const ENCODERS: Record<string, (input: Buffer) => Buffer> = {
  gzip: (input) => zlib.gzipSync(input),
  deflate: (input) => zlib.deflateSync(input),
  'deflate (raw)': (input) => zlib.deflateRawSync(input),
  br: (input) => zlib.brotliCompressSync(input),
  'deflate, gzip': (input) => zlib.gzipSync(zlib.deflateSync(input)),
};

describe('Fetcher bodies', () => {
  for (const [name, encode] of Object.entries(ENCODERS)) {
    it(`decodes a ${name} body`, async () => {
      const encoded = encode(Buffer.from(TEXT));
      const site = await server((req, res) => {
        res.writeHead(200, { 'content-encoding': name.replace(' (raw)', ''), 'content-length': encoded.length });
        res.end(encoded);
      });
      const result = await fetcher().fetch({ url: site.url });
      expect(result.text).toBe(TEXT);
      expect(result.body.length).toBe(TEXT.length);
      expect(site.log[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
    });
  }

  it('leaves a body in an unknown coding as it came', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'x-unknown' }).end('opaque');
    });
    expect((await fetcher().fetch({ url: site.url })).text).toBe('opaque');
  });

  it('aborts a plain transfer as soon as it passes maxBodyBytes', async () => {
    let closedEarly: Promise<boolean> = Promise.resolve(false);
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      let sent = 0;
      // An endless body: only the client hanging up stops it.
      const pump = (): void => {
        while (!res.destroyed && sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      closedEarly = new Promise((resolve) => res.once('close', () => resolve(!res.writableFinished)));
      pump();
    });
    const error = (await rejection(fetcher({ maxBodyBytes: 256 * 1024 }).fetch({ url: site.url }))) as BodyTooLargeError;
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(error.limit).toBe(256 * 1024);
    expect(await closedEarly).toBe(true);
    expect(site.hits.get('/')).toBe(1);
  });

  it('refuses at the headers a body whose Content-Length is over the limit', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-length': 10_000 }).end(Buffer.alloc(10_000));
    });
    await expect(fetcher({ maxBodyBytes: 9_999 }).fetch({ url: site.url })).rejects.toBeInstanceOf(BodyTooLargeError);
    expect((await fetcher({ maxBodyBytes: 10_000 }).fetch({ url: site.url })).body.length).toBe(10_000);
  });

  it('answers a HEAD for a file larger than maxBodyBytes', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-length': 10_000_000 }).end();
    });
    const result = await fetcher({ maxBodyBytes: 1000 }).fetch({ url: site.url, method: 'HEAD' });
    expect(result.headers['content-length']).toBe('10000000');
    expect(result.body.length).toBe(0);
  });

  it('reports a body that does not decode as its Content-Encoding says as a NetworkError', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' }).end('this is not gzip');
    });
    const error = (await rejection(fetcher({ retries: 0 }).fetch({ url: site.url }))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.reason).toMatch(/^Z_/);
  });

  it('applies maxBodyBytes to the decoded size of a compressed body', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024));
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
    });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await rejection(fetcher({ maxBodyBytes: 1024 * 1024, retries: 0 }).fetch({ url: site.url }));
    expect(error).toBeInstanceOf(BodyTooLargeError);
  });

  it('decodes a GBK page whose charset is only in the Content-Type header', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=gb2312' });
      res.end(Buffer.concat([Buffer.from('<p>'), Buffer.from('c4e3bac3a3accac0bde7', 'hex'), Buffer.from('</p>')]));
    });
    const result = await fetcher().fetch({ url: site.url });
    expect(result.charset).toBe('gbk');
    expect(result.text).toBe('<p>你好，世界</p>');
  });

  it('decodes a page whose charset is only in <meta>', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        Buffer.concat([
          Buffer.from('<html><head><meta http-equiv="content-type" content="text/html;charset=GBK"></head><body>'),
          Buffer.from('d6d0cec4', 'hex'),
          Buffer.from('</body></html>'),
        ]),
      );
    });
    const result = await fetcher().fetch({ url: site.url });
    expect(result.charset).toBe('gbk');
    expect(result.text).toContain('<body>中文</body>');
  });

  it('decodes windows-1252 punctuation in a page labelled iso-8859-1', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=ISO-8859-1' });
      res.end(Buffer.from([0x93, 0x71, 0x94, 0x20, 0x80, 0x35, 0x20, 0xe9]));
    });
    const result = await fetcher().fetch({ url: site.url });
    expect(result.charset).toBe('windows-1252');
    expect(result.text).toBe('\u201cq\u201d \u20ac5 é');
  });
});
