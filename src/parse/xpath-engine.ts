// XPath 1.0 compilation and evaluation with the `xpath` package over the views of xpath-dom.ts.
// Expressions are compiled once and cached by source. Everything a user can get wrong that is
// knowable without a document (syntax, unknown functions, wrong argument counts, namespace
// prefixes, which HTML cannot declare) is reported at compile time as a SelectorError naming the
// expression and the place it was given.
import type { AnyNode } from 'domhandler';
import { SelectorError } from '../errors/selector-error.js';
import { AttrView, NodeView, type ViewCache, type XPathAttribute } from './xpath-dom.js';
import { applyXPathFixes } from './xpath-fixes.js';
import { lazyRequire } from '../util/lazy-require.js';

/** A node an XPath can return: a domhandler node (element, text, comment, document) or an attribute. */
export type XPathNode = AnyNode | XPathAttribute;
/** What an XPath evaluates to: a node-set in document order, or a string, number or boolean. */
export type XPathValue = XPathNode[] | string | number | boolean;

// The parts of the package this module uses; its bundled typings do not declare parse().
interface EngineValue {
  stringValue(): string;
  numberValue(): number;
  booleanValue(): boolean;
}
interface EngineNodeSet extends EngineValue {
  toArray(): Array<NodeView | AttrView>;
}
interface ParsedExpression {
  readonly expression: unknown;
  evaluate(options: { node: NodeView | AttrView }): EngineValue;
}
interface Engine {
  parse(source: string): ParsedExpression;
  XNodeSet: new () => EngineNodeSet;
  XNumber: new () => EngineValue;
  XBoolean: new () => EngineValue;
  FunctionCall: new () => { functionName: string; arguments: unknown[] };
  NodeTest: {
    NameTestQName: new () => { prefix: string | null };
    NameTestPrefixAny: new () => { prefix: string | null };
  };
}
const loadXPath = lazyRequire<unknown>('xpath');
let loaded: Engine | undefined;
/** The `xpath` package, loaded (and corrected) on the first XPath: CSS-only crawls never load it. */
function engine(): Engine {
  if (loaded === undefined) {
    const module = loadXPath();
    applyXPathFixes(module);
    loaded = module as Engine;
  }
  return loaded;
}

/** A compiled XPath expression. */
export interface CompiledXPath {
  readonly source: string;
  /** @internal the package's parsed expression */
  readonly parsed: ParsedExpression;
}

// XPath 1.0 core functions as the package implements them: [fewest, most] arguments.
const FUNCTION_ARITY: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['last', [0, 0]], ['position', [0, 0]], ['count', [1, 1]], ['id', [1, 1]],
  ['local-name', [0, 1]], ['namespace-uri', [0, 1]], ['name', [0, 1]], ['string', [0, 1]],
  ['concat', [2, Infinity]], ['starts-with', [2, 2]], ['contains', [2, 2]],
  ['substring-before', [2, 2]], ['substring-after', [2, 2]], ['substring', [2, 3]],
  ['string-length', [0, 1]], ['normalize-space', [0, 1]], ['translate', [3, 3]],
  ['boolean', [1, 1]], ['not', [1, 1]], ['true', [0, 0]], ['false', [0, 0]], ['lang', [1, 1]],
  ['number', [0, 1]], ['sum', [1, 1]], ['floor', [1, 1]], ['ceiling', [1, 1]], ['round', [1, 1]],
]);

const CACHE_LIMIT = 256;
const cache = new Map<string, CompiledXPath>();

/** Compiles `source` (cached by source), or throws SelectorError naming it and `place`. */
export function compileXPath(source: string, place: string): CompiledXPath {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  let parsed: ParsedExpression;
  try {
    parsed = engine().parse(source);
  } catch (error) {
    throw new SelectorError(source, place, syntaxReason(source, error), { cause: error });
  }
  checkNames(source, place, parsed.expression);
  const compiled: CompiledXPath = { source, parsed };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, compiled);
  return compiled;
}

/** Evaluates with `context` as the context node; node-sets come back in document order. */
export function evaluateXPath(compiled: CompiledXPath, views: ViewCache, context: AnyNode, place: string): XPathValue {
  const raw = evaluateRaw(compiled, views, context, place);
  if (Array.isArray(raw)) return raw.map((view) => (view instanceof AttrView ? view.toAttribute() : view.node));
  return raw;
}

/** As evaluateXPath, but node-sets stay as views (no attribute stand-ins are allocated). */
export function evaluateRaw(
  compiled: CompiledXPath,
  views: ViewCache,
  context: AnyNode,
  place: string,
): Array<NodeView | AttrView> | string | number | boolean {
  let result: EngineValue;
  views.beginEvaluation();
  try {
    result = compiled.parsed.evaluate({ node: views.view(context) });
  } catch (error) {
    throw new SelectorError(compiled.source, place, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const value: object = result;
  if (value instanceof engine().XNodeSet) {
    // namespace::* yields the package's own namespace objects, which have no place in an HTML tree.
    const nodes: unknown[] = value.toArray();
    return nodes.filter(isView);
  }
  if (value instanceof engine().XNumber) return result.numberValue();
  if (value instanceof engine().XBoolean) return result.booleanValue();
  return result.stringValue();
}

function isView(value: unknown): value is NodeView | AttrView {
  return value instanceof NodeView || value instanceof AttrView;
}

/** XPath's string form of a number: integers without a fraction, NaN and Infinity spelled out. */
export function xpathNumberString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '0';
  return String(value);
}

// The package only says "XPath parse error"; an unbalanced bracket or quote is the usual cause and
// worth naming.
function syntaxReason(source: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('Unterminated string')) return 'unterminated string literal';
  if (message === 'XPath expression unspecified.') return 'empty XPath expression';
  const open: string[] = [];
  let quote: string | null = null;
  for (const char of source) {
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '[' || char === '(') {
      open.push(char);
    } else if (char === ']' || char === ')') {
      const expected = char === ']' ? '[' : '(';
      if (open.pop() !== expected) return `XPath syntax error: unexpected "${char}"`;
    }
  }
  if (open.length > 0) return `XPath syntax error: "${open[open.length - 1]}" is never closed`;
  return `XPath syntax error (${message})`;
}

// Walks the parsed expression for function calls and prefixed names; the package would only
// notice an unknown function, a wrong argument count or an undeclared prefix when that part first
// runs, maybe never on a given page. HTML documents have no namespaces to declare a prefix for.
function checkNames(source: string, place: string, root: unknown): void {
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof engine().FunctionCall) {
      const name = value.functionName;
      const arity = FUNCTION_ARITY.get(name);
      if (arity === undefined) throw new SelectorError(source, place, `unknown XPath function ${name}()`);
      const count = value.arguments.length;
      if (count < arity[0] || count > arity[1]) {
        const wanted = arity[0] === arity[1] ? `${arity[0]}` : arity[1] === Infinity ? `at least ${arity[0]}` : `${arity[0]} to ${arity[1]}`;
        throw new SelectorError(source, place, `${name}() takes ${wanted} argument(s), got ${count}`);
      }
    }
    if (value instanceof engine().NodeTest.NameTestQName || value instanceof engine().NodeTest.NameTestPrefixAny) {
      const prefix = value.prefix;
      if (prefix !== null && prefix !== 'xml' && prefix !== 'xmlns') {
        throw new SelectorError(source, place, `namespace prefix ${prefix}: is not declared (HTML has no namespaces)`);
      }
    }
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
}
