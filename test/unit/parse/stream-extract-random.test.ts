// Randomised equivalence: 500 small generated documents (seeded, so every run is the same) with
// random nesting, omitted end tags, uppercase names, entities, comments and scripts, each read with
// random selectors from the streamable subset; streamExtract must agree with the DOM path on every
// field (Selector.first) and on the links (HtmlDocument.links).
import { describe, expect, it } from 'vitest';
import { prng } from '../../../src/demo/prng.js';
import { compileSelector, parseHtml } from '../../../src/parse/index.js';
import { compileStreamRules, streamExtract } from '../../../src/parse/stream-extract.js';

const DOCUMENTS = 500;
const FIELDS_PER_DOCUMENT = 8;

const TAGS = ['div', 'p', 'span', 'a', 'li', 'ul', 'table', 'tr', 'td', 'b', 'h1', 'section', 'i', 'br', 'img', 'base'];
const VOID = new Set(['br', 'img', 'base']);
const CLASSES = ['a', 'b', 'c', 'A', 'x-y'];
const IDS = ['x', 'y', 'z'];
const HREFS = ['/p1', 'p2', '#f', '/p1#x', 'mailto:x@y.test', ' /p3 ', 'https://o.test/q', '', '../up', 'P2', '/p1'];
const DATA = ['1', '2', 'v', 'V', 'v-w', 'a b'];
const TEXTS = ['', ' ', '\n  ', 'foo', ' bar ', '&amp;', '&nbsp;', 'x&lt;y', '  baz  qux ', '/p1', 'p2 '];
const SPACES = [' ', '  ', '\t', '\n'];
/** Stray end tags, self-closing syntax (ignored in HTML, honoured inside <svg>), a processing instruction. */
const ODD_MARKUP = ['</p>', '</br>', '</td>', '</li>', '</span>', '<div class=a/>', '<a href="/sc"/>', '<?pi x?>',
  '<svg class=b><path class=a/><text>t</text></svg>', '<p/>', '<img class=a/>'];

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, p: number): boolean => random() < p;

function randomAttributes(random: Random, tag: string): string {
  const parts: string[] = [];
  if (chance(random, 0.5)) {
    const classes = Array.from({ length: Math.floor(random() * 3) + 1 }, () => pick(random, CLASSES));
    parts.push(`class="${classes.join(pick(random, SPACES))}"`);
  }
  if (chance(random, 0.2)) parts.push(`id=${pick(random, IDS)}`);
  if (tag === 'a' || tag === 'base' || chance(random, 0.1)) {
    if (chance(random, 0.85)) parts.push(`href="${pick(random, HREFS)}"`);
  }
  if (chance(random, 0.25)) parts.push(`${chance(random, 0.3) ? 'DATA-K' : 'data-k'}="${pick(random, DATA)}"`);
  if (chance(random, 0.05)) parts.push('class="dup"');
  return parts.length === 0 ? '' : ` ${parts.join(' ')}`;
}

function randomNodes(random: Random, depth: number): string {
  const out: string[] = [];
  const count = depth > 5 ? 0 : Math.floor(random() * (depth === 0 ? 6 : 4)) + (depth < 2 ? 1 : 0);
  for (let i = 0; i < count; i += 1) {
    const roll = random();
    if (roll < 0.3) {
      out.push(pick(random, TEXTS));
    } else if (roll < 0.35) {
      out.push(chance(random, 0.5) ? '<!-- c -->' : '<![CDATA[ cd ]]>');
    } else if (roll < 0.38) {
      out.push(`<script>var s = "</div>"; ${pick(random, TEXTS)}</script>`);
    } else if (roll < 0.43) {
      out.push(pick(random, ODD_MARKUP));
    } else {
      const tag = pick(random, TAGS);
      const name = chance(random, 0.15) ? tag.toUpperCase() : tag;
      out.push(`<${name}${randomAttributes(random, tag)}>`);
      if (!VOID.has(tag)) {
        out.push(randomNodes(random, depth + 1));
        if (!chance(random, 0.2)) out.push(`</${name}>`);
      }
    }
  }
  return out.join('');
}

