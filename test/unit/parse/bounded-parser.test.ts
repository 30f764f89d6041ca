// Nesting is bounded as browsers bound it, so a hostile page parses in linear time and keeps its
// content; ordinary pages parse exactly as before.
import { describe, expect, it } from 'vitest';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { MAX_DEPTH, parseDocumentBounded } from '../../../src/parse/bounded-parser.js';
import { parseHtml } from '../../../src/parse/html-document.js';
import { render } from 'dom-serializer';

function depthOf(node: AnyNode): number {
  let deepest = 0;
  const stack: [AnyNode, number][] = [[node, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if ('children' in current) for (const child of (current as Element).children) stack.push([child, depth + 1]);
  }
  return deepest;
}

const hostile = (levels: number): string =>
  `<html><body><h1 class="title">Deep</h1>${'<div>'.repeat(levels)}inner${'</div>'.repeat(levels)}<span class="price">9.99</span></body></html>`;

describe('the depth-bounded HTML parser', () => {
  it('parses 200,000 nested divs with the tree at most MAX_DEPTH deep, keeping what follows them', () => {
    const started = Date.now();
    const doc = parseHtml(hostile(200_000), 'http://x/');
    // Minutes before the bound; a generous ceiling for a loaded machine.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(depthOf(doc.root)).toBeLessThanOrEqual(MAX_DEPTH + 2);
    expect(doc.xpath('string(//h1)')).toBe('Deep');
    expect(doc.xpath('string(//span[@class="price"])')).toBe('9.99');
    expect(doc.xpath('count(//div)')).toBe(200_000);
    expect(doc.xpath('string((//div)[last()])')).toBe('inner');
  });

  it('leaves pages within the limit exactly as htmlparser2 parses them', () => {
    const pages = [
      '<!DOCTYPE html><html><head><title>t</title></head><body><table><tr><td>1<td>2</table><p>a<p>b<ul><li>x<li>y</ul></body></html>',
      `<div>${'<section><p>text <b>bold</b></p>'.repeat(200)}${'</section>'.repeat(200)}</div><svg><g><title>s</title></g></svg>`,
      `${'<span>'.repeat(MAX_DEPTH - 5)}deep enough${'</span>'.repeat(MAX_DEPTH - 5)}`,
    ];
    for (const page of pages) expect(render(parseDocumentBounded(page))).toBe(render(parseDocument(page)));
  });

  it('makes elements past the limit siblings instead of children', () => {
    const doc = parseDocumentBounded(`<body>${'<b>'.repeat(MAX_DEPTH + 10)}x`);
    const bolds: Element[] = [];
    const walk = (node: AnyNode): void => {
      if (isTag(node) && node.name === 'b') bolds.push(node);
      if ('children' in node) for (const child of (node as Element).children) walk(child);
    };
    walk(doc);
    expect(bolds).toHaveLength(MAX_DEPTH + 10);
    expect(depthOf(doc)).toBeLessThanOrEqual(MAX_DEPTH + 2);
  });
});
