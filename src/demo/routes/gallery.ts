// The image gallery: lazy-loaded list pages whose markup answers the lesson's lxml XPath
// //*[@id="pic-detail"]/div/div[2]/div[2]/ul/li/div/div/a then ./img/@data-original, and the
// PNG files themselves.
import { findGalleryImage, GALLERY_PAGES, galleryImageBytes, galleryImages, PLACEHOLDER_PATH, placeholderBytes } from '../data.js';
import { sha256Hex } from '../prng.js';
import { escapeHtml, escapeText, file, html, type DemoRequest, type Route } from '../reply.js';

const LAST_MODIFIED = new Date(Date.UTC(2023, 7, 15, 8, 0, 0)).toUTCString();

function pager(page: number): string {
  const link = (n: number, label: string): string => `<a href="/photo/list/?page=${n}">${label}</a>`;
  const parts = [];
  if (page > 1) parts.push(link(page - 1, '上一页'));
  for (let n = 1; n <= GALLERY_PAGES; n++) parts.push(n === page ? `<b>${n}</b>` : link(n, String(n)));
  if (page < GALLERY_PAGES) parts.push(link(page + 1, '下一页'));
  return parts.join('');
}

// The nesting is the contract: #pic-detail > div > div[2] > div[2] > ul > li > div > div > a > img.
// Only the .thumb div holds an <a>, so the XPath's last steps match one <a> per <li>.
function listPage(request: DemoRequest, page: number): string {
  const items = galleryImages(page)
    .map((image) => {
      const url = `${request.base}${image.path}`;
      return `<li><div class="item"><div class="thumb"><a href="${url}" target="_blank" title="${escapeHtml(image.alt)}"><img src="${PLACEHOLDER_PATH}" data-original="${url}" alt="${escapeHtml(image.alt)}" width="${image.width}" height="${image.height}"></a></div><p class="name">${escapeText(image.alt)}</p></div></li>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>4K壁纸_第${page}页_图片站（演示）</title>
</head>
<body>
<div class="header"><div class="logo"><a href="/">图片站（演示）</a></div></div>
<div id="pic-detail">
<div class="container">
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/photo/list/?page=1">4K壁纸</a></div>
<div class="main clearfix">
<div class="filter"><span>分类：</span><a href="/photo/list/?page=1">全部</a></div>
<div class="list">
<ul class="clearfix">
${items}
</ul>
</div>
<div class="page">${pager(page)}</div>
</div>
</div>
</div>
<script>/* images load when scrolled into view: src holds a placeholder, data-original the image */</script>
</body>
</html>
`;
}

export const galleryRoutes: readonly Route[] = [
  {
    prefix: '/photo/list/',
    matches: (p) => p === '/photo/list/' || p === '/photo/list',
    handle: (r) => {
      const raw = r.query.get('page') ?? '1';
      const page = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!(page >= 1 && page <= GALLERY_PAGES)) return undefined;
      return html(listPage(r, page));
    },
  },
  {
    prefix: '/uploads/',
    matches: (p) => p.startsWith('/uploads/allimg/230815/'),
    handle: (r) => {
      const name = r.path.slice('/uploads/allimg/230815/'.length);
      const bytes = findGalleryImage(name) && galleryImageBytes(name);
      return bytes && file(bytes, 'image/png', sha256Hex(bytes).slice(0, 32), LAST_MODIFIED);
    },
  },
  {
    prefix: '/static/',
    matches: (p) => p === PLACEHOLDER_PATH,
    handle: () => file(placeholderBytes(), 'image/png', sha256Hex(placeholderBytes()).slice(0, 32), LAST_MODIFIED),
  },
];
