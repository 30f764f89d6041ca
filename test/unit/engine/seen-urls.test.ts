import { describe, expect, it } from 'vitest';
import { SeenUrls } from '../../../src/engine/seen-urls.js';

describe('SeenUrls', () => {
  it('remembers added URLs and forgets the oldest generation when full', () => {
    const seen = new SeenUrls(2);
    seen.add('http://a/1');
    seen.add('http://a/2');
    expect(seen.has('http://a/1')).toBe(true);
    seen.add('http://a/3'); // current is full: it becomes the previous generation
    seen.add('http://a/4');
    seen.add('http://a/5'); // the generation holding /2 goes
    expect(seen.has('http://a/2')).toBe(false);
    expect(seen.has('http://a/5')).toBe(true);
    expect(seen.has('http://a/never')).toBe(false);
  });
});

import { Crawler } from '../../../src/engine/crawler.js';
import { RetryRequestError } from '../../../src/errors/index.js';
import { startServer } from '../../helpers/server.js';

describe('links queued by a handler that then fails', () => {
  it('are queued again when the page is retried, and fetched once', async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(req.url === '/' ? '<a href="/b">b</a>' : '<p>b</p>');
    });
    try {
      let attempts = 0;
      const crawler = new Crawler({
        fetch: { retryBaseMs: 10 },
        handler(ctx) {
          ctx.enqueueLinks();
          if (ctx.request.url.endsWith('/') && attempts++ === 0) throw new RetryRequestError('not yet');
        },
      });
      const summary = await crawler.run([`${server.url}/`]);
      expect(attempts).toBe(2);
      expect(server.hits.get('/b')).toBe(1);
      expect(summary.done).toBe(2);
    } finally {
      await server.close();
    }
  });
});
