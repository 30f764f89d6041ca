// robots.txt: fetched once per origin, disallowed URLs refused before any request, Crawl-delay
// honoured as a minimum delay between starts.
import { describe, expect, it } from 'vitest';
import { RobotsDisallowedError } from '../../../src/errors/index.js';
import { fetcher, rejection, server } from './fixtures.js';

const ROBOTS = ['User-agent: other-bot', 'Disallow: /', '', 'User-agent: *', 'Disallow: /private', ''].join('\n');

describe('Fetcher robots.txt', () => {
  it('refuses a disallowed URL without requesting it, and reads robots.txt once', async () => {
    const site = await server((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(200, { 'content-type': 'text/plain' }).end(ROBOTS);
      else res.writeHead(200).end('page');
    });
    const client = fetcher({ robots: true, maxRetries: 3 });
    const error = (await rejection(client.fetch({ url: `${site.url}/private/data` }))) as RobotsDisallowedError;
    expect(error).toBeInstanceOf(RobotsDisallowedError);
    expect(error.url).toBe(`${site.url}/private/data`);
    expect(error.retryable).toBe(false);
    await Promise.all([client.fetch({ url: `${site.url}/a` }), client.fetch({ url: `${site.url}/b` })]);
    expect(site.hits.get('/private/data')).toBeUndefined();
    expect(site.hits.get('/robots.txt')).toBe(1);
    expect(site.log[0]!.headers['user-agent']).toBe('trawl/0.1');
  });

  it('allows everything when robots.txt is missing', async () => {
    const site = await server((req, res) => {
      res.writeHead(req.url === '/robots.txt' ? 404 : 200).end('x');
    });
    const result = await fetcher({ robots: true }).fetch({ url: `${site.url}/private` });
    expect(result.status).toBe(200);
  });

  it('asks for robots.txt again after a server error instead of guessing', async () => {
    let robotsCalls = 0;
    const site = await server((req, res) => {
      if (req.url === '/robots.txt') {
        robotsCalls++;
        if (robotsCalls === 1) res.writeHead(500).end();
        else res.writeHead(200).end(ROBOTS);
      } else {
        res.writeHead(200).end('page');
      }
    });
    const result = await fetcher({ robots: true, maxRetries: 1 }).fetch({ url: `${site.url}/page` });
    expect(result.text).toBe('page');
    expect(robotsCalls).toBe(2);
  });

  it('ignores robots.txt unless asked to honour it', async () => {
    const site = await server((req, res) => {
      res.writeHead(200).end(req.url === '/robots.txt' ? ROBOTS : 'page');
    });
    expect((await fetcher().fetch({ url: `${site.url}/private` })).text).toBe('page');
    expect(site.hits.get('/robots.txt')).toBeUndefined();
  });

  it('reads robots.txt under the request\'s own permit when the host allows one request at a time', async () => {
    const site = await server((req, res) => {
      res.writeHead(200).end(req.url === '/robots.txt' ? ROBOTS : 'page');
    });
    const client = fetcher({ robots: true, perHost: 1 });
    const started = client.tryFetch({ url: `${site.url}/page` });
    expect(started).toBeDefined();
    expect((await started!).text).toBe('page');
    expect(client.slots.active).toBe(0);
  });

  it('spaces requests to a host by its Crawl-delay', async () => {
    const site = await server((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(200).end('User-agent: trawl\nCrawl-delay: 0.2\n');
      else res.writeHead(200).end();
    });
    const client = fetcher({ robots: true, perHost: 4 });
    const t0 = Date.now();
    await Promise.all([1, 2, 3].map((n) => client.fetch({ url: `${site.url}/${n}` })));
    const pages = site.log.filter((entry) => entry.path !== '/robots.txt').map((entry) => entry.at);
    pages.sort((a, b) => a - b);
    // The first page goes out with robots.txt; each later one at least 200 ms after the one before.
    pages.forEach((at, k) => expect(at - t0).toBeGreaterThanOrEqual(k * 200));
  });
});
