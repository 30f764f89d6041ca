// Sitemap documents as they stream in, text chunk by text chunk: the XML formats of
// sitemaps.org (<urlset> and <sitemapindex>), a plain-text sitemap (one URL a line), and
// robots.txt, whose `Sitemap:` lines name sitemaps. Pure: the reader (reader.ts) does the I/O
// and drains what each chunk produced, so a sitemap of any size is never held whole.
//
// XML goes through htmlparser2 in xmlMode, a SAX parser that forgives what real sitemaps get
// wrong (a stray `&`, an unclosed tag) where a strict XML parser would stop at the first error.
import { Parser } from 'htmlparser2';

/** A <loc> with its <lastmod>, as written (trimmed). */
export interface SitemapLoc {
  readonly loc: string;
  readonly lastmod: string | undefined;
}

export type SitemapFormat = 'urlset' | 'sitemapindex' | 'text' | 'robots';

export class SitemapParser {
  /** Page URLs found since the last drain. */
  urls: SitemapLoc[] = [];
  /** Further sitemaps named since the last drain (index entries, robots.txt `Sitemap:` lines). */
  sitemaps: SitemapLoc[] = [];
  /** What the document turned out to be; undefined until its first element or line. */
  format: SitemapFormat | undefined;
  /** Set when the document is not a sitemap at all (e.g. an HTML page): why. */
  problem: string | undefined;
  /** Lines of a text sitemap that are not URLs: how many, and the first one's number. */
  badLines = 0;
  firstBadLine = 0;

  #xml: Parser | undefined;
  #started = false;
  #line = '';
  #lineNumber = 0;
  // XML state: the element path below the root, and the entry being read.
  #depth = 0;
  #field: 'loc' | 'lastmod' | undefined;
  #loc = '';
  #lastmod: string | undefined;

  /** `robots`: the document is a robots.txt (chosen by the caller from the URL's path). */
  constructor(private readonly robots: boolean) {
    if (robots) this.format = 'robots';
  }

  /** Takes the next piece of the document's text. */
  write(text: string): void {
    if (this.problem !== undefined) return;
    if (!this.#started) {
      const rest = text.replace(/^[\uFEFF\s]+/, '');
      if (rest === '') return;
      this.#started = true;
      text = rest;
      if (!this.robots && rest.startsWith('<')) this.#xml = this.#createXmlParser();
      else this.format ??= 'text';
    }
    if (this.#xml !== undefined) this.#xml.write(text);
    else this.#lines(text);
  }

  /** The document ended. */
  end(): void {
    if (this.#xml !== undefined) this.#xml.end();
    else if (this.#line !== '') this.#takeLine(this.#line);
    this.#line = '';
  }

  #lines(text: string): void {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      this.#takeLine(this.#line + text.slice(start, newline));
      this.#line = '';
      start = newline + 1;
    }
    this.#line += text.slice(start);
  }

  #takeLine(raw: string): void {
    this.#lineNumber += 1;
    const line = raw.trim();
    if (this.robots) {
      const match = /^sitemap\s*:\s*(\S+)/i.exec(line);
      if (match) this.sitemaps.push({ loc: match[1] as string, lastmod: undefined });
      return;
    }
    if (line === '' || line.startsWith('#')) return;
    if (/^https?:\/\/\S+$/i.test(line)) {
      this.urls.push({ loc: line, lastmod: undefined });
    } else {
      this.badLines += 1;
      if (this.badLines === 1) this.firstBadLine = this.#lineNumber;
    }
  }

  #createXmlParser(): Parser {
    return new Parser(
      {
        onopentag: (name) => this.#open(localName(name)),
        onclosetag: (name) => this.#close(localName(name)),
        ontext: (text) => {
          if (this.#field === 'loc') this.#loc += text;
          else if (this.#field === 'lastmod') this.#lastmod = (this.#lastmod ?? '') + text;
        },
      },
      { xmlMode: true, decodeEntities: true },
    );
  }

  #open(name: string): void {
    this.#depth += 1;
    if (this.#depth === 1) {
      if (name === 'urlset' || name === 'sitemapindex') this.format = name;
      else this.problem = name === 'html' ? 'an HTML page, not a sitemap' : `not a sitemap (its root element is <${name}>)`;
      return;
    }
    // <urlset><url><loc>: the field elements sit at depth 3.
    if (this.#depth === 2) {
      this.#loc = '';
      this.#lastmod = undefined;
    } else if (this.#depth === 3 && (name === 'loc' || name === 'lastmod')) {
      this.#field = name;
    }
  }

  #close(name: string): void {
    if (this.#depth === 3) this.#field = undefined;
    if (this.#depth === 2) {
      const entry = (name === 'url' && this.format === 'urlset') || (name === 'sitemap' && this.format === 'sitemapindex');
      const loc = this.#loc.trim();
      if (entry && loc !== '') {
        const found = { loc, lastmod: this.#lastmod?.trim() };
        if (this.format === 'urlset') this.urls.push(found);
        else this.sitemaps.push(found);
      }
    }
    this.#depth -= 1;
  }
}

/** `sm:urlset` and `urlset` are the same element: sitemaps are sometimes written with a prefix. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
}

/**
 * A W3C datetime as sitemaps write <lastmod> (`2024-05-01`, `2024-05-01T10:00:00+02:00`, with or
 * without seconds, fractions, a zone), as milliseconds since the epoch; NaN when it is not one.
 * A date without a time is midnight UTC.
 */
export function parseLastmod(text: string): number {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/.exec(text.trim());
  if (!match) return Number.NaN;
  const [, year, month = '01', day = '01', hour, minute, second = '00', fraction = '', zone] = match;
  if (hour === undefined) return Date.parse(`${year}-${month}-${day}T00:00:00Z`);
  const offset = zone === undefined || zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  return Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${offset}`);
}
