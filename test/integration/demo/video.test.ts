import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, videoFileBytes, videoFileSha256, videoList, type DemoServer } from '../../../src/demo/index.js';
import { findAll, parseHtml, sha256, textNodes, walk } from './helpers.js';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

async function status(contId: string, referer?: string): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = referer === undefined ? {} : { referer };
  const res = await fetch(`${server.url}/videoStatus.jsp?contId=${contId}&mrd=${Math.random()}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('video channel list and detail pages', () => {
  it('lists every video as span.fav[data-id] and as li items matching the lesson XPath', async () => {
    const html = await (await fetch(`${server.url}/category_5`)).text();
    const favIds = [...html.matchAll(/<span class="fav" data-id="(\d+)">/g)].map((m) => m[1]);
    expect(favIds).toEqual(videoList().map((v) => v.id));

    const ul = findAll(parseHtml(html), (el) => el.attribs.id === 'listvideoListUl');
    expect(ul).toHaveLength(1);
    const items = walk(ul, 'li');
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(items.length).toBeLessThanOrEqual(6);
    const scraped = items.map((li) => ({
      hrefs: walk(li, 'div/a').map((a) => a.attribs.href),
      titles: walk(li, 'div/a/div[2]').flatMap(textNodes),
    }));
    expect(scraped).toEqual(videoList().map((v) => ({ hrefs: [`video_${v.id}`], titles: [v.title] })));
    for (const video of videoList()) expect(video.id).toMatch(/^\d{7}$/);
  });

  it('puts srcUrl="<mp4>",vdoUrl=srcUrl in the detail page script, and that URL serves the mp4', async () => {
    const video = videoList()[0]!;
    const html = await (await fetch(`${server.url}/video_${video.id}`)).text();
    const src = /srcUrl="(.*?)",vdoUrl=srcUrl/.exec(html)?.[1];
    expect(src).toBe(`${server.url}${video.mp4Path}`);
    const mp4 = await fetch(src!);
    expect(mp4.headers.get('content-type')).toBe('video/mp4');
    expect(sha256(Buffer.from(await mp4.arrayBuffer()))).toBe(videoFileSha256(video.id));
  });

  it('answers 404 for an unknown video id', async () => {
    expect((await fetch(`${server.url}/video_9999999`)).status).toBe(404);
  });
});

describe('videoStatus.jsp', () => {
  it('answers the "offline" JSON error without a Referer, or with the Referer of another page', async () => {
    const id = videoList()[1]!.id;
    for (const referer of [undefined, `${server.url}/category_5`, `${server.url}/video_${videoList()[0]!.id}`]) {
      const body = await status(id, referer);
      expect(body.resultCode).toBe('5');
      expect(body.resultMsg).toBe('该文章已经下线！');
      expect(body).not.toHaveProperty('videoInfo');
    }
  });

  it('gives, with the right Referer, a srcUrl that only works once systemTime is replaced by cont-<id>', async () => {
    for (const video of videoList()) {
      const body = (await status(video.id, `${server.url}/video_${video.id}`)) as {
        resultCode: string;
        systemTime: string;
        videoInfo: { videos: { srcUrl: string } };
      };
      expect(body.resultCode).toBe('1');
      expect(body.systemTime).toMatch(/^\d{13}$/);
      const srcUrl = body.videoInfo.videos.srcUrl;
      expect(srcUrl).toContain(body.systemTime);
      expect(srcUrl).toMatch(/\/mp4\/third\/\d{8}\/\d{13}-\d+-\d+-hd\.mp4$/);
      expect((await fetch(srcUrl)).status).toBe(404);

      const real = srcUrl.replace(body.systemTime, `cont-${video.id}`);
      expect(real).toMatch(new RegExp(`/mp4/third/\\d{8}/cont-${video.id}-\\d+-\\d+-hd\\.mp4$`));
      const res = await fetch(real);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
      expect(sha256(bytes)).toBe(videoFileSha256(video.id));
    }
  });

  it('accepts the Referer with any loopback host name, and answers the error for an unknown contId', async () => {
    const video = videoList()[2]!;
    const body = await status(video.id, `http://localhost:${server.port}/video_${video.id}`);
    expect(body.resultCode).toBe('1');
    expect((await status('1234567', `${server.url}/video_1234567`)).resultCode).toBe('5');
  });
});

describe('mp4 byte ranges', () => {
  const video = videoList()[3]!;
  const url = (): string => `${server.url}${video.mp4Path}`;

  it('advertises Accept-Ranges and validators on a full response', async () => {
    const res = await fetch(url());
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get('last-modified')).toMatch(/GMT$/);
  });

  it('answers 206 with Content-Range for a range, an open range and a suffix range', async () => {
    const bytes = videoFileBytes(video.id);
    const size = bytes.length;
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      [`bytes=${size - 1000}-`, size - 1000, size - 1],
      ['bytes=-500', size - 500, size - 1],
      [`bytes=100-${size + 5000}`, 100, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await fetch(url(), { headers: { range } });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(end - start + 1);
      expect(body.equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it('answers 416 with bytes */size when the range starts past the end', async () => {
    const size = videoFileBytes(video.id).length;
    const res = await fetch(url(), { headers: { range: `bytes=${size}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('honours If-Range: the range when the ETag matches, the whole file when it does not', async () => {
    const etag = (await fetch(url(), { method: 'HEAD' })).headers.get('etag')!;
    const same = await fetch(url(), { headers: { range: 'bytes=10-19', 'if-range': etag } });
    expect(same.status).toBe(206);
    expect((await same.arrayBuffer()).byteLength).toBe(10);
    const changed = await fetch(url(), { headers: { range: 'bytes=10-19', 'if-range': '"0000"' } });
    expect(changed.status).toBe(200);
    expect((await changed.arrayBuffer()).byteLength).toBe(videoFileBytes(video.id).length);
  });

  it('serves each video as a distinct real mp4 of a few hundred KB', () => {
    const hashes = new Set(videoList().map((v) => videoFileSha256(v.id)));
    expect(hashes.size).toBe(videoList().length);
    for (const v of videoList()) {
      const bytes = videoFileBytes(v.id);
      expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
      expect(bytes.length).toBeGreaterThan(100_000);
      expect(bytes.length).toBeLessThan(600_000);
    }
  });
});
