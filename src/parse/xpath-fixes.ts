// Corrections to the `xpath` package (0.0.34), applied once when the package is first loaded. Each one
// replaces a single entry point of the package with code that gives the XPath 1.0 result; the
// tests in test/unit/parse/xpath.test.ts fail without them.
//
// 1. following:: and preceding:: (XPath 1.0 §2.2). The package's following axis starts inside the
//    context node when it has children (so it returns descendants and misses the context's own
//    following siblings), its preceding axis returns ancestors, and both return nothing for an
//    attribute context. Both axes are computed here over the views instead.
// 2. XPathContext.extend() builds a fresh context with new variable, namespace and function
//    resolvers (the last fills a 27-entry table) only to overwrite all three with the parent's.
//    It runs once per context node per predicate, so `//*[@id="x"]` pays it for every node of
//    the page; copying the parent directly gives the same object about a third faster.
// 3. XNodeSet.add() looks for duplicates by scanning every node already in the set, so building a
//    set of n nodes costs n²/2 comparisons (`//div` on a page of 20,000 divs took a second; on
//    200,000, minutes). A Set beside the array gives the same set in linear time.
import { AttrView, NodeView } from './xpath-dom.js';

interface StepLike {
  axis: number;
  nodeTest: { matches(node: unknown, context: unknown): boolean };
}
interface NodeSetLike {
  nodes: unknown[];
  size: number;
  tree: unknown;
  seen?: Set<unknown>;
}
interface PackageInternals {
  XNodeSet?: { prototype: { add?: (this: NodeSetLike, node: unknown) => void } };
  PathExpr?: { applyStep?: (step: StepLike, context: { contextNode: unknown }, node: unknown) => unknown[] };
  Step?: { FOLLOWING?: number; PRECEDING?: number };
  XPathContext?: { prototype: { extend?: (this: Record<string, unknown>, props: object) => object } };
}

function fixFollowingAndPreceding(internals: PackageInternals): void {
  const pathExpr = internals.PathExpr;
  const following = internals.Step?.FOLLOWING;
  const preceding = internals.Step?.PRECEDING;
  const original = pathExpr?.applyStep;
  if (pathExpr === undefined || original === undefined || following === undefined || preceding === undefined) {
    throw new Error('xpath package internals changed: PathExpr.applyStep / Step axes not found');
  }
  pathExpr.applyStep = function applyStep(step, context, node) {
    if ((step.axis !== following && step.axis !== preceding) || !(node instanceof NodeView || node instanceof AttrView)) {
      return original.call(this, step, context, node);
    }
    context.contextNode = node;
    const matches = (candidate: NodeView): boolean => step.nodeTest.matches(candidate, context);
    return step.axis === following ? followingAxis(node, matches) : precedingAxis(node, matches);
  };
}

// Appends `node`'s descendants in document order.
function pushDescendants(node: NodeView, matches: (node: NodeView) => boolean, out: NodeView[]): void {
  const stack: NodeView[] = [];
  for (let child = node.lastChild; child !== null; child = child.previousSibling) stack.push(child);
  while (stack.length > 0) {
    const current = stack.pop() as NodeView;
    if (matches(current)) out.push(current);
    for (let child = current.lastChild; child !== null; child = child.previousSibling) stack.push(child);
  }
}

// Everything after the context in document order except its descendants. For an attribute that
// includes its element's content, which follows the attribute (libxml2 does the same).
function followingAxis(start: NodeView | AttrView, matches: (node: NodeView) => boolean): NodeView[] {
  const out: NodeView[] = [];
  let node: NodeView;
  if (start instanceof AttrView) {
    node = start.ownerElement;
    pushDescendants(node, matches, out);
  } else {
    node = start;
  }
  for (let current: NodeView | null = node; current !== null; current = current.parentNode) {
    for (let sibling = current.nextSibling; sibling !== null; sibling = sibling.nextSibling) {
      if (matches(sibling)) out.push(sibling);
      pushDescendants(sibling, matches, out);
    }
  }
  return out;
}

// Everything before the context in document order except its ancestors (an attribute's element
// is its parent, so it is left out too).
function precedingAxis(start: NodeView | AttrView, matches: (node: NodeView) => boolean): NodeView[] {
  const node = start instanceof AttrView ? start.ownerElement : start;
  const ancestors = new Set<NodeView>();
  let root = node;
  for (let current = node.parentNode; current !== null; current = current.parentNode) {
    ancestors.add(current);
    root = current;
  }
  const out: NodeView[] = [];
  const stack: NodeView[] = [root];
  while (stack.length > 0) {
    const current = stack.pop() as NodeView;
    if (current === node) break;
    if (!ancestors.has(current) && matches(current)) out.push(current);
    for (let child = current.lastChild; child !== null; child = child.previousSibling) stack.push(child);
  }
  return out;
}

function speedUpContextExtend(internals: PackageInternals): void {
  const prototype = internals.XPathContext?.prototype;
  const original = prototype?.extend;
  if (prototype === undefined || original === undefined) return;
  prototype.extend = function extend(props) {
    if (!this.variableResolver || !this.namespaceResolver || !this.functionResolver) return original.call(this, props);
    return Object.assign(Object.create(prototype) as object, this, props);
  };
}

function linearNodeSetAdd(internals: PackageInternals): void {
  const prototype = internals.XNodeSet?.prototype;
  if (prototype?.add === undefined) throw new Error('xpath package internals changed: XNodeSet.prototype.add not found');
  prototype.add = function add(node) {
    // The set's nodes only ever grow through add(): the Set sees every one of them.
    const seen = (this.seen ??= new Set(this.nodes));
    if (seen.has(node)) return;
    seen.add(node);
    this.tree = null;
    this.nodes.push(node);
    this.size += 1;
  };
}

/** Applies the corrections to the loaded package (once per module instance). */
export function applyXPathFixes(xpathModule: unknown): void {
  const internals = xpathModule as PackageInternals;
  fixFollowingAndPreceding(internals);
  speedUpContextExtend(internals);
  linearNodeSetAdd(internals);
}
