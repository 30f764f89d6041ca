// 图片 Image gallery: lazy-loaded images, the real address is in img/@data-original.
// Run: trawl run examples/gallery.ts --demo -d images
import { defineSpider } from 'trawl';
import type { AnyNode } from 'domhandler';

const PAGES = 5;

export default defineSpider({
  name: 'gallery',
  startUrls: Array.from({ length: PAGES }, (_, i) => `/photo/list/?page=${i + 1}`),
  settings: { concurrency: 16, output: 'images.jsonl' },
  async handler(ctx) {
    // 与 lxml 教程相同的 XPath / the same XPath as the lxml lesson
    const links = ctx.xpath('//*[@id="pic-detail"]/div/div[2]/div[2]/ul/li/div/div/a') as AnyNode[];
    // 一页的图片同时下载 / one page's images download at the same time
    await Promise.all(
      links.map(async (a) => {
        const src = ctx.get('./img/@data-original', a)!; // src 只是占位图 / src is a placeholder
        const alt = ctx.get('./img/@alt', a);
        const file = await ctx.download(src);
        ctx.push({ page: ctx.request.url, alt, src, file: file.path, bytes: file.bytes });
      }),
    );
  },
});
