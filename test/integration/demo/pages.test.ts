import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GALLERY_PAGES,
  PLACEHOLDER_PATH,
  PRICE_HEADER,
  PRICE_PAGES,
  galleryImageBytes,
  galleryImages,
  placeholderBytes,
  priceCells,
  priceRows,
  startDemoServer,
  type DemoServer,
} from '../../../src/demo/index.js';
import { findAll, parseHtml, sha256, textNodes, walk } from './helpers.js';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('image gallery', () => {
  it('answers the lesson XPath //*[@id="pic-detail"]/div/div[2]/div[2]/ul/li/div/div/a → ./img/@data-original on every page', async () => {
    for (let page = 1; page <= GALLERY_PAGES; page++) {
      const doc = parseHtml(await (await fetch(`${server.url}/photo/list/?page=${page}`)).text());
      const root = findAll(doc, (el) => el.attribs.id === 'pic-detail');
      expect(root).toHaveLength(1);
      const anchors = walk(root, 'div/div[2]/div[2]/ul/li/div/div/a');
      expect(anchors).toHaveLength(galleryImages(page).length);
      const images = anchors.map((a) => walk(a, 'img'));
      expect(images.map((imgs) => imgs.map((img) => img.attribs['data-original']))).toEqual(
        galleryImages(page).map((image) => [`${server.url}${image.path}`]),
      );
      for (const [img] of images) expect(img!.attribs.src).toBe(PLACEHOLDER_PATH);
    }
  });

  it('names every image uniquely across pages', () => {
    const names = Array.from({ length: GALLERY_PAGES }, (_, i) => galleryImages(i + 1).map((image) => image.name)).flat();
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(GALLERY_PAGES * 10);
  });

  it('serves each image as a distinct PNG of a few KB with type image/png', async () => {
    const hashes = new Set<string>();
    for (const image of [...galleryImages(1), ...galleryImages(GALLERY_PAGES)]) {
      const res = await fetch(`${server.url}${image.path}`);
      expect(res.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(bytes.readUInt32BE(16)).toBe(image.width);
      expect(bytes.length).toBeGreaterThan(500);
      expect(bytes.length).toBeLessThan(20_000);
      expect(bytes.equals(galleryImageBytes(image.name)!)).toBe(true);
      hashes.add(sha256(bytes));
    }
    expect(hashes.size).toBe(galleryImages(1).length * 2);
    const placeholder = await fetch(`${server.url}${PLACEHOLDER_PATH}`);
    expect(Buffer.from(await placeholder.arrayBuffer()).equals(placeholderBytes())).toBe(true);
  });

  it('answers 404 past the last page and for unknown image names', async () => {
    expect((await fetch(`${server.url}/photo/list/?page=${GALLERY_PAGES + 1}`)).status).toBe(404);
    expect((await fetch(`${server.url}/photo/list/?page=abc`)).status).toBe(404);
    expect((await fetch(`${server.url}/uploads/allimg/230815/p1-01-000000.png`)).status).toBe(404);
  });
});

describe('price table', () => {
  async function table(page: number) {
    const html = await (await fetch(`${server.url}/marketanalysis/0/list/${page}.shtml`)).text();
    return { html, tables: walk(parseHtml(html), 'html/body/div[2]/div[4]/div[1]/table') };
  }

  it('has, at /html/body/div[2]/div[4]/div[1]/table, one header row and 20 rows without tbody', async () => {
    for (const page of [1, 2, 137, PRICE_PAGES]) {
      const { html, tables } = await table(page);
      expect(html).not.toMatch(/<tbody/i);
      expect(tables).toHaveLength(1);
      const rows = walk(tables, 'tr');
      expect(rows).toHaveLength(21);
      const cells = rows.map((tr) => walk(tr, 'td').flatMap(textNodes));
      expect(cells[0]).toEqual([...PRICE_HEADER]);
      expect(cells.slice(1)).toEqual(priceRows(page).map((row) => [...priceCells(row)]));
    }
  });

  it('holds values with commas, double quotes and Chinese text that a CSV writer must quote', async () => {
    const rows = Array.from({ length: PRICE_PAGES }, (_, i) => priceRows(i + 1)).flat();
    expect(rows).toHaveLength(PRICE_PAGES * 20);
    expect(rows.some((row) => row.product === '白菜（"精品"）')).toBe(true);
    expect(rows.some((row) => row.unit === '斤,箱')).toBe(true);
    for (let page = 1; page <= PRICE_PAGES; page++) {
      expect(priceRows(page).some((row) => /[,"]/.test(row.product))).toBe(true);
    }
    const { tables } = await table(1);
    const texts = walk(tables, 'tr/td').flatMap(textNodes);
    expect(texts.some((t) => t.includes(','))).toBe(true);
  });

  it('links page to page and answers 404 outside 1..200', async () => {
    const { html } = await table(1);
    expect(html).toContain('href="/marketanalysis/0/list/2.shtml"');
    expect((await fetch(`${server.url}/marketanalysis/0/list/${PRICE_PAGES + 1}.shtml`)).status).toBe(404);
    expect((await fetch(`${server.url}/marketanalysis/0/list/0.shtml`)).status).toBe(404);
  });

  it('gives the same content on every start', async () => {
    const other = await startDemoServer();
    try {
      const a = await (await fetch(`${server.url}/marketanalysis/0/list/42.shtml`)).text();
      const b = await (await fetch(`${other.url}/marketanalysis/0/list/42.shtml`)).text();
      expect(b).toBe(a);
    } finally {
      await other.close();
    }
  });
});
