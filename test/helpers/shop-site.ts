// A small deterministic shop on a real local server: list pages chained by "next" links, item
// pages with a title and a price, related links between items. Used by crawl tests.
import { startServer, type TestServer } from './server.js';

export interface ShopOptions {
  readonly lists?: number;
  readonly perList?: number;
  /** Milliseconds every response waits (to make a crawl slow enough to interrupt). */
  readonly latencyMs?: number;
}

export interface Shop {
  readonly server: TestServer;
  readonly url: string;
  /** Every item the crawl must find: absolute URL -> { title, price }. */
  readonly items: Map<string, { title: string; price: string }>;
  close(): Promise<void>;
}

export async function startShop(options: ShopOptions = {}): Promise<Shop> {
  const lists = options.lists ?? 10;
  const perList = options.perList ?? 10;
  const total = lists * perList;
  const title = (id: number): string => `商品 ${id} "quoted", with comma`;
  const price = (id: number): string => `¥${(id * 7.25).toFixed(2)}`;
  const server = await startServer(async (req, res) => {
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: string | undefined;
    let match: RegExpExecArray | null;
    if (path === '/') {
      body = page('Shop', '<a href="/list/1.html">start</a>');
    } else if ((match = /^\/list\/(\d+)\.html$/.exec(path)) && Number(match[1]) <= lists) {
      const n = Number(match[1]);
      const links = Array.from({ length: perList }, (_, i) => (n - 1) * perList + i + 1)
        .map((id) => `<li><a href="/item/${id}.html">${title(id)}</a></li>`)
        .join('');
      const next = n < lists ? `<a class="next" href="/list/${n + 1}.html">next</a>` : '';
      body = page(`List ${n}`, `<ul>${links}</ul>${next}<a href="mailto:x@y">mail</a>`);
    } else if ((match = /^\/item\/(\d+)\.html$/.exec(path)) && Number(match[1]) <= total) {
      const id = Number(match[1]);
      const related = [1, 2, 3].map((k) => ((id * 7 + k * 13) % total) + 1);
      body = page(
        title(id),
        `<h1 class="title">${escape(title(id))}</h1><span class="price">${price(id)}</span>` +
          related.map((r) => `<a href="../item/${r}.html#top">related ${r}</a>`).join(' ') +
          '<a href="/list/1.html">home</a>',
      );
    }
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  const items = new Map<string, { title: string; price: string }>();
  for (let id = 1; id <= total; id++) items.set(`${server.url}/item/${id}.html`, { title: title(id), price: price(id) });
  return { server, url: server.url, items, close: () => server.close() };
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>${body}</body></html>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
