// The script-built catalog (see data/catalog.ts): HTML shells, the scripts that fill them, and
// the JSON API they read.
import { CATALOG_PAGES, catalogItem, catalogItemPath, catalogListPath, catalogPageIds } from '../data/catalog.js';
import { html, json, reply, type DemoRequest, type Reply, type Route } from '../reply.js';

const LIST_SCRIPT = `(function () {
var page = Number(new URLSearchParams(location.search).get('page') || '1');
fetch('/catalog/api/list/' + page + '.json').then(function (r) { return r.json(); }).then(function (d) {
  var ul = document.getElementById('items');
  d.items.forEach(function (item) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.className = 'item';
    a.href = item.url;
    a.textContent = item.name;
    li.appendChild(a);
    ul.appendChild(li);
  });
  if (d.next) {
    var next = document.createElement('a');
    next.className = 'next';
    next.href = d.next;
    next.textContent = 'Next page';
    document.getElementById('pages').appendChild(next);
  }
});
})();
`;

const ITEM_SCRIPT = `(function () {
var id = location.pathname.match(/(\\d+)\\.html$/)[1];
fetch('/catalog/api/item/' + id + '.json').then(function (r) { return r.json(); }).then(function (d) {
  document.getElementById('name').textContent = d.name;
  document.querySelector('span.price').textContent = d.price;
  document.querySelector('p.desc').textContent = d.description;
});
document.getElementById('reviews').addEventListener('click', function () {
  fetch('/catalog/api/reviews/' + id + '.json').then(function (r) { return r.json(); }).then(function (d) {
    var ul = document.getElementById('review-list');
    d.reviews.forEach(function (text) {
      var li = document.createElement('li');
      li.className = 'review';
      li.textContent = text;
      ul.appendChild(li);
    });
    ul.setAttribute('data-loaded', String(d.reviews.length));
  });
});
})();
`;

function shell(title: string, body: string, script: string): string {
  return `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
${body}
<script src="${script}"></script>
</body>
</html>
`;
}

const LIST_PAGE = shell('Catalog', '<h1>Catalog</h1>\n<ul id="items"></ul>\n<p id="pages"></p>', '/catalog/static/list.js');
const ITEM_PAGE = shell(
  'Catalog item',
  '<main>\n<h1 id="name"></h1>\n<p>Price: <span class="price"></span></p>\n<p class="desc"></p>\n<button id="reviews">Show reviews</button>\n<ul id="review-list"></ul>\n</main>',
  '/catalog/static/item.js',
);

const API = /^\/catalog\/api\/(list|item|reviews)\/(\d{1,4})\.json$/;

function handle(request: DemoRequest): Reply | undefined {
  const { path } = request;
  if (path === '/catalog/' || path === '/catalog/index.html') {
    const page = Number(request.query.get('page') ?? '1');
    return catalogPageIds(page).length > 0 ? html(LIST_PAGE) : undefined;
  }
  if (path === '/catalog/static/list.js') return reply(200, 'text/javascript; charset=utf-8', LIST_SCRIPT);
  if (path === '/catalog/static/item.js') return reply(200, 'text/javascript; charset=utf-8', ITEM_SCRIPT);
  const itemPage = /^\/catalog\/item\/(\d{1,4})\.html$/.exec(path);
  if (itemPage) return catalogItem(Number(itemPage[1])) ? html(ITEM_PAGE) : undefined;
  const api = API.exec(path);
  if (!api) return undefined;
  const n = Number(api[2]);
  if (api[1] === 'list') {
    const ids = catalogPageIds(n);
    if (ids.length === 0) return undefined;
    return json({
      page: n,
      items: ids.map((id) => ({ id, name: catalogItem(id)!.name, url: catalogItemPath(id) })),
      next: n < CATALOG_PAGES ? catalogListPath(n + 1) : null,
    });
  }
  const item = catalogItem(n);
  if (!item) return undefined;
  return api[1] === 'item' ? json({ id: item.id, name: item.name, price: item.price, description: item.description }) : json({ id: item.id, reviews: item.reviews });
}

export const catalogRoutes: readonly Route[] = [{ prefix: '/catalog/', matches: (p) => p.startsWith('/catalog/'), handle }];
