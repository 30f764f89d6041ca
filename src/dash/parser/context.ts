// What every stage of the MPD parser shares: the MPD's URL for messages, how to name an
// element and its place, the typed attribute readers (xs:duration, xs:dateTime, unsigned
// integers…) with their errors, and the tolerated deviations: each one a warning, reported
// once per kind, or an error under `strict`.
import { ManifestError } from '../../errors/manifest-error.js';
import type { MpdWarning, Place } from './types.js';
import type { XmlElement } from './xml.js';

export interface MpdParseOptions {
  /** Refuse the deviations common players accept (each is otherwise accepted and reported). @default false */
  readonly strict?: boolean;
  /** Receives each kind of deviation once. @default undefined */
  readonly onWarning?: (warning: MpdWarning) => void;
}

export class MpdContext {
  readonly #warned = new Set<string>();

  constructor(
    readonly url: string,
    private readonly options: MpdParseOptions = {},
  ) {}

  place(element: XmlElement, describe = describeElement(element)): Place {
    return { line: element.line, column: element.column, element: describe };
  }

  fail(place: Place, reason: string, cause?: unknown): never {
    throw new ManifestError(this.url, place.line, place.column, place.element, reason, cause === undefined ? undefined : { cause });
  }

  /** A deviation players accept: warned once per `code` (`message`), or refused under `strict` (`refusal`). */
  tolerate(code: string, place: Place, message: string, refusal: string): void {
    if (this.options.strict) this.fail(place, refusal);
    if (this.#warned.has(code)) return;
    this.#warned.add(code);
    this.options.onWarning?.({ code, message, place });
  }

  resolve(reference: string, base: string, place: Place): string {
    try {
      return new URL(reference, base).href;
    } catch (error) {
      return this.fail(place, `URL ${JSON.stringify(reference)} does not resolve against ${base}`, error);
    }
  }

  /** An xs:unsignedInt / unsignedLong attribute; a decimal such as "1000.0" is tolerated. */
  unsigned(element: XmlElement, name: string): number | undefined {
    const text = element.attributes[name]?.trim();
    if (text === undefined) return undefined;
    if (/^\d+$/.test(text)) return checkedInteger(this, element, name, text);
    if (/^\d+\.0*$/.test(text)) {
      this.tolerate('decimal-integer', this.place(element), `@${name}="${text}" should be a whole number (xs:unsignedInt); read as ${Number.parseInt(text, 10)}`, `@${name} must be a whole number, found ${JSON.stringify(text)}`);
      return checkedInteger(this, element, name, text.replace(/\..*$/, ''));
    }
    return this.fail(this.place(element), `@${name} must be a whole number, found ${JSON.stringify(text)}`);
  }

  /** An xs:integer attribute (may be negative: S@r). */
  integer(element: XmlElement, name: string): number | undefined {
    const text = element.attributes[name]?.trim();
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) this.fail(this.place(element), `@${name} must be an integer, found ${JSON.stringify(text)}`);
    return checkedInteger(this, element, name, text);
  }

  /** An xs:double attribute. */
  number(element: XmlElement, name: string): number | undefined {
    const text = element.attributes[name]?.trim();
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) this.fail(this.place(element), `@${name} must be a number, found ${JSON.stringify(text)}`);
    return value;
  }

  /** An xs:duration attribute, in seconds. */
  duration(element: XmlElement, name: string): number | undefined {
    const text = element.attributes[name]?.trim();
    if (text === undefined) return undefined;
    const seconds = parseXsDuration(text);
    if (seconds === undefined) this.fail(this.place(element), `@${name} must be an xs:duration such as PT1H2M3.5S, found ${JSON.stringify(text)}`);
    return seconds;
  }

  /** An xs:dateTime attribute, in milliseconds since the epoch (UTC when it names no zone). */
  dateTime(element: XmlElement, name: string): number | undefined {
    const text = element.attributes[name]?.trim();
    if (text === undefined) return undefined;
    const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`;
    const ms = Date.parse(zoned);
    if (!/^-?\d{4,}-\d\d-\d\dT\d\d:\d\d/.test(text) || Number.isNaN(ms)) {
      this.fail(this.place(element), `@${name} must be an xs:dateTime such as 2024-01-02T03:04:05Z, found ${JSON.stringify(text)}`);
    }
    return ms;
  }
}

function checkedInteger(context: MpdContext, element: XmlElement, name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) context.fail(context.place(element), `@${name}=${text} is beyond 2^53, which trawl cannot compute with exactly`);
  return value;
}

const XS_DURATION = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d*)?)S)?)?$/;

/**
 * xs:duration (XML Schema 2, 3.2.6) in seconds. Years and months have no fixed length; as
 * players do, a year counts 365 days and a month 30 (MPD durations rarely use either).
 */
export function parseXsDuration(text: string): number | undefined {
  const match = XS_DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, sign, y, mo, d, h, mi, s] = match;
  const seconds = Number(y ?? 0) * 365 * 86400 + Number(mo ?? 0) * 30 * 86400 + Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(mi ?? 0) * 60 + Number(s ?? 0);
  return sign ? -seconds : seconds;
}

/** `AdaptationSet id="1" (contentType video)`, `Representation id="v1"`: how messages name an element. */
export function describeElement(element: XmlElement): string {
  const id = element.attributes.id;
  return id === undefined ? `<${element.name}>` : `<${element.name} id="${id}">`;
}
