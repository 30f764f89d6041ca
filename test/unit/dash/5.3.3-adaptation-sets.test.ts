// ISO/IEC 23009-1 5.3.3 AdaptationSet: content type, language, Role; trick-mode sets.
import { describe, expect, it } from 'vitest';
import { parse, staticMpd } from './helpers.js';

const tmpl = '<SegmentTemplate duration="5" media="$RepresentationID$-$Number$.m4s" />';

describe('5.3.3 AdaptationSet', () => {
  it('the content type comes from @contentType, else a ContentComponent, else the mime type, else the codecs', () => {
    const mpd = parse(
      staticMpd(
        '<Period>' +
          `<AdaptationSet contentType="audio" lang="de">${tmpl}<Representation id="a" bandwidth="1" /></AdaptationSet>` +
          `<AdaptationSet><ContentComponent contentType="video" />${tmpl}<Representation id="b" bandwidth="1" /></AdaptationSet>` +
          `<AdaptationSet mimeType="audio/mp4">${tmpl}<Representation id="c" bandwidth="1" /></AdaptationSet>` +
          `<AdaptationSet mimeType="application/mp4" codecs="stpp.ttml.im1t">${tmpl}<Representation id="d" bandwidth="1" /></AdaptationSet>` +
          `<AdaptationSet>${tmpl}<Representation id="e" bandwidth="1" codecs="avc1.64001f" /></AdaptationSet>` +
          `<AdaptationSet mimeType="text/vtt">${tmpl}<Representation id="f" bandwidth="1" /></AdaptationSet>` +
          '</Period>',
      ),
    );
    expect(mpd.periods[0]!.adaptationSets.map((set) => set.contentType)).toEqual(['audio', 'video', 'audio', 'text', 'video', 'text']);
    expect(mpd.periods[0]!.adaptationSets[0]!.lang).toBe('de');
  });

  it('Role values of the urn:mpeg:dash:role:2011 scheme are kept; a trick-mode set is marked', () => {
    const mpd = parse(
      staticMpd(
        '<Period>' +
          `<AdaptationSet contentType="audio"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="main" /><Role schemeIdUri="urn:other" value="x" />${tmpl}<Representation id="a" bandwidth="1" /></AdaptationSet>` +
          `<AdaptationSet contentType="video"><EssentialProperty schemeIdUri="http://dashif.org/guidelines/trickmode" value="1" />${tmpl}<Representation id="t" bandwidth="1" /></AdaptationSet>` +
          '</Period>',
      ),
    );
    const [audio, trick] = mpd.periods[0]!.adaptationSets;
    expect(audio!.roles).toEqual(['main']);
    expect(trick!.trickMode).toBe(true);
  });

  it('a Representation takes @mimeType, @codecs, @width and @height from its AdaptationSet unless it has its own', () => {
    const mpd = parse(
      staticMpd(`<Period><AdaptationSet contentType="video" mimeType="video/mp4" codecs="avc1.4d401f" width="1280" height="720">${tmpl}<Representation id="a" bandwidth="1" /><Representation id="b" bandwidth="2" width="640" height="360" codecs="avc1.42c01e" /></AdaptationSet></Period>`),
    );
    const [a, b] = mpd.periods[0]!.adaptationSets[0]!.representations;
    expect([a!.mimeType, a!.codecs, a!.width, a!.height]).toEqual(['video/mp4', 'avc1.4d401f', 1280, 720]);
    expect([b!.codecs, b!.width, b!.height]).toEqual(['avc1.42c01e', 640, 360]);
  });
});
