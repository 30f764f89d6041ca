import { describe, expect, it } from 'vitest';
import { parsePlaylist, serializePlaylist } from '../../../src/hls/index.js';
import { prng as random } from '../../../src/demo/prng.js';
import { BASE, m3u8, media, withoutLines } from './helpers.js';


/** A media playlist mixing key rotation, several key formats, maps, byte ranges and discontinuities. */
function generate(seed: number): string {
  const next = random(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:6'];
  if (next() < 0.5) lines.push(`#EXT-X-MEDIA-SEQUENCE:${Math.floor(next() * 100000)}`);
  if (next() < 0.3) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(next() * 50)}`);
  let resource = '';
  let hasIdentityWithoutIv = false;
  for (let index = 0; index < 12; index++) {
    const roll = next();
    if (roll < 0.15) {
      lines.push('#EXT-X-KEY:METHOD=NONE');
      hasIdentityWithoutIv = false;
    } else if (roll < 0.35) {
      const iv = next() < 0.5 ? `,IV=0x${Math.floor(next() * 0xffffffff).toString(16)}` : '';
      lines.push(`#EXT-X-KEY:METHOD=AES-128,URI="k${index}.bin"${iv}`);
      hasIdentityWithoutIv = iv === '';
    } else if (roll < 0.45) {
      lines.push(`#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k${index}",KEYFORMAT="${pick(['com.apple.streamingkeydelivery', 'urn:uuid:edef8ba9'])}"`);
    }
    if (next() < 0.25 && !hasIdentityWithoutIv) {
      lines.push(next() < 0.5 ? `#EXT-X-MAP:URI="init${index}.mp4"` : `#EXT-X-MAP:URI="all.mp4",BYTERANGE="${100 + index}@${index}"`);
    }
    if (next() < 0.2) lines.push('#EXT-X-DISCONTINUITY');
    if (next() < 0.2) lines.push(`#EXT-X-PROGRAM-DATE-TIME:2024-01-0${1 + (index % 9)}T10:00:0${index % 10}.${index}00Z`);
    lines.push(`#EXTINF:${(1 + next() * 5).toFixed(3)},${next() < 0.3 ? `part ${index}` : ''}`);
    if (next() < 0.4) {
      const continues = resource === 'all.ts' && next() < 0.6;
      lines.push(continues ? `#EXT-X-BYTERANGE:${1000 + index}` : `#EXT-X-BYTERANGE:${1000 + index}@${index * 5000}`);
      lines.push('all.ts');
      resource = 'all.ts';
    } else {
      lines.push(pick(['seg.ts', `seg${index}.ts`, `/abs/seg${index}.ts`, `https://other.example.test/s${index}.ts`]));
      resource = '';
    }
  }
  if (next() < 0.5) lines.push('#EXT-X-ENDLIST');
  return m3u8(...lines);
}

describe('serializePlaylist round trips over generated media playlists', () => {
  it('parse(serialize(parse(x))) equals parse(x) for 300 generated playlists', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const parsed = media(generate(seed));
      const again = parsePlaylist(serializePlaylist(parsed), BASE);
      expect(withoutLines(again), `seed ${seed}`).toEqual(withoutLines(parsed));
    }
  });
});
