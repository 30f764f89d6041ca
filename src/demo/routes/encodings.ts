// Pages in legacy Chinese encodings: GBK declared in the header, GBK declared only in a
// <meta charset>, and GB18030 with characters GBK cannot hold. The bytes are committed files
// (converted once with iconv) because Node has no GBK encoder.
import { encodedPageBytes, findEncodedPage } from '../data.js';
import { reply, type Route } from '../reply.js';

export const encodingRoutes: readonly Route[] = [
  {
    prefix: '/gbk/',
    matches: (p) => p === '/gbk' || p.startsWith('/gbk/'),
    handle: (r) => {
      if (r.path === '/gbk') return reply(301, 'text/plain; charset=utf-8', 'Moved to /gbk/', { location: '/gbk/' });
      const page = findEncodedPage(r.path);
      return page && reply(200, page.contentType, encodedPageBytes(page));
    },
  },
];
