// The demo's script-built pages over plain HTTP (no browser): the player page names no stream,
// and each guard of its stream refuses a request that lacks what the page's script supplies —
// a fresh code, the player page as Referer, the cookie, the segment token. The catalog's HTML
// is empty and its JSON API is the truth.
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vodCode, VOD_CODE_SOURCE } from '../../../src/demo/data/vod.js';
import { catalogItem, catalogPageIds, startDemoServer, vodPlayerPath, type DemoServer } from '../../../src/demo/index.js';

const now = (): number => Math.floor(Date.now() / 10_000);

describe('demo site: the script-built player', () => {
  let demo: DemoServer;
  let player: string;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0 });
    player = `${demo.url}${vodPlayerPath('AbR4hL2x')}`;
  });
  afterAll(() => demo.close());

  const manifestUrl = (slot: number): string => `${demo.url}/vod/AbR4hL2x/index.php?note=${vodCode('note:AbR4hL2x', slot)}&raw=1&n.m3u8`;

  it('serves a player page whose HTML holds no <video> and no manifest address', async () => {
    const html = await (await fetch(player)).text();
    expect(html).toContain('class="player" data-vid="AbR4hL2x"');
    expect(html).not.toMatch(/<video|m3u8|index\.php/i);
  });

  it("computes in the page's script the same codes as the server", async () => {
    const script = await (await fetch(`${demo.url}/vod/static/player.js`)).text();
    expect(script).toContain(VOD_CODE_SOURCE);
    const inPage = runInNewContext(`${VOD_CODE_SOURCE}; [vodCode('note:AbR4hL2x', 123456), vodCode('pass:mV8pQz3k', 7)]`) as string[];
    expect(inPage).toEqual([vodCode('note:AbR4hL2x', 123456), vodCode('pass:mV8pQz3k', 7)]);
  });

  it('answers the manifest only to a fresh code with the player page as Referer, as text/html', async () => {
    const fresh = await fetch(manifestUrl(now()), { headers: { referer: player } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await fresh.text()).toMatch(/^#EXTM3U\n[\s\S]*#EXT-X-KEY:METHOD=AES-128,URI="key\.php"[\s\S]*seg\/0\.ts\?t=[0-9a-z]{21}\n/);
    const stale = await fetch(manifestUrl(now() - 4), { headers: { referer: player } });
    expect([stale.status, await stale.text()]).toEqual([403, '403 Forbidden: the note code is missing or stale (a code lasts 30 s)\n']);
    const noReferer = await fetch(manifestUrl(now()));
    expect([noReferer.status, await noReferer.text()]).toEqual([403, '403 Forbidden: the Referer must be the player page\n']);
  });

  it('gives the key only with the cookie the script sets, and segments only with their token and the Referer', async () => {
    const playlist = await (await fetch(manifestUrl(now()), { headers: { referer: player } })).text();
    const segment = `${demo.url}/vod/AbR4hL2x/${/^(seg\/0\.ts\?t=[0-9a-z]{21})$/m.exec(playlist)![1]}`;
    const key = `${demo.url}/vod/AbR4hL2x/key.php`;
    expect((await fetch(key)).status).toBe(403);
    const withCookie = await fetch(key, { headers: { cookie: `pt_AbR4hL2x=${vodCode('pass:AbR4hL2x', now())}` } });
    expect([withCookie.status, (await withCookie.arrayBuffer()).byteLength]).toEqual([200, 16]);
    expect((await fetch(segment, { headers: { referer: player } })).status).toBe(200);
    expect((await fetch(segment)).status).toBe(403);
    expect((await fetch(segment.replace(/t=\w+/, 't=x'), { headers: { referer: player } })).status).toBe(403);
  });
});

describe('demo site: the script-built catalog', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  afterAll(() => demo.close());

  it('serves HTML shells that name no item, and the items through its JSON API', async () => {
    const list = await (await fetch(`${demo.url}/catalog/`)).text();
    const item = await (await fetch(`${demo.url}/catalog/item/5.html`)).text();
    expect(list).not.toContain(catalogItem(1)!.name);
    expect(item).toMatch(/<h1 id="name"><\/h1>[\s\S]*<span class="price"><\/span>/);
    const page = (await (await fetch(`${demo.url}/catalog/api/list/2.json`)).json()) as { items: { id: number; name: string; url: string }[]; next: string };
    expect(page.items.map((entry) => entry.id)).toEqual(catalogPageIds(2));
    expect(page.next).toBe('/catalog/?page=3');
    const five = (await (await fetch(`${demo.url}/catalog/api/item/5.json`)).json()) as { name: string; price: string };
    expect(five).toMatchObject({ name: catalogItem(5)!.name, price: catalogItem(5)!.price });
  });
});
