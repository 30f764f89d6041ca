// 脚本生成的播放器 A player built by script: the page's HTML has no <video> and no manifest
// address. Its script computes a real-time code, sets a cookie and requests
// index.php?note=<code>&raw=1&n.m3u8, which answers only with a fresh code and the player page
// as Referer; the key needs the cookie. Open the page in headless Chromium, catch that request,
// and download the stream sending what the browser sent.
// Run: trawl run examples/player.ts --demo -d video      (needs Chromium: apt-get install chromium)
import { defineSpider, resolvePageStream } from 'trawl';

export default defineSpider({
  name: 'player',
  startUrls: ['/vod/play/AbR4hL2x.html'],
  settings: { output: 'player.jsonl' },
  async handler(ctx) {
    // 打开页面, 抓到它请求的 m3u8 / open the page, catch the m3u8 it requests
    const stream = await resolvePageStream(ctx.response.url, { types: ['hls'] });
    // 带上浏览器发送的 Referer、Cookie、User-Agent 下载 / download with the browser's Referer, cookies, User-Agent
    const video = await ctx.downloadHls(stream.manifestUrl, { output: 'player.ts', headers: stream.headers });
    ctx.push({
      page: ctx.response.url,
      manifest: stream.manifestUrl,
      foundAfterMs: stream.media.atMs,
      file: video.output,
      segments: video.segments,
      bytes: video.bytes,
    });
  },
});
