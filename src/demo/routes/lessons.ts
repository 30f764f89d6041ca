// The timing experiment's endpoints: /delay/<ms>/<id> answers after <ms> ms, and the lesson's
// three test pages /bobo, /jay, /tom each take 2 s (like the lesson's little Flask server).
import { sleep } from '../../util/backoff.js';
import { escapeText, html, text, type DemoRequest, type Reply, type Route } from '../reply.js';

export const MAX_DELAY_MS = 60_000;
const LESSON_PAGE_MS = 2000;
const NEXT: Readonly<Record<string, string>> = { bobo: 'jay', jay: 'tom', tom: 'bobo' };

async function delayed(request: DemoRequest): Promise<Reply | undefined> {
  const match = /^\/delay\/(\d+)\/([\w.-]{1,100})$/.exec(request.path);
  if (!match) return undefined;
  const ms = Number(match[1]);
  if (ms > MAX_DELAY_MS) return text(`delay must be at most ${MAX_DELAY_MS} ms (received ${match[1]})`, 400);
  const id = match[2] as string;
  await sleep(ms, request.signal);
  return html(`<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>delay item ${escapeText(id)}</title></head>
<body>
<h1 class="title">delay item ${escapeText(id)}</h1>
<p class="delay">served after ${ms} ms</p>
</body>
</html>
`);
}

async function lessonPage(request: DemoRequest): Promise<Reply> {
  const name = request.path.slice(1);
  const next = NEXT[name] ?? 'bobo';
  await sleep(LESSON_PAGE_MS, request.signal);
  return html(`<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>${name}</title></head>
<body>
<h1>Hello ${name}</h1>
<p>This page took ${LESSON_PAGE_MS / 1000} seconds to answer.</p>
<a id="feng" href="/${next}">${next}</a>
</body>
</html>
`);
}

export const lessonRoutes: readonly Route[] = [
  { prefix: '/delay/', matches: (p) => p.startsWith('/delay/'), handle: delayed },
  ...Object.keys(NEXT).map((name) => ({ prefix: `/${name}`, matches: (p: string) => p === `/${name}`, handle: lessonPage })),
];
