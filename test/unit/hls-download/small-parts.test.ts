import { describe, expect, it } from 'vitest';
import { BlockPool } from '../../../src/stream/block-pool.js';
import { defaultOutputName, renditionExtension } from '../../../src/hls/download/naming.js';
import { parseMediaPlaylist } from '../../../src/hls/index.js';

describe('output names', () => {
  it('names the default output after the playlist URL, skipping generic names such as index', () => {
    expect(defaultOutputName('https://cdn.test/20220318/AbR4hL2x/index.m3u8')).toBe('AbR4hL2x.ts');
    expect(defaultOutputName('https://cdn.test/shows/talk-42.m3u8?token=1')).toBe('talk-42.ts');
    expect(defaultOutputName('https://cdn.test/a/1000kb/hls/index.m3u8')).toBe('a.ts');
    expect(defaultOutputName('https://cdn.test/index.m3u8')).toBe('index.ts');
  });

  it('sanitises names from the URL so they cannot leave the folder or break on Windows', () => {
    expect(defaultOutputName('https://cdn.test/%2e%2e%2f%2e%2e%2fetc%2fpasswd.m3u8')).toBe('passwd.ts');
    expect(defaultOutputName('https://cdn.test/a%3Cb%3E.m3u8')).toBe('a_b_.ts');
  });

  it('gives a rendition the extension its playlist implies', () => {
    const base = 'https://cdn.test/a/index.m3u8';
    const aac = parseMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\na1.aac\n', base);
    const fmp4 = parseMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:4,\na1.m4s\n', base);
    const ts = parseMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\na1.ts\n', base);
    expect(renditionExtension('audio', aac)).toBe('.aac');
    expect(renditionExtension('audio', fmp4)).toBe('.m4a');
    expect(renditionExtension('audio', ts)).toBe('.ts');
    expect(renditionExtension('subtitles', ts)).toBe('.vtt');
  });
});

describe('BlockPool', () => {
  it('copies chunks across blocks and returns them as views of exactly the bytes written', () => {
    const pool = new BlockPool(8);
    const writer = pool.writer();
    writer.write(Buffer.from('abcdef'));
    writer.write(Buffer.from('ghijklmnopq'));
    const { parts, blocks } = writer.finish();
    expect(Buffer.concat(parts).toString()).toBe('abcdefghijklmnopq');
    expect(blocks).toHaveLength(3);
    expect(writer.bytes).toBe(17);
  });

  it('reuses released blocks instead of allocating new ones', () => {
    const pool = new BlockPool(8);
    const first = pool.writer();
    first.write(Buffer.alloc(20));
    pool.release(first.finish().blocks);
    const second = pool.writer();
    second.write(Buffer.alloc(20));
    expect(pool.allocated).toBe(3);
    second.discard();
    expect(pool.free).toBe(3);
  });

  it('keeps no more free blocks than its cap', () => {
    const pool = new BlockPool(8, 16);
    const writer = pool.writer();
    writer.write(Buffer.alloc(40));
    pool.release(writer.finish().blocks);
    expect(pool.free).toBe(2);
  });
});

describe('findOnPath', () => {
  it('finds an executable file on PATH and skips folders, missing and non-executable files', async () => {
    const { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join, delimiter } = await import('node:path');
    const { findOnPath } = await import('../../../src/stream/ffmpeg.js');
    const root = mkdtempSync(join(tmpdir(), 'trawl-path-'));
    try {
      const a = join(root, 'a');
      const b = join(root, 'b');
      mkdirSync(a);
      mkdirSync(b);
      mkdirSync(join(a, 'tool'));
      writeFileSync(join(a, 'plain'), 'x');
      writeFileSync(join(b, 'tool'), '#!/bin/sh\n');
      chmodSync(join(b, 'tool'), 0o755);
      writeFileSync(join(b, 'plain'), 'x');
      chmodSync(join(b, 'plain'), 0o644);
      const path = [join(root, 'missing'), a, b].join(delimiter);
      expect(findOnPath('tool', path)).toBe(join(b, 'tool'));
      expect(findOnPath('plain', path)).toBeUndefined();
      expect(findOnPath('nothing', path)).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
