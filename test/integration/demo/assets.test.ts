import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetManifest, assetRoot } from '../../../src/demo/assets.js';
import { sha256 } from './helpers.js';

describe('committed demo assets', () => {
  it('match the manifest byte for byte', () => {
    const files = Object.entries(assetManifest().files);
    expect(files.length).toBeGreaterThan(30);
    for (const [path, entry] of files) {
      const bytes = readFileSync(join(assetRoot(), path));
      expect(bytes.length, path).toBe(entry.bytes);
      expect(sha256(bytes), path).toBe(entry.sha256);
    }
  });

  it('stay under 3 MB in total', () => {
    const total = Object.keys(assetManifest().files).reduce((sum, path) => sum + statSync(join(assetRoot(), path)).size, 0);
    expect(total).toBeLessThan(3 * 1024 * 1024);
  });

  it('hold HLS segments that are whole 188-byte MPEG-TS packets with 2-second durations', () => {
    for (const [dir, segments] of Object.entries(assetManifest().hls)) {
      expect(segments.length, dir).toBeGreaterThanOrEqual(6);
      for (const segment of segments) {
        const bytes = readFileSync(join(assetRoot(), segment.file));
        expect(bytes.length % 188).toBe(0);
        expect(bytes[0]).toBe(0x47);
        expect(segment.duration).toBe(2);
      }
    }
  });
});
