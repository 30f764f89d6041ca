// Redirects: relative Location, the chain in the result, loops, limits, schemes, method rewrites.
import { describe, expect, it } from 'vitest';
import { RedirectError } from '../../../src/errors/index.js';
import type { FetchEvent } from '../../../src/http/index.js';
import { fetcher, rejection, server } from './fixtures.js';

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
  });
}

describe('Fetcher redirects', () => {
  it('follows a chain with relative Locations and reports every URL in order', async () => {
    const site = await server((req, res) => {
      if (req.url === '/dir/start') res.writeHead(302, { location: 'next?x=1' }).end();
      else if (req.url === '/dir/next?x=1') res.writeHead(301, { location: '/final' }).end();
      else if (req.url === '/final') res.writeHead(200).end('done');
      else res.writeHead(404).end();
    });
    const client = fetcher();
    const events: FetchEvent[] = [];
    client.events.on((event) => events.push(event));
    const result = await client.fetch({ url: `${site.url}/dir/start` });
    expect(result.status).toBe(200);
    expect(result.text).toBe('done');
    expect(result.url).toBe(`${site.url}/final`);
    expect(result.redirects).toEqual([`${site.url}/dir/start`, `${site.url}/dir/next?x=1`, `${site.url}/final`]);
    expect(events.filter((event) => event.type === 'redirect')).toEqual([
      { type: 'redirect', from: `${site.url}/dir/start`, to: `${site.url}/dir/next?x=1`, status: 302 },
      { type: 'redirect', from: `${site.url}/dir/next?x=1`, to: `${site.url}/final`, status: 301 },
    ]);
  });

  it('detects a loop as soon as a URL comes round again', async () => {
    const site = await server((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end();
    });
    const error = await rejection(fetcher().fetch({ url: `${site.url}/a` }));
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).problem).toBe('loop');
    expect((error as RedirectError).chain).toEqual([`${site.url}/a`, `${site.url}/b`, `${site.url}/a`]);
    expect(site.hits.get('/a')).toBe(1);
  });

  it('stops after maxRedirects', async () => {
    const site = await server((req, res) => {
      const n = Number(req.url!.slice(1));
      res.writeHead(307, { location: `/${n + 1}` }).end();
    });
    const error = (await rejection(fetcher({ maxRedirects: 3 }).fetch({ url: `${site.url}/0` }))) as RedirectError;
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.problem).toBe('too-many');
    expect(site.log.map((entry) => entry.path)).toEqual(['/0', '/1', '/2', '/3']);
    expect(error.chain.at(-1)).toBe(`${site.url}/4`);
  });

  it('refuses a redirect to ftp: without requesting anything else', async () => {
    const site = await server((_req, res) => {
      res.writeHead(301, { location: 'ftp://files.example/pub/file.zip' }).end();
    });
    const error = (await rejection(fetcher().fetch({ url: `${site.url}/download` }))) as RedirectError;
    expect(error.problem).toBe('bad-scheme');
    expect(error.message).toContain('ftp://files.example/pub/file.zip');
    expect(site.log).toHaveLength(1);
  });

  it('reports a redirect without Location as bad-location', async () => {
    const site = await server((_req, res) => {
      res.writeHead(302).end();
    });
    const error = (await rejection(fetcher().fetch({ url: site.url }))) as RedirectError;
    expect(error.problem).toBe('bad-location');
  });

  it('turns a POST answered by 303 into a GET without body', async () => {
    const seen: { method: string; url: string; body: string; type: string | undefined }[] = [];
    const site = await server(async (req, res) => {
      seen.push({ method: req.method!, url: req.url!, body: await readBody(req), type: req.headers['content-type'] });
      if (req.url === '/form') res.writeHead(303, { location: '/thanks' }).end();
      else res.writeHead(200).end('thanks');
    });
    const result = await fetcher().fetch({
      url: `${site.url}/form`,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=trawl',
    });
    expect(result.text).toBe('thanks');
    expect(seen).toEqual([
      { method: 'POST', url: '/form', body: 'name=trawl', type: 'application/x-www-form-urlencoded' },
      { method: 'GET', url: '/thanks', body: '', type: undefined },
    ]);
  });

  it('keeps method and body across a 307', async () => {
    const seen: string[] = [];
    const site = await server(async (req, res) => {
      seen.push(`${req.method} ${req.url} ${await readBody(req)}`);
      if (req.url === '/old') res.writeHead(307, { location: '/new' }).end();
      else res.writeHead(200).end();
    });
    await fetcher().fetch({ url: `${site.url}/old`, method: 'PUT', body: 'payload' });
    expect(seen).toEqual(['PUT /old payload', 'PUT /new payload']);
  });

  it('returns a redirect listed in allowStatus instead of following it', async () => {
    const site = await server((_req, res) => {
      res.writeHead(301, { location: '/elsewhere' }).end();
    });
    const result = await fetcher({ allowStatus: [301] }).fetch({ url: `${site.url}/moved` });
    expect(result.status).toBe(301);
    expect(result.headers.location).toBe('/elsewhere');
    expect(site.hits.get('/elsewhere')).toBeUndefined();
  });

  it('retries a failing hop on its own, then carries on along the chain', async () => {
    let failures = 1;
    const site = await server((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/flaky' }).end();
      else if (failures-- > 0) res.writeHead(502).end();
      else res.writeHead(200).end('ok');
    });
    const result = await fetcher().fetch({ url: `${site.url}/start` });
    expect(result.text).toBe('ok');
    expect(result.attempts).toBe(3);
    expect(site.log.map((entry) => entry.path)).toEqual(['/start', '/flaky', '/flaky']);
  });
});
