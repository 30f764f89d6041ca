// The front page (an entry point for every classic job, with a line on what each one is) and a
// permissive robots.txt, so crawls that honour robots rules work against the demo too.
import { CATALOG_ITEMS, hlsStream, NOVEL_BOOK_ID, PRICE_PAGES, GALLERY_PAGES, VOD_VIDEOS, videoList, vodPlayerPath } from '../data.js';
import { escapeHtml, escapeText, html, text, type Route } from '../reply.js';

interface Entry {
  readonly id: string;
  readonly title: string;
  readonly href: string;
  readonly description: string;
}

function entries(): Entry[] {
  const catalogData = JSON.stringify({ book_id: NOVEL_BOOK_ID });
  return [
    { id: 'video', title: 'Video channel', href: '/category_5', description: `${videoList().length} videos; each detail page holds srcUrl, and /videoStatus.jsp?contId=ID&mrd=R answers JSON only with the Referer of /video_ID. Its srcUrl has the system time in place of cont-ID and must be rewritten. The mp4 files support byte ranges.` },
    { id: 'gallery', title: 'Image gallery', href: '/photo/list/?page=1', description: `${GALLERY_PAGES} pages of lazy-loaded images: the real URL is in data-original, and src is a placeholder.` },
    { id: 'prices', title: 'Price table', href: '/marketanalysis/0/list/1.shtml', description: `${PRICE_PAGES} pages, 20 rows each, in a table without tbody at /html/body/div[2]/div[4]/div[1]/table. Some cells hold commas and quotes.` },
    { id: 'novel', title: 'Novel API', href: `/api/pc/getCatalog?data=${encodeURIComponent(catalogData)}`, description: `JSON catalog of book ${NOVEL_BOOK_ID}. Get each chapter with /api/pc/getChapterContent?data={"book_id":"${NOVEL_BOOK_ID}","cid":"${NOVEL_BOOK_ID}|CID","need_bookinfo":1}.` },
    { id: 'hls-lesson', title: 'HLS stream (lesson)', href: hlsStream('lesson').masterPath, description: 'A master playlist with a single variant and AES-128 segments. The key is at key.key, and the IV comes from the media sequence number.' },
    { id: 'hls-multi', title: 'HLS stream (3 variants)', href: hlsStream('multi').masterPath, description: 'Three variants. One uses an explicit IV, one an IV from a non-zero media sequence, and one rotates keys mid-playlist. URIs are relative and root-relative.' },
    { id: 'player', title: 'Player built by script', href: vodPlayerPath(VOD_VIDEOS[0]!.vid), description: 'The HTML holds no <video> and no manifest address. Its script computes a code from the clock, sets a cookie and requests index.php?note=CODE&raw=1&n.m3u8, which answers only while the code is fresh (30 s) and only with the player page as Referer. The key needs the cookie. Find it with trawl sniff.' },
    { id: 'catalog', title: 'Catalog built by script', href: '/catalog/', description: `${CATALOG_ITEMS} items on pages whose HTML is empty: a script fills the names, prices and links from a JSON API, and loads the reviews on a click. Only a rendering crawl sees them.` },
    { id: 'delay', title: 'Timing experiment', href: '/delay/100/1', description: '/delay/MS/ID answers after MS milliseconds (60000 at most). Serial, thread-pool and async clients compare here.' },
    { id: 'lesson-pages', title: 'Lesson test pages', href: '/bobo', description: '/bobo, /jay and /tom each take 2 seconds to answer, and each holds <a id="feng">.' },
    { id: 'gbk', title: 'Chinese encodings', href: '/gbk/', description: 'GBK pages (charset in the header or only in a meta tag) and a GB18030 page with characters GBK lacks.' },
    { id: 'stats', title: 'Server statistics', href: '/__stats', description: 'Requests served so far, by path prefix, as JSON.' },
  ];
}

function frontPage(): string {
  const items = entries()
    .map((e) => `<li id="job-${e.id}"><a href="${escapeHtml(e.href)}">${escapeText(e.title)}</a> — <span class="description">${escapeText(e.description)}</span></li>`)
    .join('\n');
  return `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>trawl demo site</title></head>
<body>
<h1>trawl demo site</h1>
<p>Local copies of the sites from the classic async-crawling lessons. The paths and page shapes are the ones the lessons scraped, and the content is the same on every start.</p>
<ul id="jobs">
${items}
</ul>
</body>
</html>
`;
}

export const frontRoutes: readonly Route[] = [
  { prefix: '/', matches: (p) => p === '/' || p === '/index.html', handle: () => html(frontPage()) },
  { prefix: '/robots.txt', matches: (p) => p === '/robots.txt', handle: () => text('User-agent: *\nAllow: /\n') },
];
