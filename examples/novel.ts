// 小说 Novel: a JSON catalog API, then one JSON call per chapter, each chapter saved to its own file.
// Run: trawl run examples/novel.ts --demo -d novel
import { defineSpider } from 'trawl';

const BOOK = '4306063500';
const api = (method: string, data: object): string => `/api/pc/${method}?data=${encodeURIComponent(JSON.stringify(data))}`;

interface Catalog {
  data: { novel: { items: { title: string; cid: string }[] } };
}
interface Chapter {
  data: { novel: { content: string } };
}

export default defineSpider({
  name: 'novel',
  startUrls: [{ url: api('getCatalog', { book_id: BOOK }), label: 'catalog' }],
  settings: { concurrency: 16, output: 'chapters.jsonl' },
  routes: {
    // 目录: 每章一个请求 / catalog: one request per chapter
    catalog(ctx) {
      ctx.json<Catalog>().data.novel.items.forEach(({ title, cid }, i) => {
        const data = { book_id: BOOK, cid: `${BOOK}|${cid}`, need_bookinfo: 1 };
        ctx.enqueue({ url: api('getChapterContent', data), label: 'chapter', userData: { n: i + 1, title } });
      });
    },
    // 章节: 异步写入文件 / chapter: written to its own file, asynchronously
    async chapter(ctx) {
      const { n, title } = ctx.request.userData as { n: number; title: string };
      const content = ctx.json<Chapter>().data.novel.content;
      const file = await ctx.writeFile(`${String(n).padStart(3, '0')} ${title}.txt`, content);
      ctx.push({ n, title, file: file.path, chars: content.length });
    },
  },
});
