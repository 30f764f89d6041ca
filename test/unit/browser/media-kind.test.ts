// Telling media responses apart by Content-Type, the first bytes of the body and the URL: the
// format rules each check quotes (RFC 8216, WebVTT, ISO/IEC 23009-1), then trawl's precedence.
import { describe, expect, it } from 'vitest';
import { classifyResponse, kindFromBody, kindFromContentType, kindFromUrl } from '../../../src/browser/media-kind.js';

describe('RFC 8216 §4 / §4.3.1.1: an HLS playlist', () => {
  it('is recognised by the types §4 registers, with or without parameters', () => {
    expect(kindFromContentType('application/vnd.apple.mpegurl')).toBe('hls');
    expect(kindFromContentType('audio/mpegurl; charset=utf-8')).toBe('hls');
    expect(kindFromContentType('Application/X-MpegURL')).toBe('hls');
  });

  it('"MUST" start with #EXTM3U: such a body is HLS whatever vague type the server sends', () => {
    expect(kindFromBody('#EXTM3U\n#EXT-X-VERSION:3\n')).toBe('hls');
    expect(kindFromBody(Buffer.from('\uFEFF#EXTM3U\n'))).toBe('hls');
    expect(classifyResponse('http://a.test/index.php?note=x&raw=1&n.m3u8', 'text/html; charset=UTF-8', '#EXTM3U\n')).toBe('hls');
    expect(classifyResponse('http://a.test/api', 'application/octet-stream', Buffer.from('#EXTM3U\n'))).toBe('hls');
  });
});

describe('WebVTT §4.1 and DASH (ISO/IEC 23009-1 §5.3.1)', () => {
  it('a WebVTT file starts with "WEBVTT" followed by a space, tab or line end', () => {
    expect(kindFromBody('WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n')).toBe('subtitle');
    expect(kindFromBody('WEBVTT - English\n')).toBe('subtitle');
    expect(kindFromBody('WEBVTTX\n')).toBeUndefined();
  });

  it('an MPD is XML whose root element is MPD, after an optional declaration and comments', () => {
    expect(kindFromBody('<?xml version="1.0"?>\n<!-- made by x -->\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011">')).toBe('dash');
    expect(kindFromBody('<html><body>MPD</body></html>')).toBeUndefined();
    expect(kindFromContentType('application/dash+xml')).toBe('dash');
  });
});

describe('trawl: which signal wins', () => {
  it('trusts a media Content-Type over the URL', () => {
    expect(classifyResponse('http://a.test/watch.html', 'video/mp4')).toBe('video');
    expect(classifyResponse('http://a.test/x', 'audio/mpeg')).toBe('audio');
    expect(classifyResponse('http://a.test/x.bin', 'text/vtt')).toBe('subtitle');
  });

  it('counts MPEG-TS and fMP4 fragments as segments, not as videos, even under a video type', () => {
    expect(classifyResponse('http://a.test/seg-001.ts', 'video/mp2t')).toBe('segment');
    expect(classifyResponse('http://a.test/chunk-5.m4s', 'video/mp4')).toBe('segment');
    expect(classifyResponse('http://a.test/movie.mp4', 'video/mp4')).toBe('video');
  });

  it('falls back on the URL, query included, when the type is vague and the body says nothing', () => {
    expect(kindFromUrl('http://a.test/v/master.m3u8?token=1')).toBe('hls');
    expect(kindFromUrl('http://a.test/index.php?note=kkR4wpy8f6ncabt7xqes2&raw=1&n.m3u8')).toBe('hls');
    expect(kindFromUrl('http://a.test/play?file=movie.mp4')).toBe('video');
    expect(classifyResponse('http://a.test/movie.mp4', 'application/octet-stream')).toBe('video');
    expect(classifyResponse('http://a.test/track.mpd', undefined)).toBe('dash');
  });

  it('does not take an HTML or JSON answer for media because its URL mentions a media name', () => {
    expect(classifyResponse('http://a.test/video.mp4', 'text/html', '<!DOCTYPE html><p>404</p>')).toBeUndefined();
    expect(classifyResponse('http://a.test/api?f=x.m3u8', 'application/json', '{"error":1}')).toBeUndefined();
  });

  it('ignores scripts, styles, images and fonts whatever their names', () => {
    expect(classifyResponse('http://a.test/hls.m3u8.js', 'text/javascript')).toBeUndefined();
    expect(classifyResponse('http://a.test/poster.mp4.jpg', 'image/jpeg')).toBeUndefined();
    expect(classifyResponse('http://a.test/font.woff2', 'font/woff2')).toBeUndefined();
  });
});
