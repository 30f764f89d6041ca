// htmlparser2's Parser with the nesting depth bounded, as browsers bound it. htmlparser2 keeps its
// stack of open elements with the innermost first (unshift/shift), so each open or close costs
// the stack's length: a page of 200,000 nested <div>s took minutes to parse. Past MAX_DEPTH open
// elements, the innermost is closed before the next one opens, so the new element becomes its
// sibling instead of its child (Chromium stops nesting at 512 levels the same way). Pages a
// browser renders normally never come near the limit; a hostile page parses in linear time, and
// its content is all still there.
import { DomHandler, type Document } from 'domhandler';
import { Parser, type Handler, type ParserOptions } from 'htmlparser2';

/** Open elements a page may nest before new ones become siblings (Chromium's limit). */
export const MAX_DEPTH = 512;

// htmlparser2 tracks these for its foreign-content (SVG, MathML) rules; its sets are private.
const FOREIGN_CONTEXT = new Set(['math', 'svg']);
const HTML_INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

/** The Parser's private state this class touches (htmlparser2 10.x, pinned in package.json). */
interface ParserInternals {
  stack: string[];
  foreignContext: boolean[];
  htmlMode: boolean;
  cbs: Partial<Handler>;
  isVoidElement(name: string): boolean;
}

export class BoundedParser extends Parser {}

type EmitOpenTag = (this: ParserInternals, name: string) => void;
const prototype = Parser.prototype as unknown as { emitOpenTag: EmitOpenTag };
const emitOpenTag = prototype.emitOpenTag;
if (typeof emitOpenTag !== 'function') throw new Error('htmlparser2 changed: Parser.emitOpenTag is gone (see src/parse/bounded-parser.ts)');

(BoundedParser.prototype as unknown as { emitOpenTag: EmitOpenTag }).emitOpenTag = function (this: ParserInternals, name: string): void {
  if (this.stack.length >= MAX_DEPTH && !this.isVoidElement(name)) {
    const innermost = this.stack.shift()!;
    if (this.htmlMode && (FOREIGN_CONTEXT.has(innermost) || HTML_INTEGRATION.has(innermost))) this.foreignContext.shift();
    this.cbs.onclosetag?.(innermost, true);
  }
  emitOpenTag.call(this, name);
};

/** Parses a whole page into a domhandler Document, depth-bounded (htmlparser2's parseDocument otherwise). */
export function parseDocumentBounded(html: string, options: ParserOptions = {}): Document {
  const handler = new DomHandler(undefined, options);
  new BoundedParser(handler, options).end(html);
  return handler.root;
}
