import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOVEL_BOOK_ID, chapterContent, novelCatalog, startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { rawGet } from './helpers.js';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

interface CatalogBody {
  data: { novel: { items: { title: string; cid: string }[] } };
}
interface ChapterBody {
  data: { novel: { content: string } };
}

const catalogUrl = (data: string): string => `/api/pc/getCatalog?data=${data}`;
const chapterData = (cid: string): string => JSON.stringify({ book_id: NOVEL_BOOK_ID, cid: `${NOVEL_BOOK_ID}|${cid}`, need_bookinfo: 1 });

describe('novel API', () => {
  it('lists the catalog of the lesson book as data.novel.items [{title, cid}]', async () => {
    const res = await fetch(server.url + catalogUrl(encodeURIComponent(JSON.stringify({ book_id: NOVEL_BOOK_ID }))));
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const items = ((await res.json()) as CatalogBody).data.novel.items;
    expect(items.map(({ title, cid }) => ({ title, cid }))).toEqual(novelCatalog(NOVEL_BOOK_ID));
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(items.length).toBeLessThanOrEqual(20);
  });

  it('accepts the data parameter raw, as aiohttp and browsers may send it', async () => {
    const res = await rawGet(server.url, catalogUrl(`{"book_id":"${NOVEL_BOOK_ID}"}`));
    expect(res.status).toBe(200);
    const items = (JSON.parse(res.body.toString('utf8')) as CatalogBody).data.novel.items;
    expect(items).toHaveLength(novelCatalog(NOVEL_BOOK_ID).length);
    const cid = items[3]!.cid;
    const chapter = await rawGet(server.url, `/api/pc/getChapterContent?data=${chapterData(cid)}`);
    expect(chapter.status).toBe(200);
    expect((JSON.parse(chapter.body.toString('utf8')) as ChapterBody).data.novel.content).toBe(chapterContent(NOVEL_BOOK_ID, cid));
  });

  it('serves every chapter as several KB of Chinese text equal to data.ts', async () => {
    const contents = new Set<string>();
    for (const { cid } of novelCatalog(NOVEL_BOOK_ID)) {
      const res = await fetch(`${server.url}/api/pc/getChapterContent?data=${encodeURIComponent(chapterData(cid))}`);
      expect(res.status).toBe(200);
      const content = ((await res.json()) as ChapterBody).data.novel.content;
      expect(content).toBe(chapterContent(NOVEL_BOOK_ID, cid));
      expect(Buffer.byteLength(content)).toBeGreaterThan(3000);
      expect(content.match(/[\u4e00-\u9fff]/g)?.length ?? 0).toBeGreaterThan(1000);
      contents.add(content);
    }
    expect(contents.size).toBe(novelCatalog(NOVEL_BOOK_ID).length);
  });

  it('answers 400 with a JSON error when data is not JSON or is missing', async () => {
    for (const target of [catalogUrl('{"book_id":'), '/api/pc/getCatalog', `/api/pc/getChapterContent?data=${encodeURIComponent('[1,2]')}`]) {
      const res = await fetch(server.url + target);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { status: number }).status).toBe(400);
    }
  });

  it('answers 404 with a JSON error for an unknown book or chapter', async () => {
    const book = await fetch(server.url + catalogUrl(encodeURIComponent('{"book_id":"1"}')));
    expect(book.status).toBe(404);
    const chapter = await fetch(`${server.url}/api/pc/getChapterContent?data=${encodeURIComponent(chapterData('42'))}`);
    expect(chapter.status).toBe(404);
    expect(await chapter.json()).toMatchObject({ status: 404 });
  });
});
