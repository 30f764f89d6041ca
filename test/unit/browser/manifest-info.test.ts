// What sniff shows of a manifest: the variants of an HLS master playlist (RFC 8216 §4.3.4.2) or
// the Representations of an MPD (ISO/IEC 23009-1 §5.3.5), or a media playlist's length.
import { describe, expect, it } from 'vitest';
import { bestBandwidth, dashManifestInfo, describeManifest, hlsManifestInfo } from '../../../src/browser/manifest-info.js';
import { replayHeaders } from '../../../src/browser/resolve-page-stream.js';
import type { BrowserCookie, SniffedMedia } from '../../../src/browser/sniff-types.js';

describe('RFC 8216 §4.3.4.2: EXT-X-STREAM-INF', () => {
  it('each variant shows its BANDWIDTH and RESOLUTION; the best is the highest bandwidth', () => {
    const info = hlsManifestInfo(
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=150000,RESOLUTION=160x90\nlow/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1280000,RESOLUTION=1280x720,CODECS="avc1.4d401f"\nhd/index.m3u8\n',
      'http://a.test/v/master.m3u8',
    );
    expect(info?.variants).toEqual([
      { bandwidth: 150000, resolution: '160x90', ref: 'http://a.test/v/low/index.m3u8' },
      { bandwidth: 1280000, resolution: '1280x720', codecs: 'avc1.4d401f', ref: 'http://a.test/v/hd/index.m3u8' },
    ]);
    expect(bestBandwidth(info)).toBe(1280000);
    expect(describeManifest(info)).toBe('2 variants: 160x90 150 kb/s, 1280x720 1.3 Mb/s');
  });

  it('a media playlist shows its segment count, EXTINF total and encryption', () => {
    const info = hlsManifestInfo('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=AES-128,URI="k"\n#EXTINF:4.0,\na.ts\n#EXTINF:2.5,\nb.ts\n#EXT-X-ENDLIST\n', 'http://a.test/i.m3u8');
    expect(describeManifest(info)).toBe('2 segments, 6.5 s, AES-128');
    expect(bestBandwidth(info)).toBeUndefined();
  });

  it('a playlist that does not parse is described as nothing, not an error', () => {
    expect(hlsManifestInfo('<html>', 'http://a.test/x')).toBeUndefined();
  });
});

describe('ISO/IEC 23009-1 §5.3.5: Representation', () => {
  it('each Representation shows its @bandwidth and @width x @height; the type comes from the AdaptationSet', () => {
    const info = dashManifestInfo(
      '<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><Period><AdaptationSet contentType="video">' +
        '<Representation id="v1" bandwidth="800000" width="640" height="360" codecs="avc1.64001e"/></AdaptationSet>' +
        '<AdaptationSet mimeType="audio/mp4"><Representation id="a1" bandwidth="128000"/></AdaptationSet></Period></MPD>',
    );
    expect(info?.variants).toEqual([
      { bandwidth: 800000, resolution: '640x360', codecs: 'avc1.64001e', ref: 'v1', contentType: 'video' },
      { bandwidth: 128000, ref: 'a1', contentType: 'audio' },
    ]);
    expect(bestBandwidth(info)).toBe(800000);
  });
});

describe('replayHeaders', () => {
  const media = (headers: Record<string, string>): SniffedMedia => ({
    url: 'http://cdn.a.test/v/index.m3u8',
    type: 'hls',
    method: 'GET',
    status: 200,
    contentType: 'application/vnd.apple.mpegurl',
    headers,
    resourceType: 'xhr',
    atMs: 10,
  });
  const cookie = (name: string, domain: string, path = '/'): BrowserCookie => ({ name, value: `${name}-v`, domain, path, expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' });

  it('keeps what identifies the session, drops what belongs to one connection or request', () => {
    const headers = replayHeaders(
      media({ Referer: 'http://a.test/watch', 'user-agent': 'Chrome', origin: 'http://a.test', range: 'bytes=0-', 'accept-encoding': 'br', host: 'cdn.a.test', 'sec-fetch-mode': 'cors', 'x-token': 't' }),
      [],
    );
    expect(headers).toEqual({ referer: 'http://a.test/watch', 'user-agent': 'Chrome', origin: 'http://a.test', 'x-token': 't' });
  });

  it("adds the browser's cookies for the manifest's host that the manifest request did not carry (other paths)", () => {
    const headers = replayHeaders(media({ cookie: 'sid=1' }), [cookie('sid', 'cdn.a.test'), cookie('key', 'cdn.a.test', '/keys/'), cookie('wide', '.a.test'), cookie('other', 'b.test')]);
    expect(headers.cookie).toBe('sid=1; key=key-v; wide=wide-v');
  });
});
