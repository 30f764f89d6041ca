// The novel JSON API: getCatalog and getChapterContent, each taking its arguments as JSON in
// the `data` query parameter (percent-encoded or raw, as browsers and aiohttp send it).
import { chapterContent, novelBook } from '../data.js';
import { json, type DemoRequest, type Reply, type Route } from '../reply.js';

function readData(request: DemoRequest): Record<string, unknown> | Reply {
  const raw = request.query.get('data');
  if (raw === null) return json({ status: 400, message: 'missing query parameter "data"' }, 400);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return json({ status: 400, message: `query parameter "data" is not JSON: ${(error as Error).message}` }, 400);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return json({ status: 400, message: 'query parameter "data" must be a JSON object' }, 400);
  }
  return value as Record<string, unknown>;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return undefined;
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as Reply).body);
}

function catalog(request: DemoRequest): Reply {
  const data = readData(request);
  if (isReply(data)) return data;
  const bookId = idOf(data.book_id);
  if (bookId === undefined) return json({ status: 400, message: 'data.book_id is required' }, 400);
  const book = novelBook(bookId);
  if (!book) return json({ status: 404, message: `book ${bookId} not found` }, 404);
  return json({
    status: 0,
    message: 'success',
    data: {
      novel: {
        book_id: book.bookId,
        book_name: book.name,
        author: book.author,
        items: book.chapters.map((c) => ({ title: c.title, cid: c.cid, price_status: '0' })),
      },
    },
  });
}

function chapter(request: DemoRequest): Reply {
  const data = readData(request);
  if (isReply(data)) return data;
  const bookId = idOf(data.book_id);
  const cid = idOf(data.cid);
  if (bookId === undefined || cid === undefined) return json({ status: 400, message: 'data.book_id and data.cid are required' }, 400);
  const book = novelBook(bookId);
  const content = chapterContent(bookId, cid);
  if (!book || content === undefined) return json({ status: 404, message: `chapter ${cid} of book ${bookId} not found` }, 404);
  const bare = cid.startsWith(`${bookId}|`) ? cid.slice(bookId.length + 1) : cid;
  const title = book.chapters.find((c) => c.cid === bare)?.title ?? '';
  const novel: Record<string, unknown> = { book_id: bookId, cid: `${bookId}|${bare}`, chapter_title: title, content, price_status: '0' };
  if (data.need_bookinfo === 1 || data.need_bookinfo === '1') novel.bookinfo = { book_name: book.name, author: book.author };
  return json({ status: 0, message: 'success', data: { novel } });
}

export const novelRoutes: readonly Route[] = [
  { prefix: '/api/pc/getCatalog', matches: (p) => p === '/api/pc/getCatalog', handle: catalog },
  { prefix: '/api/pc/getChapterContent', matches: (p) => p === '/api/pc/getChapterContent', handle: chapter },
];
