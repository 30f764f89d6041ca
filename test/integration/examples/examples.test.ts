// Every example spider, run with `trawl run examples/<job>.ts --demo`, against the bundled demo
// site, checked against the demo site's own truth (src/demo/data.ts): exact rows, texts, hashes.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chapterContent,
  galleryImages,
  galleryImageSha256,
  GALLERY_PAGES,
  hlsStream,
  novelCatalog,
  NOVEL_BOOK_ID,
  PRICE_PAGES,
  priceRows,
  videoFileSha256,
  videoList,
} from '../../../src/demo/data.js';
import { sanitizeFilename } from '../../../src/sinks/index.js';
import { runCli } from '../../helpers/cli.js';
import { parseCsv } from '../../helpers/csv.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');
let dir: string;

afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function runExample(name: string, extra: string[] = []): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), `trawl-example-${name}-`));
  const result = await runCli(['run', join(EXAMPLES, `${name}.ts`), '--demo', '-d', 'files', '--quiet', ...extra], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return dir;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const jsonLines = (file: string): Record<string, unknown>[] =>
  readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the example spiders against the demo site', () => {
  it('video: downloads every mp4 of the channel through the status API, byte for byte', async () => {
    const out = await runExample('video');
    const files = readdirSync(join(out, 'files')).sort();
    const videos = videoList();
    expect(files).toEqual(videos.map((video) => sanitizeFilename(`${video.title}.mp4`)).sort());
    for (const video of videos) {
      expect(sha256(join(out, 'files', sanitizeFilename(`${video.title}.mp4`)))).toBe(videoFileSha256(video.id));
    }
    expect(jsonLines(join(out, 'videos.jsonl')).map((item) => item.id).sort()).toEqual(videos.map((v) => v.id).sort());
  });

  it('gallery: saves every lazy-loaded image (img/@data-original), not the placeholder', async () => {
    const out = await runExample('gallery');
    const expected = Array.from({ length: GALLERY_PAGES }, (_, i) => galleryImages(i + 1)).flat();
    const files = readdirSync(join(out, 'files')).sort();
    expect(files).toEqual(expected.map((image) => image.name).sort());
    for (const image of expected) expect(sha256(join(out, 'files', image.name))).toBe(galleryImageSha256(image.name));
  });

  it('prices: writes all 200 pages x 20 rows to CSV, commas, quotes and Chinese intact', async () => {
    const out = await runExample('prices', ['-o', 'prices.csv']);
    const [header, ...rows] = parseCsv(readFileSync(join(out, 'prices.csv'), 'utf8'));
    expect(header).toEqual(['page', 'product', 'low', 'average', 'high', 'unit', 'date']);
    const expected = Array.from({ length: PRICE_PAGES }, (_, i) =>
      priceRows(i + 1).map((row) => [String(i + 1), row.product, row.low, row.average, row.high, row.unit, row.date].join('\u0001')),
    ).flat();
    expect(rows.map((row) => row.join('\u0001')).sort()).toEqual(expected.sort());
  });

  it('novel: one text file per chapter, with the chapter text exactly', async () => {
    const out = await runExample('novel');
    const catalog = novelCatalog(NOVEL_BOOK_ID);
    const files = readdirSync(join(out, 'files')).sort();
    expect(files).toHaveLength(catalog.length);
    catalog.forEach((chapter, i) => {
      const name = sanitizeFilename(`${String(i + 1).padStart(3, '0')} ${chapter.title}.txt`);
      expect(readFileSync(join(out, 'files', name), 'utf8')).toBe(chapterContent(NOVEL_BOOK_ID, chapter.cid));
    });
  });

  it('hls: joins the decrypted segments of the lesson stream into one file, byte for byte', async () => {
    const out = await runExample('hls');
    const variant = hlsStream('lesson').variants[0]!;
    expect(sha256(join(out, 'files', 'lesson.ts'))).toBe(variant.plainSha256);
  });
});
