// Realistic pages for the parse tests, in the shapes of the classic lesson's jobs: a wholesale
// price table whose XPath was written for lxml, and a lazy-loaded picture gallery.

export interface PriceRow {
  readonly name: string;
  readonly low: string;
  readonly average: string;
  readonly high: string;
  readonly origin: string;
  readonly unit: string;
  readonly date: string;
}

export const PRICE_ROWS: readonly PriceRow[] = [
  { name: '大白菜', low: '0.60', average: '0.80', high: '1.00', origin: '河北', unit: '斤', date: '2024-06-01' },
  { name: '西红柿', low: '1.50', average: '2.25', high: '3.00', origin: '山东', unit: '斤', date: '2024-06-01' },
  { name: '土豆', low: '0.90', average: '1.10', high: '1.30', origin: '内蒙古', unit: '斤', date: '2024-06-01' },
  { name: '黄瓜 &amp; 青椒', low: '1.20', average: '1.60', high: '2.00', origin: '北京', unit: '斤', date: '2024-06-01' },
];

/**
 * The price table sits at /html/body/div[2]/div[4]/div[1]/table. `withTbody` writes a <tbody> in
 * the source; otherwise the rows are direct children of <table>, as on the lesson's site.
 */
export function priceTablePage(options: { withTbody: boolean }): string {
  const rows = PRICE_ROWS.map(
    (row) => `
        <tr>
          <td>${row.name}</td>
          <td>${row.low}</td>
          <td>${row.average}</td>
          <td>${row.high}</td>
          <td>${row.origin}</td>
          <td>${row.unit}</td>
          <td>${row.date}</td>
        </tr>`,
  ).join('');
  const header = `
        <tr><th>品名</th><th>最低价</th><th>平均价</th><th>最高价</th><th>产地</th><th>单位</th><th>发布日期</th></tr>`;
  const body = options.withTbody ? `\n      <tbody>${header}${rows}\n      </tbody>` : `${header}${rows}`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>北京新发地 价格行情 &ndash; 第 1 页</title>
  <style>.price-table td { padding: 2px }</style>
  <script>var page = 1; if (page < 2 && "<tr>") {}</script>
</head>
<body>
  <div class="header"><a href="/">首页</a><a href="/news/">新闻</a></div>
  <div class="main">
    <div class="crumbs">首页 &gt; 价格行情</div>
    <div class="search"><form action="/search"><input name="q"></form></div>
    <div class="notice"><!-- 公告 --><p>价格仅供参考</p></div>
    <div class="content">
      <div class="price-table">
      <table cellpadding="0" cellspacing="0">${body}
      </table>
      </div>
      <div class="pager">
        <a href="/priceindex/1.shtml">上一页</a>
        <a href="/priceindex/2.shtml">下一页</a>
      </div>
    </div>
  </div>
</body>
</html>`;
}

export const GALLERY_PICTURES = [
  { thumb: 'https://img.example.test/uploads/2024/06/01/a1.jpg', title: '山间晨雾' },
  { thumb: 'https://img.example.test/uploads/2024/06/01/b2.jpg', title: '海边日落' },
  { thumb: 'https://img.example.test/uploads/2024/06/01/c3.jpg', title: '城市夜景' },
] as const;

/** Lazy-loaded images: `src` is a placeholder, the real URL is in data-original. */
export function galleryPage(): string {
  const items = GALLERY_PICTURES.map(
    (picture, index) => `
              <li>
                <div class="item">
                  <div class="pic">
                    <a href="/detail/${index + 1}.html" title="${picture.title}">
                      <img src="/static/loading.gif" data-original="${picture.thumb}" alt="${picture.title}">
                    </a>
                  </div>
                  <p class="title"><a href="/detail/${index + 1}.html">${picture.title}</a></p>
                </div>
              </li>`,
  ).join('');
  return `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>图片 Gallery</title></head>
<body>
  <div id="pic-detail">
    <div class="layout">
      <div class="sidebar"><a href="/tags/">标签</a></div>
      <div class="main">
        <div class="filters"><a href="?sort=hot">最热</a></div>
        <div class="list">
          <ul>${items}
          </ul>
        </div>
      </div>
    </div>
  </div>
</body>
</html>`;
}