function randomCompound(random: Random): string {
  let compound = '';
  const roll = random();
  if (roll < 0.55) compound += pick(random, TAGS.filter((tag) => tag !== 'base'));
  else if (roll < 0.65) compound += '*';
  for (let i = Math.floor(random() * 3); i > 0; i -= 1) if (chance(random, 0.4)) compound += `.${pick(random, CLASSES)}`;
  if (chance(random, 0.07)) compound += `#${pick(random, IDS)}`;
  if (chance(random, 0.15)) {
    const name = pick(random, ['href', 'data-k', 'DATA-K', 'class', 'id']);
    const op = pick(random, ['', '=', '~=', '^=', '$=', '*=', '|=']);
    const flag = pick(random, ['', '', ' i', ' s']);
    compound += op === '' ? `[${name}]` : `[${name}${op}"${pick(random, [...DATA, ...HREFS, 'p'])}"${flag}]`;
  }
  return compound === '' ? '*' : compound;
}

function randomChain(random: Random): string {
  let chain = randomCompound(random);
  for (let i = Math.floor(random() * random() * 3); i > 0; i -= 1) chain = `${randomCompound(random)}${chance(random, 0.5) ? ' > ' : ' '}${chain}`;
  return chain;
}

function randomSelector(random: Random, pseudos: readonly string[]): string {
  const pseudo = pick(random, pseudos);
  const groups = chance(random, 0.2) ? [randomChain(random), randomChain(random)] : [randomChain(random)];
  return groups.map((group) => `${group}${pseudo}`).join(', ');
}

const FIELD_PSEUDOS = ['', '', '::text', '::text', '::attr(href)', '::attr(class)', '::attr(data-k)', '::attr(id)'];
const FOLLOW_PSEUDOS = ['', '', '::attr(href)', '::attr(data-k)', '::text'];

describe('streamExtract on random documents', () => {
  it(`agrees with the DOM path on ${DOCUMENTS} generated documents and random selectors`, () => {
    const random = prng(20_240_601);
    let fieldsCompared = 0;
    let fieldsFound = 0;
    let linksFound = 0;
    for (let n = 0; n < DOCUMENTS; n += 1) {
      const html = randomNodes(random, 0) + randomNodes(random, 0);
      const sources = Array.from({ length: FIELDS_PER_DOCUMENT }, () => randomSelector(random, FIELD_PSEUDOS));
      const follow = chance(random, 0.3) ? undefined : randomSelector(random, FOLLOW_PSEUDOS);
      const url = chance(random, 0.9) ? 'http://h.test/dir/page.html' : 'https://h.test/';
      const rules = compileStreamRules(sources.map((source, i) => ({ name: `f${i}`, source })), follow);
      if (rules === undefined) throw new Error(`refused: ${sources.join(' | ')} | follow ${follow}`);
      const stream = streamExtract(rules, html, url);
      const doc = parseHtml(html, url);
      const expected = {
        fields: Object.fromEntries(sources.map((source, i) => [`f${i}`, compileSelector(source, 'test').first(doc)])),
        links: doc.links(follow),
      };
      expect(stream, `document ${n}: ${html}\nselectors: ${sources.join(' | ')}\nfollow: ${follow}`).toEqual(expected);
      fieldsCompared += sources.length;
      fieldsFound += Object.values(expected.fields).filter((value) => value !== null).length;
      if (expected.links.length > 0) linksFound += 1;
    }
    // The comparison means something only if the selectors often match.
    expect(fieldsCompared).toBe(DOCUMENTS * FIELDS_PER_DOCUMENT);
    expect(fieldsFound).toBeGreaterThan(fieldsCompared * 0.25);
    expect(linksFound).toBeGreaterThan(DOCUMENTS * 0.25);
  });
});
