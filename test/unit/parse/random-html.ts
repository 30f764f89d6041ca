// Seeded random HTML documents and random selectors from the streamable CSS subset, for the
// equivalence tests of the SAX path (stream-extract*.test.ts) against the DOM path.
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

export type Random = () => number;
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
export const chance = (random: Random, p: number): boolean => random() < p;

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

export function randomNodes(random: Random, depth: number): string {
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

export function randomChain(random: Random): string {
  let chain = randomCompound(random);
  for (let i = Math.floor(random() * random() * 3); i > 0; i -= 1) chain = `${randomCompound(random)}${chance(random, 0.5) ? ' > ' : ' '}${chain}`;
  return chain;
}

export function randomSelector(random: Random, pseudos: readonly string[]): string {
  const pseudo = pick(random, pseudos);
  const groups = chance(random, 0.2) ? [randomChain(random), randomChain(random)] : [randomChain(random)];
  return groups.map((group) => `${group}${pseudo}`).join(', ');
}

