// ISO/IEC 23009-1 5.8.4.1 / 5.8.5.2: ContentProtection. A protected Representation is refused
// before anything is fetched, naming the scheme (CENC cenc/cbcs, DRM systems) and the MPD line.
import { describe, expect, it } from 'vitest';
import { EncryptedStreamError } from '../../../src/errors/index.js';
import { assertClear, describeProtection } from '../../../src/dash/parser/protection.js';
import { parse, staticMpd, videoSet } from './helpers.js';

const protectedSet = (scheme: string): string =>
  videoSet(
    '<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="' + scheme + '" cenc:default_KID="10000000-1000-1000-1000-100000000001" xmlns:cenc="urn:mpeg:cenc:2013" />\n' +
      '<ContentProtection schemeIdUri="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed" />\n' +
      '<ContentProtection schemeIdUri="urn:uuid:9A04F079-9840-4286-AB92-E65BE0885F95" />\n' +
      '<SegmentTemplate duration="5" media="$Number$.m4s" />\n<Representation id="v" bandwidth="1" />',
  );

describe('5.8.4.1 ContentProtection', () => {
  it.each(['cenc', 'cbcs'])('a %s-protected Representation is refused with one line naming the scheme, its DRM systems and the MPD line', (scheme) => {
    const mpd = parse(staticMpd(protectedSet(scheme)));
    const representation = mpd.periods[0]!.adaptationSets[0]!.representations[0]!;
    let error: unknown;
    try {
      assertClear(mpd.url, representation);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EncryptedStreamError);
    expect((error as EncryptedStreamError).line).toBe(5);
    expect((error as Error).message).toBe(
      `https://cdn.example.test/shows/talk/manifest.mpd line 5: the stream is encrypted with ${scheme} (Widevine, PlayReady), per <ContentProtection> of <Representation id="v">, which needs a DRM client; trawl does not decrypt it and downloaded nothing`,
    );
  });

  it('a DRM system ContentProtection alone, or an unknown scheme, is named too', () => {
    const place = { line: 1, column: 1, element: '<ContentProtection>' };
    expect(describeProtection([{ schemeIdUri: 'urn:uuid:94ce86fb-07ff-4f43-adb8-93d2fa968ca2', place }])).toBe('a DRM scheme (FairPlay)');
    expect(describeProtection([{ schemeIdUri: 'urn:example:drm', place }])).toBe('urn:example:drm');
  });

  it('a Representation without ContentProtection passes', () => {
    const mpd = parse(staticMpd(videoSet('<SegmentTemplate duration="5" media="$Number$.m4s" />\n<Representation id="v" bandwidth="1" />')));
    expect(() => assertClear(mpd.url, mpd.periods[0]!.adaptationSets[0]!.representations[0]!)).not.toThrow();
  });
});
