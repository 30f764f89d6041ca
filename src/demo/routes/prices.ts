// The price table: /marketanalysis/0/list/<1..200>.shtml, a whole realistic page whose only
// table sits at /html/body/div[2]/div[4]/div[1]/table, written without <tbody> as the real site
// did, so lxml-style XPath with ./tr works unchanged.
import { PRICE_HEADER, PRICE_PAGES, priceCells, priceRows } from '../data.js';
import { escapeText, html, type Route } from '../reply.js';

function row(cells: readonly string[]): string {
  return `<tr>${cells.map((cell) => `<td>${escapeText(cell)}</td>`).join('')}</tr>`;
}

function pager(page: number): string {
  const link = (n: number, label: string): string => `<a href="/marketanalysis/0/list/${n}.shtml">${label}</a>`;
  return [
    `共${PRICE_PAGES}页`,
    link(1, '首页'),
    page > 1 ? link(page - 1, '上一页') : '<span>上一页</span>',
    page < PRICE_PAGES ? link(page + 1, '下一页') : '<span>下一页</span>',
    link(PRICE_PAGES, '尾页'),
  ].join(' ');
}

function pricePage(page: number): string {
  const rows = priceRows(page).map((r) => row(priceCells(r))).join('\n');
  // body > div[1] .top | div[2] .wrap > (div.logo, div.nav, div.crumb, div.hangq > div.hangq_left > table)
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>价格行情_第${page}页_农产品批发市场（演示）</title>
<meta name="keywords" content="蔬菜价格,水果价格,批发价格">
</head>
<body>
<div class="top"><span>欢迎访问农产品批发市场（演示站点）</span><a href="/">返回首页</a></div>
<div class="wrap">
<div class="logo"><a href="/">农产品批发市场</a></div>
<div class="nav"><a href="/">首页</a><a href="/marketanalysis/0/list/1.shtml">价格行情</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; 价格行情 &gt; 第${page}页</div>
<div class="hangq clearfix">
<div class="hangq_left">
<table class="hq_table" width="100%" border="0" cellspacing="0" cellpadding="0">
${row(PRICE_HEADER)}
${rows}
</table>
<div class="page">${pager(page)}</div>
</div>
<div class="hangq_right"><h3>说明</h3><p>价格单位为元，数据仅供演示。</p></div>
</div>
</div>
<div class="footer">© 演示站点，内容由 trawl 生成</div>
</body>
</html>
`;
}

export const priceRoutes: readonly Route[] = [
  {
    prefix: '/marketanalysis/',
    matches: (p) => p.startsWith('/marketanalysis/'),
    handle: (r) => {
      const match = /^\/marketanalysis\/0\/list\/([1-9]\d*)\.shtml$/.exec(r.path);
      const page = match ? Number(match[1]) : 0;
      return page >= 1 && page <= PRICE_PAGES ? html(pricePage(page)) : undefined;
    },
  },
];
