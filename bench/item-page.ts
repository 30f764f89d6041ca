// A ~15 KB product page shaped like the bench site's item pages
// (/work/shared/bench/servers/gen_site.py), generated deterministically for the parse benchmarks.

const WORDS_ZH = ['红色', '蓝色', '黑色', '白色', '手机壳', '耳机', '充电器', '数据线', '键盘', '鼠标', '显示器', '笔记本'];
const WORDS_EN = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut ' +
  'labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris').split(' ');
const CATS = ['electronics', 'home', 'outdoor', 'office', 'kitchen', 'toys', 'books', 'garden'];

// mulberry32: a small deterministic generator so every run parses the same pages.
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

/** The ~15 KB item page `id`, the same bytes on every run. */
export function itemPage(id: number): string {
  const r = rng(id * 7919);
  const pick = <T>(list: readonly T[]): T => list[r(list.length)] as T;
  const sentence = (n: number): string => {
    const words = Array.from({ length: n }, () => pick(WORDS_EN)).join(' ');
    return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
  };
  const para = (n: number): string => Array.from({ length: n }, () => sentence(8 + r(9))).join(' ');
  const title = `商品 ${String(id).padStart(5, '0')} ${pick(WORDS_ZH)} ${pick(WORDS_ZH)} ${pick(WORDS_EN)}`;
  const price = `¥${5 + r(9995)}.${String(r(100)).padStart(2, '0')}`;
  const out: string[] = [];
  out.push(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - 比价网 Bench Shop</title>
<meta name="description" content="${sentence(20)}">
<link rel="stylesheet" href="/static/site.css">
<link rel="canonical" href="/item/${id}.html">
<style>
body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222}.nav a{margin:0 6px;color:#06c}
.wrap{max-width:1080px;margin:0 auto;padding:12px}table.spec td,table.spec th{border:1px solid #ddd;padding:4px 8px}
.price{color:#c00;font-weight:bold;font-size:1.4em}.related li{display:inline-block;margin:4px}
footer{background:#f4f4f4;padding:16px;font-size:.85em;color:#666}
</style>
<script>window.__BENCH__={"page":"item","id":${id}};</script>
</head>
<body>
`);
  const nav = ['<a href="/list/1.html">首页 Home</a>'];
  CATS.forEach((cat, i) => nav.push(`<a href="/list/${1 + i * 7}.html" data-cat="${cat}">${cat}</a>`));
  nav.push('<a href="/list/1.html?sort=price">价格 Price</a>', '<a href="/list/1.html?sort=new">新品 New</a>');
  out.push(`<header class="top"><div class="wrap"><div class="logo">Bench Shop 比价网</div>
<nav class="nav">${nav.join('\n')}</nav>
<form class="search" action="/search" method="get"><input name="q" placeholder="搜索 search"><button type="submit">Go</button></form></div></header>
`);
  out.push(`<div class="wrap"><div class="crumbs"><a href="/list/1.html">Home</a> &gt; <span>${CATS[id % 8]}</span> &gt; <span>${id}</span></div>\n`);
  out.push(`<div class="product" id="p${id}">\n<h1 class="title">${title}</h1>\n`);
  out.push(`<div class="buy"><span class="label">价格:</span> <span class="price">${price}</span> <span class="stock">有货 In stock</span> <button class="cart" data-id="${id}">加入购物车</button></div>\n`);
  out.push('<div class="desc">\n');
  for (let i = 0, n = 11 + r(5); i < n; i += 1) out.push(`<p>${para(5 + r(4))}</p>\n`);
  out.push('</div>\n<table class="spec"><thead><tr><th>参数 Spec</th><th>值 Value</th><th>备注 Note</th></tr></thead><tbody>\n');
  for (let i = 0, n = 40 + r(11); i < n; i += 1) {
    out.push(`<tr><td>spec-${String(i).padStart(2, '0')} ${pick(WORDS_EN)}</td><td>${pick(WORDS_ZH)} ${1 + r(1000)}</td><td>${sentence(4)}</td></tr>\n`);
  }
  out.push('</tbody></table>\n<div class="related"><h2>相关商品 Related</h2><ul>\n');
  for (let i = 0; i < 10; i += 1) {
    const other = 1 + r(20000);
    out.push(`<li><a href="/item/${other}.html">Item ${other}</a></li>\n`);
  }
  out.push('</ul></div>\n</div>\n<div class="reviews"><h2>评论 Reviews</h2>\n');
  for (let i = 0, n = 3 + r(3); i < n; i += 1) {
    out.push(`<div class="review"><b>user${r(99999)}</b> <i>${1 + r(5)}/5</i><p>${para(2)}</p></div>\n`);
  }
  out.push('</div></div>\n<footer><div class="wrap"><p>&copy; 2024 Bench Shop. 本站所有数据均为测试生成 (all data is synthetic).</p>' +
    '<p><a href="/list/1.html">Home</a> | <span>About</span> | <span>Contact</span> | <span>Privacy</span></p></div></footer>\n</body>\n</html>\n');
  return out.join('');
}
