import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAULT_KINDS,
  NOVEL_BOOK_ID,
  chapterContent,
  galleryImageBytes,
  galleryImages,
  hlsStream,
  novelCatalog,
  startDemoServer,
  videoFileBytes,
  videoList,
  type DemoServer,
  type FaultKind,
} from '../../../src/demo/index.js';

type Outcome = FaultKind | 'ok';

/** One GET, classified by what the client sees. */
async function attempt(url: string, method = 'GET'): Promise<{ outcome: Outcome; body?: Buffer; status?: number }> {
  let res: Response;
  try {
    res = await fetch(url, { method });
  } catch {
    return { outcome: 'reset' };
  }
  const marker = res.headers.get('x-demo-fault') as FaultKind | null;
  if (res.status === 500) return { outcome: 'status500', status: 500 };
  if (res.status === 429) {
    expect(res.headers.get('retry-after')).toBe('1');
    return { outcome: 'status429', status: 429 };
  }
  try {
    const body = Buffer.from(await res.arrayBuffer());
    return { outcome: marker ?? 'ok', body, status: res.status };
  } catch {
    expect(marker).toBe('truncatedBody');
    return { outcome: 'truncatedBody' };
  }
}

/** What a careful client does: retry at once until a complete 200 arrives (10 tries at most). */
async function fetchWithRetries(url: string): Promise<Buffer> {
  for (let i = 0; i < 10; i++) {
    const result = await attempt(url);
    if (result.status === 200 && result.body && (result.outcome === 'ok' || result.outcome === 'slowBody')) return result.body;
  }
  throw new Error(`no complete answer from ${url} in 10 tries`);
}

describe('fault injection at rate 1.0', () => {
  let server: DemoServer;
  let clean: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ faults: 1, seed: 7 });
    clean = await startDemoServer();
  });
  afterAll(async () => {
    await server.close();
    await clean.close();
  });

  it('produces every kind of fault: 500, 429 with Retry-After, reset, slow body, truncated body', async () => {
    const pages = Array.from({ length: 60 }, (_, i) => `/marketanalysis/0/list/${i + 1}.shtml`);
    const results = await Promise.all(pages.map(async (path) => ({ path, ...(await attempt(server.url + path)) })));
    const seen = new Set(results.map((r) => r.outcome));
    expect([...seen].sort()).toEqual([...FAULT_KINDS].sort());
    for (const slow of results.filter((r) => r.outcome === 'slowBody')) {
      const expected = Buffer.from(await (await fetch(clean.url + slow.path)).arrayBuffer());
      expect(slow.body!.equals(expected)).toBe(true);
    }
    const counted = server.stats().faults;
    for (const kind of FAULT_KINDS) expect(counted[kind]).toBe(results.filter((r) => r.outcome === kind).length);
  });

  it('never fails one URL more than three times in a row', async () => {
    const url = `${server.url}/marketanalysis/0/list/150.shtml`;
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 4; i++) outcomes.push((await attempt(url)).outcome);
    expect(outcomes.slice(0, 3)).not.toContain('ok');
    expect(outcomes[3]).toBe('ok');
  });

  it('never injects faults into / and /__stats', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await fetch(`${server.url}/`)).status).toBe(200);
      expect((await fetch(`${server.url}/__stats`)).status).toBe(200);
    }
  });
});

describe('fault injection at rate 0.3', () => {
  it('still gives a retrying client the exact content of every URL', async () => {
    const server = await startDemoServer({ faults: 0.3, seed: 11 });
    const clean = await startDemoServer();
    try {
      const expected = new Map<string, Buffer>();
      for (let page = 1; page <= 15; page++) {
        const path = `/marketanalysis/0/list/${page}.shtml`;
        expected.set(path, Buffer.from(await (await fetch(clean.url + path)).arrayBuffer()));
      }
      for (const image of galleryImages(2)) expected.set(image.path, galleryImageBytes(image.name)!);
      for (const video of videoList().slice(0, 2)) expected.set(video.mp4Path, videoFileBytes(video.id));
      for (const { cid } of novelCatalog(NOVEL_BOOK_ID).slice(0, 5)) {
        const data = encodeURIComponent(JSON.stringify({ book_id: NOVEL_BOOK_ID, cid: `${NOVEL_BOOK_ID}|${cid}`, need_bookinfo: 1 }));
        const body = Buffer.from(await (await fetch(`${clean.url}/api/pc/getChapterContent?data=${data}`)).arrayBuffer());
        expect(JSON.parse(body.toString()).data.novel.content).toBe(chapterContent(NOVEL_BOOK_ID, cid));
        expected.set(`/api/pc/getChapterContent?data=${data}`, body);
      }
      const lesson = hlsStream('lesson').variants[0]!;
      for (const segment of lesson.segments) {
        expected.set(segment.path, Buffer.from(await (await fetch(clean.url + segment.path)).arrayBuffer()));
      }

      const got = await Promise.all([...expected.keys()].map(async (path) => [path, await fetchWithRetries(server.url + path)] as const));
      for (const [path, body] of got) expect(body.equals(expected.get(path)!), path).toBe(true);
      const injected = Object.values(server.stats().faults).reduce((a, b) => a + b, 0);
      expect(injected).toBeGreaterThan(0);
    } finally {
      await server.close();
      await clean.close();
    }
  });

  it('injects the same faults for the same seed and requests, and other faults for another seed', async () => {
    const sequence = async (seed: number): Promise<Outcome[]> => {
      const server = await startDemoServer({ faults: 0.5, seed });
      try {
        const outcomes: Outcome[] = [];
        for (let i = 0; i < 30; i++) outcomes.push((await attempt(`${server.url}/marketanalysis/0/list/${(i % 6) + 1}.shtml`, 'HEAD')).outcome);
        return outcomes;
      } finally {
        await server.close();
      }
    };
    const first = await sequence(3);
    expect(await sequence(3)).toEqual(first);
    expect(await sequence(4)).not.toEqual(first);
    expect(first).toContain('ok');
    expect(first.some((o) => o !== 'ok')).toBe(true);
  });
});
