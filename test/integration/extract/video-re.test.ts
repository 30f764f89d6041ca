// The lessons' regular expression from the command line: the mp4 address of every demo video,
// taken out of the detail page's script with `--extract 'src=::re(srcUrl="(.*?)",vdoUrl)'` (the
// `=` inside the pattern stays in it: only the first `=` of --extract splits name from selector).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, videoList, type DemoServer } from '../../../src/demo/index.js';
import { byUrl, jsonLines, trawl, workDir } from '../cli/helpers.js';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await demo.close();
});

describe('trawl crawl --extract with ::re() on the demo video pages', () => {
  it('gives each video page\'s srcUrl from its script, and the title next to it', async () => {
    const result = await trawl(workDir(), [
      'crawl', `${demo.url}/category_5`, '--follow', 'a.vervideo-lilink', '--match', '/video_\\d+$',
      '--extract', 'src=::re(srcUrl="(.*?)",vdoUrl)', '--extract', 'title=h1.video-tt', '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(byUrl(jsonLines(result.stdout))).toEqual(
      byUrl(videoList().map((video) => ({ url: `${demo.url}/video_${video.id}`, src: `${demo.url}${video.mp4Path}`, title: video.title }))),
    );
  });
});
