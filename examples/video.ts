// 视频 Video channel: list page -> ids -> JSON status API (needs a Referer) -> rewrite the mp4 URL -> download.
// Run: trawl run examples/video.ts --demo -d videos
import { defineSpider, type CrawlContext } from 'trawl';
import type { AnyNode } from 'domhandler';

interface VideoStatus {
  systemTime: string;
  videoInfo: { videos: { srcUrl: string } };
}

export default defineSpider({
  name: 'video',
  startUrls: [{ url: '/category_5', label: 'list' }],
  settings: { concurrency: 8, output: 'videos.jsonl' },
  routes: {
    // 列表页: 每个 li 给出 video_ID 和标题 / list page: each li gives video_ID and a title
    list(ctx: CrawlContext) {
      for (const li of ctx.xpath('//ul[@id="listvideoListUl"]/li') as AnyNode[]) {
        const href = ctx.get('./div/a/@href', li)!; // video_1737592
        const title = ctx.get('./div/a/div[2]/text()', li)!;
        const id = href.split('_')[1]!;
        ctx.enqueue({
          url: `/videoStatus.jsp?contId=${id}&mrd=${Math.random()}`,
          uniqueKey: `status-${id}`, // mrd is random: dedupe on the id instead
          headers: { referer: new URL(href, ctx.response.url).href }, // 没有 Referer 会被拒绝 / refused without it
          label: 'status',
          userData: { id, title },
        });
      }
    },
    // 状态接口: srcUrl 里的 systemTime 要换成 cont-ID / the API's srcUrl needs systemTime -> cont-ID
    async status(ctx: CrawlContext) {
      const { id, title } = ctx.request.userData as { id: string; title: string };
      const status = ctx.json<VideoStatus>();
      const url = status.videoInfo.videos.srcUrl.replace(status.systemTime, `cont-${id}`);
      const file = await ctx.download(url, { name: `${title}.mp4` });
      ctx.push({ id, title, url, file: file.path, bytes: file.bytes });
    },
  },
});
