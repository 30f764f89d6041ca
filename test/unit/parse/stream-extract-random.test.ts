// Randomised equivalence: 500 small generated documents (seeded, so every run is the same) with
// random nesting, omitted end tags, uppercase names, entities, comments and scripts, each read with
// random selectors from the streamable subset; streamExtract must agree with the DOM path on every
// field (Selector.first) and on the links (HtmlDocument.links).
import { describe, expect, it } from 'vitest';
import { prng } from '../../../src/demo/prng.js';
import { compileSelector, parseHtml } from '../../../src/parse/index.js';
import { compileStreamRules, streamExtract } from '../../../src/parse/stream-extract.js';
import { chance, randomNodes, randomSelector } from './random-html.js';

const DOCUMENTS = 500;
const FIELDS_PER_DOCUMENT = 8;

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
