// Tags that may appear in both kinds of playlist: EXT-X-VERSION (4.3.1.2) and the "Media or
// Master Playlist tags" of 4.3.5 (EXT-X-INDEPENDENT-SEGMENTS, EXT-X-START).
import { AttributeList, parseDecimalInteger } from './attributes.js';
import type { Line, ParseContext } from './lines.js';
import type { StartInfo } from './types.js';

type TagLine = Extract<Line, { kind: 'tag' }>;

export class CommonTags {
  version: number | undefined;
  independentSegments = false;
  start: StartInfo | undefined;
  private versionLine = 0;

  constructor(private readonly context: ParseContext) {}

  /** Takes the tag if it is one of the common ones; returns false otherwise. */
  take(tag: TagLine): boolean {
    switch (tag.name) {
      case 'EXT-X-VERSION': {
        // RFC 8216 4.3.1.2: a client that meets more than one MUST fail to parse the playlist.
        // Players go on with the first; so does trawl, unless strict.
        if (this.versionLine !== 0) {
          const refusal = `a second EXT-X-VERSION (the first is on line ${this.versionLine})`;
          this.context.tolerate('version-repeated', tag.line, `${refusal}; the first one counts`, refusal);
          return true;
        }
        this.versionLine = tag.line;
        const refusal = `EXT-X-VERSION must be a decimal-integer, found ${JSON.stringify(tag.value)}`;
        if (!/^\d{1,15}$/.test(tag.value.trim())) {
          this.context.tolerate('version-invalid', tag.line, `${refusal}; it is ignored`, refusal);
          return true;
        }
        this.version = parseDecimalInteger(tag.value.trim(), () => this.context.fail(tag.line, refusal));
        return true;
      }
      case 'EXT-X-INDEPENDENT-SEGMENTS':
        this.independentSegments = true;
        return true;
      case 'EXT-X-START': {
        const attributes: AttributeList = new AttributeList(this.context, tag.name, tag.line, tag.value);
        const timeOffset = attributes.float('TIME-OFFSET', true);
        if (timeOffset === undefined) attributes.fail('the TIME-OFFSET attribute is required');
        this.start = { timeOffset, precise: attributes.boolean('PRECISE', false) };
        return true;
      }
      default:
        return false;
    }
  }
}
