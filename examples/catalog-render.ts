// 脚本生成的商品目录 A catalog built by script, for crawls that render pages in Chromium: every
// page's HTML is an empty shell that a script fills from a JSON API — the item links, the next
// page link, each item's name and price — and the reviews load only when "Show reviews" is
// clicked. Without rendering this spider finds nothing; rendered, ctx.$ / ctx.get() read the DOM
// the scripts built, and ctx.page (the live Chromium page) can click.
// Run: trawl run examples/catalog-render.ts --demo (settings.render renders both routes)
import { defineSpider } from 'trawl';

export default defineSpider({
  name: 'catalog-render',
  startUrls: [{ url: '/catalog/', label: 'list' }],
  // Both routes need the browser: list links and item fields are built by script.
  settings: { concurrency: 8, output: 'catalog.jsonl', render: ['list', 'item'] },
  routes: {
    // 列表页: 链接由脚本生成 / list pages: the links are built by the script
    list(ctx) {
      ctx.enqueueLinks({ selector: 'a.item', label: 'item' });
      ctx.enqueueLinks({ selector: 'a.next', label: 'list' });
    },
    // 商品页: 名称和价格来自 JSON 接口; 点击后才加载评论 / item pages: name and price from the JSON API; reviews on a click
    async item(ctx) {
      const page = ctx.page;
      let reviews: string[] = [];
      if (page) {
        await page.click('#reviews');
        await page.waitForSelector('#review-list[data-loaded]', { state: 'attached' });
        reviews = await page.locator('li.review').allTextContents();
      }
      ctx.push({ url: ctx.response.url, name: ctx.get('h1#name'), price: ctx.get('span.price'), reviews });
    },
  },
});
