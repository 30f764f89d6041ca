// A small well-formedness check for the SVG the chart writes: tags nest and close in order,
// attributes are quoted and hold no raw '<' or bare '&', text holds no raw '<' or bare '&'.
// Enough to catch an unescaped label or a missing close tag; not a full XML parser.

const NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const ATTRIBUTE = new RegExp(`^\\s+(${NAME})="([^"]*)"`);

function checkText(text: string, where: string): void {
  if (text.includes('<')) throw new Error(`raw '<' in ${where}`);
  if (text.replace(ENTITY, '').includes('&')) throw new Error(`bare '&' in ${where}`);
}

/** Returns the element names in document order; throws on the first well-formedness problem. */
export function checkWellFormed(xml: string): string[] {
  const elements: string[] = [];
  const open: string[] = [];
  let rest = xml.replace(/^<\?xml[^?]*\?>/, '');
  let roots = 0;
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt === -1 ? rest : rest.slice(0, lt);
    checkText(text, `text "${text.slice(0, 40)}"`);
    if (open.length === 0 && text.trim() !== '') throw new Error('text outside the root element');
    if (lt === -1) break;
    rest = rest.slice(lt);
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end === -1) throw new Error('unclosed comment');
      rest = rest.slice(end + 3);
      continue;
    }
    const close = new RegExp(`^</(${NAME})\\s*>`).exec(rest);
    if (close) {
      const expected = open.pop();
      if (expected !== close[1]) throw new Error(`</${close[1]}> closes <${expected ?? 'nothing'}>`);
      rest = rest.slice(close[0].length);
      continue;
    }
    const start = new RegExp(`^<(${NAME})`).exec(rest);
    if (!start) throw new Error(`bad markup at "${rest.slice(0, 40)}"`);
    const name = start[1]!;
    if (open.length === 0 && ++roots > 1) throw new Error('more than one root element');
    rest = rest.slice(start[0].length);
    const seen = new Set<string>();
    for (let attr = ATTRIBUTE.exec(rest); attr; attr = ATTRIBUTE.exec(rest)) {
      if (seen.has(attr[1]!)) throw new Error(`<${name}> repeats ${attr[1]}`);
      seen.add(attr[1]!);
      checkText(attr[2]!, `<${name} ${attr[1]}>`);
      rest = rest.slice(attr[0].length);
    }
    const end = /^\s*(\/?)>/.exec(rest);
    if (!end) throw new Error(`<${name}> is not closed properly at "${rest.slice(0, 40)}"`);
    rest = rest.slice(end[0].length);
    elements.push(name);
    if (end[1] !== '/') open.push(name);
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join('>, <')}>`);
  if (roots !== 1) throw new Error('no root element');
  return elements;
}
