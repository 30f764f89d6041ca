import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodedPageBytes, encodedPages, encodedPageText, findEncodedPage, startDemoServer, type DemoServer } from '../../../src/demo/index.js';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

async function bytesOf(path: string): Promise<{ res: Response; bytes: Buffer }> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status).toBe(200);
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('Chinese legacy encodings', () => {
  it('serves the GBK pages with charset=gbk in the header and bytes that are really GBK', async () => {
    const gbk = encodedPages().filter((p) => p.charset === 'gbk' && p.declaredIn === 'header');
    expect(gbk.length).toBeGreaterThanOrEqual(4);
    for (const page of gbk) {
      const { res, bytes } = await bytesOf(page.path);
      expect(res.headers.get('content-type')).toBe('text/html; charset=gbk');
      expect(bytes.equals(encodedPageBytes(page))).toBe(true);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      expect(new TextDecoder('gbk').decode(bytes)).toBe(encodedPageText(page));
      expect(encodedPageText(page)).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('encodes 中 as the GBK bytes D6 D0', async () => {
    const { bytes } = await bytesOf('/gbk/');
    expect(encodedPageText(findEncodedPage('/gbk/')!)).toContain('中文');
    expect(bytes.includes(Buffer.from([0xd6, 0xd0, 0xce, 0xc4]))).toBe(true); // 中文
  });

  it('declares the charset of /gbk/meta.html only in <meta charset="gbk">', async () => {
    const { res, bytes } = await bytesOf('/gbk/meta.html');
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(bytes.toString('latin1')).toContain('<meta charset="gbk">');
    expect(new TextDecoder('gbk').decode(bytes)).toBe(encodedPageText(findEncodedPage('/gbk/meta.html')!));
  });

  it('serves a GB18030 page holding a character that GBK cannot encode', async () => {
    const { res, bytes } = await bytesOf('/gbk/gb18030.html');
    expect(res.headers.get('content-type')).toBe('text/html; charset=gb18030');
    const text = new TextDecoder('gb18030').decode(bytes);
    expect(text).toBe(encodedPageText(findEncodedPage('/gbk/gb18030.html')!));
    expect(text).toContain('\u{20BB7}');
    expect(bytes.includes(Buffer.from([0x95, 0x34, 0xb2, 0x35]))).toBe(true); // U+20BB7 in GB18030's four-byte form
    expect(new TextDecoder('gbk').decode(bytes)).not.toContain('\u{20BB7}');
  });

  it('redirects /gbk to /gbk/', async () => {
    const res = await fetch(`${server.url}/gbk`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/gbk/');
  });
});
