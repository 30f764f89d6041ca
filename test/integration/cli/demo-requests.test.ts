// `trawl demo`'s table counts every HTTP request each job sends — pages, API calls, the files it
// downloads, playlists, keys and segments — and the demo site, which counts what it answers,
// agrees.
import { describe, expect, it } from 'vitest';
import { trawl, workDir } from './helpers.js';

describe('trawl demo', () => {
  it('counts every request a job makes, downloads included, as many as the demo site answered', async () => {
    // No browser: the sixth job (headless Chromium) is left out of this run.
    const result = await trawl(workDir(), ['demo', '--latency', '0', '--no-serial', '--out', 'out'], { TRAWL_BROWSER: '/nonexistent/chromium' });
    expect(result.code, result.stderr).toBe(0);
    const requests = (job: string): number => {
      const row = result.stdout.split('\n').find((line) => line.startsWith(`${job} `));
      return Number(row?.trim().split(/\s+/)[1]);
    };
    // video: the list page, 5 status API calls, 5 mp4 downloads.
    expect(requests('video')).toBe(11);
    // gallery: 5 list pages and 60 images; hls: master and media playlists, the key, the segments.
    expect(requests('gallery')).toBe(65);
    expect(requests('hls')).toBeGreaterThan(3);
    const answered = Number(/the demo site answered (\d+) in all/.exec(result.stdout)?.[1]);
    expect(requests('all')).toBe(answered);
    expect(requests('all')).toBe(['video', 'gallery', 'prices', 'novel', 'hls'].reduce((sum, job) => sum + requests(job), 0));
  });
});
