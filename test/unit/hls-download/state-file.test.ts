import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { parseMediaPlaylist } from '../../../src/hls/index.js';
import {
  checkResumable,
  readState,
  removeState,
  saveState,
  segmentFingerprint,
  stableUrl,
  statePathFor,
  type DownloadState,
  type ResumeTarget,
} from '../../../src/stream/state-file.js';

const dir = mkdtempSync(join(tmpdir(), 'trawl-hls-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const state: DownloadState = {
  version: 1,
  playlistUrl: 'https://cdn.test/master.m3u8',
  mediaUrl: 'https://cdn.test/v/index.m3u8',
  live: false,
  fingerprint: 'abc',
  segmentCount: 10,
  written: 4,
  nextSequence: 104,
  bytes: 4096,
  extinfSeconds: 16,
  lastMap: 'feed',
  gaps: [],
};

function playlist(query: string, durations = [4, 4, 4]): string {
  return ['#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXT-X-MEDIA-SEQUENCE:100', ...durations.flatMap((d, i) => [`#EXTINF:${d},`, `seg${i}.ts${query}`]), '#EXT-X-ENDLIST'].join('\n');
}

describe('state file', () => {
  it('lives beside the output as <output>.trawl.json', () => {
    expect(statePathFor('/videos/talk.ts')).toBe('/videos/talk.ts.trawl.json');
  });

  it('round-trips through an atomic save that leaves no temporary file behind', async () => {
    const path = join(dir, 'a.ts.trawl.json');
    await saveState(path, state);
    await saveState(path, { ...state, written: 5 });
    expect(await readState(path)).toEqual({ ...state, written: 5 });
    expect(readdirSync(dir).filter((name) => name.startsWith('a.ts'))).toEqual(['a.ts.trawl.json']);
    await removeState(path);
    expect(existsSync(path)).toBe(false);
    expect(await readState(path)).toBeUndefined();
  });

  it('reports a damaged state file as bad input that names it and the way out', async () => {
    const path = join(dir, 'bad.ts.trawl.json');
    writeFileSync(path, '{"version":1,');
    const error = await readState(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/--restart/);
    writeFileSync(path, '{"version":99}');
    await expect(readState(path)).rejects.toThrow(/not one trawl can read/);
  });
});

describe('segmentFingerprint', () => {
  it('ignores query strings (tokens change between runs) but not the segments themselves', () => {
    const a = segmentFingerprint(parseMediaPlaylist(playlist('?token=1'), 'https://cdn.test/v/index.m3u8').segments);
    const b = segmentFingerprint(parseMediaPlaylist(playlist('?token=2'), 'https://cdn.test/v/index.m3u8').segments);
    const c = segmentFingerprint(parseMediaPlaylist(playlist('', [4, 4, 3]), 'https://cdn.test/v/index.m3u8').segments);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('stableUrl drops the query, where tokens live, and keeps the path and the fragment (a DASH track names its Representation there)', () => {
    expect(stableUrl('https://cdn.test/v/index.m3u8?token=9')).toBe('https://cdn.test/v/index.m3u8');
    expect(stableUrl('https://cdn.test/v/manifest.mpd?token=9#video=v1')).toBe('https://cdn.test/v/manifest.mpd#video=v1');
  });
});

describe('checkResumable', () => {
  const target: ResumeTarget = {
    output: '/videos/talk.ts',
    statePath: '/videos/talk.ts.trawl.json',
    playlistUrl: state.playlistUrl,
    mediaUrl: 'https://cdn.test/v/index.m3u8?token=new',
    live: false,
    fingerprint: 'abc',
    outputBytes: 5000,
  };

  it('accepts the same media playlist (whatever its token) with the output at least as long as recorded', () => {
    expect(() => checkResumable(state, target)).not.toThrow();
  });

  it.each([
    ['a different variant', { mediaUrl: 'https://cdn.test/w/index.m3u8' }, /different variant/],
    ['a changed segment list', { fingerprint: 'other' }, /media playlist changed/],
    ['a missing part file', { outputBytes: undefined }, /its part file .*\.part is missing/],
    ['a shorter part file', { outputBytes: 100 }, /holds 100 bytes, fewer than the 4096/],
    ['a live run resumed as VOD', { live: true }, /not a live recording/],
  ])('refuses %s, telling the user to delete the output or use --restart', (_, change, message) => {
    const error = (() => {
      try {
        checkResumable(state, { ...target, ...change });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/delete the output and its state file, or use --restart/);
  });
});
