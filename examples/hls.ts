// HLS: master playlist -> media playlist -> AES-128 encrypted segments -> one decrypted video.
// Run: trawl run examples/hls.ts --demo -d video
import { defineSpider } from 'trawl';

export default defineSpider({
  name: 'hls',
  startUrls: ['/'],
  settings: { output: 'hls.jsonl' },
  async handler(ctx) {
    // 首页上第一个 m3u8 链接 / the first m3u8 link on the front page
    const playlist = ctx.get('a[href$=".m3u8"]::attr(href)')!;
    // 下载、解密、按顺序合并 / fetch, decrypt, join in order (8 segments at a time)
    const video = await ctx.downloadHls(playlist, { output: 'lesson.ts', concurrency: 8 });
    ctx.push({ playlist: video.playlistUrl, file: video.output, segments: video.segments, bytes: video.bytes, seconds: video.extinfSeconds });
  },
});
