// Cookies: stored from every response, including each hop of a redirect chain, and sent back
// to the URLs they belong to.
import { describe, expect, it } from 'vitest';
import { fetcher, server } from './fixtures.js';

describe('Fetcher cookies', () => {
  it('sends a cookie set by one response with the next request', async () => {
    const site = await server((req, res) => {
      if (req.url === '/login') res.writeHead(200, { 'set-cookie': ['session=abc; Path=/', 'theme=dark'] }).end();
      else res.writeHead(200).end(req.headers.cookie ?? '');
    });
    const client = fetcher();
    expect((await client.fetch({ url: `${site.url}/before` })).text).toBe('');
    const login = await client.fetch({ url: `${site.url}/login` });
    expect(login.headers['set-cookie']).toBe('session=abc; Path=/\ntheme=dark');
    expect((await client.fetch({ url: `${site.url}/me` })).text).toBe('session=abc; theme=dark');
    expect(client.getCookieString(`${site.url}/`)).toBe('session=abc; theme=dark');
  });

  it('keeps a cookie set by a redirect response for the next hop', async () => {
    const site = await server((req, res) => {
      if (req.url === '/enter') res.writeHead(302, { location: '/inside', 'set-cookie': 'ticket=42; Path=/' }).end();
      else res.writeHead(200).end(req.headers.cookie ?? 'no cookie');
    });
    const result = await fetcher().fetch({ url: `${site.url}/enter` });
    expect(result.text).toBe('ticket=42');
  });

  it('sends a cookie only to the paths it was set for', async () => {
    const site = await server((req, res) => {
      if (req.url === '/admin/login') res.writeHead(200, { 'set-cookie': 'admin=1; Path=/admin' }).end();
      else res.writeHead(200).end(req.headers.cookie ?? '');
    });
    const client = fetcher();
    await client.fetch({ url: `${site.url}/admin/login` });
    expect((await client.fetch({ url: `${site.url}/admin/panel` })).text).toBe('admin=1');
    expect((await client.fetch({ url: `${site.url}/public` })).text).toBe('');
  });

  it('merges a Cookie header given with the request with the jar\'s cookies', async () => {
    const site = await server((req, res) => {
      if (req.url === '/set') res.writeHead(200, { 'set-cookie': 'jar=1' }).end();
      else res.writeHead(200).end(req.headers.cookie ?? '');
    });
    const client = fetcher();
    await client.fetch({ url: `${site.url}/set` });
    expect((await client.fetch({ url: `${site.url}/`, headers: { Cookie: 'own=2' } })).text).toBe('own=2; jar=1');
  });

  it('neither stores nor sends cookies when cookies is false', async () => {
    const site = await server((req, res) => {
      res.writeHead(200, { 'set-cookie': 'a=1' }).end(req.headers.cookie ?? '');
    });
    const client = fetcher({ cookies: false });
    await client.fetch({ url: site.url });
    expect((await client.fetch({ url: site.url })).text).toBe('');
    expect(client.getCookieString(site.url)).toBe('');
  });
});
