// 价格表 Price table: 200 pages, one table each, saved to CSV.
// Run: trawl run examples/prices.ts --demo -o prices.csv
import { defineSpider } from 'trawl';
import type { AnyNode } from 'domhandler';

const PAGES = 200;

export default defineSpider({
  name: 'prices',
  startUrls: Array.from({ length: PAGES }, (_, i) => `/marketanalysis/0/list/${i + 1}.shtml`),
  settings: {
    concurrency: 32,
    output: 'prices.csv',
    fields: ['page', 'product', 'low', 'average', 'high', 'unit', 'date'],
  },
  handler(ctx) {
    const page = Number(/list\/(\d+)\.shtml/.exec(ctx.request.url)![1]);
    // 与 lxml 教程相同: 表格, 跳过表头, 每行的 td / as in the lxml lesson: table, skip the header, each row's td
    const [table] = ctx.xpath('/html/body/div[2]/div[4]/div[1]/table') as AnyNode[];
    for (const tr of ctx.xpath('./tr[position()>1]', table) as AnyNode[]) {
      const [product, low, average, high, unit, date] = ctx.getAll('./td/text()', tr);
      ctx.push({ page, product, low, average, high, unit, date });
    }
  },
});
