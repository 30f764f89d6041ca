// XML text to a small element tree for the MPD parser, with the line and column of every
// element, on saxes (a strict, well-formedness-checking SAX parser). Namespaces are not
// resolved: element names are taken without their prefix (MPDs are written with and without a
// default namespace, and prefixed copies of the schema exist), attribute names as written.
// A document that is not well-formed XML is a ManifestError naming the line and the column.
import { SaxesParser } from 'saxes';
import { ManifestError } from '../../errors/manifest-error.js';

export interface XmlElement {
  /** Local name (the prefix, if any, removed). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The text directly inside the element, trimmed (BaseURL, Location…). */
  readonly text: string;
  /** Text and child elements in document order (mixed content, as TTML paragraphs have). */
  readonly content: readonly (string | XmlElement)[];
  /** 1-based line and column of the element's `<`. */
  readonly line: number;
  readonly column: number;
}

interface Building {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  content: (string | XmlElement)[];
  line: number;
  column: number;
}

/**
 * Parses `text`; `url` names the document in errors. Throws ManifestError (line, column) for
 * text that is not well-formed XML.
 */
export function parseXml(text: string, url: string): XmlElement {
  const parser = new SaxesParser({ position: true });
  // A BOM is not XML; some servers send one anyway.
  const bom = text.startsWith('\ufeff') ? 1 : 0;
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let failure: ManifestError | undefined;
  // saxes reports the position after the text it has read; an element's line and column are
  // worked out from the offset of its `<` in the text.
  const lineStarts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  let tagOffset = 0;
  parser.on('error', (error) => {
    failure ??= new ManifestError(url, parser.line, parser.column + 1, '', `not well-formed XML: ${error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '')}`, { cause: error });
    throw failure;
  });
  parser.on('opentagstart', (tag) => {
    // saxes has read `<name` and the character after it at this point.
    tagOffset = Math.max(0, parser.position - tag.name.length - 2);
  });
  parser.on('opentag', (tag) => {
    const name = tag.name.includes(':') ? tag.name.slice(tag.name.indexOf(':') + 1) : tag.name;
    const element: Building = {
      name,
      attributes: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: '',
      content: [],
      ...lineAndColumn(lineStarts, tagOffset + bom),
    };
    stack.push(element);
  });
  const onText = (chunk: string): void => {
    const top = stack.at(-1);
    if (!top) return;
    top.text += chunk;
    top.content.push(chunk);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const done = stack.pop()!;
    const element: XmlElement = { ...done, text: done.text.trim() };
    const parent = stack.at(-1);
    if (parent) {
      parent.children.push(element);
      parent.content.push(element);
    } else {
      root = element;
    }
  });
  try {
    parser.write(bom ? text.slice(1) : text).close();
  } catch (error) {
    if (failure) throw failure;
    throw new ManifestError(url, parser.line, parser.column + 1, '', `not well-formed XML: ${(error as Error).message}`, { cause: error });
  }
  if (!root) throw new ManifestError(url, 1, 1, '', 'not well-formed XML: the document has no root element');
  return root;
}

function lineAndColumn(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 };
}

/** Children of `element` named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
