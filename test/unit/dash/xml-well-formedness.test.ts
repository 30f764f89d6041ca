// XML 1.0 well-formedness (ISO/IEC 23009-1 5.2: an MPD is an XML document): text that is not
// well-formed XML is refused with the line and column saxes stopped at.
import { describe, expect, it } from 'vitest';
import { manifestError, parse, staticMpd } from './helpers.js';

describe('XML well-formedness', () => {
  it('an unclosed element is refused with its line and column, naming the manifest', () => {
    const error = manifestError(() => parse('<?xml version="1.0"?>\n<MPD type="static">\n  <Period>\n    <AdaptationSet>\n  </Period>\n</MPD>\n'));
    expect(error.line).toBe(5);
    expect(error.column).toBeGreaterThan(0);
    expect(error.message).toMatch(/^manifest https:\/\/cdn\.example\.test\/shows\/talk\/manifest\.mpd line 5 column \d+: not well-formed XML: /);
  });

  it('an unquoted attribute and a stray ampersand are refused', () => {
    expect(manifestError(() => parse('<MPD type=static></MPD>')).message).toMatch(/line 1 column \d+: not well-formed XML/);
    expect(manifestError(() => parse('<MPD>\n<BaseURL>a&b</BaseURL></MPD>')).line).toBe(2);
  });

  it('a document whose root is not MPD is refused, naming the element', () => {
    const error = manifestError(() => parse('<?xml version="1.0"?>\n<html><body>Not found</body></html>'));
    expect([error.line, error.reason]).toEqual([2, 'the root element is <html>, not <MPD>']);
  });

  it('a byte order mark and a prefixed root element are accepted', () => {
    const text = staticMpd('<Period><AdaptationSet contentType="video"><SegmentTemplate duration="5" media="$Number$.m4s" /><Representation id="v" bandwidth="1" /></AdaptationSet></Period>');
    expect(parse(`\ufeff${text}`).periods).toHaveLength(1);
    const prefixed = text.replace('<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"', '<mpd:MPD xmlns:mpd="urn:mpeg:dash:schema:mpd:2011"').replace('</MPD>', '</mpd:MPD>');
    expect(parse(prefixed).type).toBe('static');
  });
});
