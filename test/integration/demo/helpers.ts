// Shared helpers for the demo-site tests: a tiny lxml-like path walk over htmlparser2's tree
// (the project's own parse layer is tested elsewhere), hashing, and a raw HTTP request for URLs
// that fetch would re-encode.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { parseDocument } from 'htmlparser2';
import type { Document, Element } from 'domhandler';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function parseHtml(html: string): Document {
  return parseDocument(html);
}

function childElements(node: Document | Element): Element[] {
  return node.children.filter((child): child is Element => child.type === 'tag');
}

/**
 * Evaluates an lxml-style location path of child steps such as "html/body/div[2]/table/tr"
 * from `from`: each step takes the element children with that name (`*` for any), and
 * `name[n]` keeps the n-th of them per context node, as XPath does. No implicit <tbody>.
 */
export function walk(from: Document | Element | readonly (Document | Element)[], path: string): Element[] {
  let nodes: (Document | Element)[] = Array.isArray(from) ? [...from] : [from as Document | Element];
  for (const step of path.split('/').filter(Boolean)) {
    const match = /^([\w*-]+)(?:\[(\d+)\])?$/.exec(step);
    if (!match) throw new Error(`unsupported step ${step}`);
    const [, name, position] = match;
    nodes = nodes.flatMap((node) => {
      const named = childElements(node).filter((el) => name === '*' || el.name === name);
      if (position === undefined) return named;
      const picked = named[Number(position) - 1];
      return picked ? [picked] : [];
    });
  }
  return nodes as Element[];
}

/** Every element in document order whose attribute `name` equals `value` (like //*[@id="x"]). */
export function findAll(root: Document | Element, test: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (node: Document | Element): void => {
    for (const child of childElements(node)) {
      if (test(child)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** The text node children of an element, like ./text() in XPath. */
export function textNodes(el: Element): string[] {
  return el.children.flatMap((child) => (child.type === 'text' ? [(child as unknown as { data: string }).data] : []));
}

export interface RawResponse {
  readonly status: number;
  readonly headers: string;
  readonly body: Buffer;
}

/** GET with the request target sent byte for byte (fetch would percent-encode `"`, `{`, `|`). */
export function rawGet(base: string, target: string): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const headers = all.subarray(0, split).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(headers)?.[1]), headers, body: all.subarray(split + 4) });
    });
  });
}
