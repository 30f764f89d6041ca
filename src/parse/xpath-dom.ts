// The DOM view that lets the `xpath` package (XPath 1.0, written for W3C DOMs) walk the domhandler
// tree that htmlparser2 builds and cheerio uses. domhandler nodes are close to a DOM but not enough
// for it: elements have no nodeName/localName, `attributes` returns fresh plain objects without
// nodeType, ownerElement or item(), the doctype is a "directive" that claims nodeType 1 (so `//*`
// would match it), there is no ownerDocument and no document-order comparison. Patching
// domhandler's prototypes would change nodes that cheerio and user code share, so instead each node
// the engine visits gets a small view, created lazily and cached per tree (the engine deduplicates
// node-sets with ===, so a node must always get the same view). Results are mapped back to the
// domhandler nodes, which is what makes CSS and XPath results the same objects.
//
//   xpath engine ──walks──▶ NodeView / AttrView ──.node / .element──▶ domhandler node (cheerio's)
import type { AnyNode, Element } from 'domhandler';
import { hasChildren, isCDATA, isComment, isDirective, isDocument, isTag, isText } from 'domhandler';
import { getElementById, textContent } from 'domutils';

const ELEMENT_NODE = 1;
const ATTRIBUTE_NODE = 2;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const COMMENT_NODE = 8;
const DOCUMENT_NODE = 9;
// compareDocumentPosition bits the engine reads: "other precedes me" / "other follows me".
const PRECEDING = 2;
const FOLLOWING = 4;

/** An attribute as XPath returns it (`//a/@href`). domhandler has no attribute nodes, so this stands in. */
export interface XPathAttribute {
  readonly type: 'attribute';
  readonly name: string;
  readonly value: string;
  readonly ownerElement: Element;
}

export function isXPathAttribute(value: unknown): value is XPathAttribute {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'attribute';
}

/** The views of one tree. One per HtmlDocument; it lives as long as the document. */
export class ViewCache {
  private readonly views = new Map<AnyNode, NodeView>();
  /**
   * Each node's place in document order, numbered in one walk of the tree the first time a
   * comparison needs it, so sorting a node-set costs O(n log n) comparisons of two numbers (a
   * scan of the siblings, or a climb to the common ancestor, per comparison made `//div` on a
   * page of 200,000 elements take minutes). Cleared before each evaluation: user code may change
   * the tree between two (cheerio's remove(), append()).
   */
  private order = new Map<AnyNode, number>();
  private attributeRanks = new Map<AnyNode, Map<string, number>>();

  /** Forgets what earlier evaluations learnt about the tree. */
  beginEvaluation(): void {
    if (this.order.size > 0) this.order = new Map();
    if (this.attributeRanks.size > 0) this.attributeRanks = new Map();
  }

  /** The document-order number of `node` (its whole tree is numbered on first use). */
  orderOf(node: AnyNode): number {
    let index = this.order.get(node);
    if (index === undefined) {
      this.numberTree(node);
      index = this.order.get(node) ?? -1;
    }
    return index;
  }

  private numberTree(node: AnyNode): void {
    let root = node;
    while (root.parent !== null) root = root.parent;
    let next = this.order.size;
    const stack: AnyNode[] = [root];
    while (stack.length > 0) {
      const current = stack.pop()!;
      this.order.set(current, next++);
      if (hasChildren(current)) {
        const children = current.children;
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
      }
    }
  }

  /** The rank of attribute `name` in its element's attribute order. */
  attributeRank(element: Element, name: string): number {
    let ranks = this.attributeRanks.get(element);
    if (ranks === undefined) {
      ranks = new Map(Object.keys(element.attribs).map((key, i) => [key, i]));
      this.attributeRanks.set(element, ranks);
    }
    return ranks.get(name) ?? -1;
  }

  view(node: AnyNode): NodeView {
    let view = this.views.get(node);
    if (view === undefined) {
      view = new NodeView(this, node);
      this.views.set(node, view);
    }
    return view;
  }

  viewOrNull(node: AnyNode | null): NodeView | null {
    return node === null ? null : this.view(node);
  }
}

// The doctype and `<?xml ...?>` are not nodes of an lxml tree: XPath must not see them.
function skipDirectives(node: AnyNode | null, forward: boolean): AnyNode | null {
  let current = node;
  while (current !== null && isDirective(current)) current = forward ? current.next : current.prev;
  return current;
}

function nodeTypeOf(node: AnyNode): number {
  if (isTag(node)) return ELEMENT_NODE;
  if (isText(node)) return TEXT_NODE;
  if (isComment(node)) return COMMENT_NODE;
  if (isDocument(node)) return DOCUMENT_NODE;
  if (isCDATA(node)) return CDATA_SECTION_NODE;
  // Directives are skipped by every navigation property, so a view of one is never handed out.
  return COMMENT_NODE;
}

type AttrList = AttrView[] & { item(index: number): AttrView | null };

export class NodeView {
  readonly nodeType: number;
  readonly namespaceURI = null;
  readonly prefix = null;
  private attrViews: Map<string, AttrView> | undefined;

  constructor(
    readonly cache: ViewCache,
    readonly node: AnyNode,
  ) {
    this.nodeType = nodeTypeOf(node);
  }

  get nodeName(): string {
    const node = this.node;
    if (isTag(node)) return node.name;
    if (isText(node)) return '#text';
    if (isDocument(node)) return '#document';
    if (isCDATA(node)) return '#cdata-section';
    return '#comment';
  }

  get localName(): string | null {
    return isTag(this.node) ? this.node.name : null;
  }

  get tagName(): string | undefined {
    return isTag(this.node) ? this.node.name : undefined;
  }

  get nodeValue(): string | null {
    const node = this.node;
    if (isText(node) || isComment(node)) return node.data;
    if (isCDATA(node)) return textContent(node);
    return null;
  }

  get parentNode(): NodeView | null {
    return this.cache.viewOrNull(this.node.parent);
  }

  get firstChild(): NodeView | null {
    const node = this.node;
    if (!hasChildren(node) || isCDATA(node)) return null;
    return this.cache.viewOrNull(skipDirectives(node.children[0] ?? null, true));
  }

  get lastChild(): NodeView | null {
    const node = this.node;
    if (!hasChildren(node) || isCDATA(node)) return null;
    return this.cache.viewOrNull(skipDirectives(node.children[node.children.length - 1] ?? null, false));
  }

  get nextSibling(): NodeView | null {
    return this.cache.viewOrNull(skipDirectives(this.node.next, true));
  }

  get previousSibling(): NodeView | null {
    return this.cache.viewOrNull(skipDirectives(this.node.prev, false));
  }

  get childNodes(): NodeView[] {
    const node = this.node;
    if (!hasChildren(node) || isCDATA(node)) return [];
    const views: NodeView[] = [];
    for (const child of node.children) if (!isDirective(child)) views.push(this.cache.view(child));
    return views;
  }

  get attributes(): AttrList | null {
    const node = this.node;
    if (!isTag(node)) return null;
    const list = Object.keys(node.attribs).map((name) => this.attribute(name)) as AttrList;
    list.item = (index) => list[index] ?? null;
    return list;
  }

  get ownerDocument(): NodeView | null {
    if (isDocument(this.node)) return null;
    let top: AnyNode = this.node;
    while (top.parent !== null) top = top.parent;
    return isDocument(top) ? this.cache.view(top) : null;
  }

  get documentElement(): NodeView | null {
    const node = this.node;
    if (!isDocument(node)) return null;
    const element = node.children.find(isTag);
    return element === undefined ? null : this.cache.view(element);
  }

  getAttribute(name: string): string | null {
    return isTag(this.node) ? (this.node.attribs[name] ?? null) : null;
  }

  // lang() asks for xml:lang, as libxml2 does; HTML's own lang attribute is not consulted.
  getAttributeNS(_namespace: string | null, name: string): string | null {
    return this.getAttribute(name === 'lang' ? 'xml:lang' : name);
  }

  getElementById(id: string): NodeView | null {
    const node = this.node;
    if (!hasChildren(node)) return null;
    return this.cache.viewOrNull(getElementById(id, node.children, true));
  }

  compareDocumentPosition(other: NodeView | AttrView): number {
    return toDomPosition(documentOrder(this, other));
  }

  /** The view of one of this element's attributes, the same object each time. */
  attribute(name: string): AttrView {
    this.attrViews ??= new Map();
    let view = this.attrViews.get(name);
    if (view === undefined) {
      view = new AttrView(this, name);
      this.attrViews.set(name, view);
    }
    return view;
  }
}

export class AttrView {
  readonly nodeType = ATTRIBUTE_NODE;
  readonly namespaceURI = null;
  readonly prefix = null;
  readonly parentNode = null;
  readonly firstChild = null;
  readonly lastChild = null;
  readonly nextSibling = null;
  readonly previousSibling = null;
  readonly attributes = null;
  readonly childNodes: readonly never[] = [];
  private exposed: XPathAttribute | undefined;

  constructor(
    readonly ownerElement: NodeView,
    readonly name: string,
  ) {}

  get nodeName(): string {
    return this.name;
  }

  get localName(): string {
    return this.name;
  }

  get value(): string {
    return (this.ownerElement.node as Element).attribs[this.name] ?? '';
  }

  get nodeValue(): string {
    return this.value;
  }

  get ownerDocument(): NodeView | null {
    return this.ownerElement.ownerDocument;
  }

  compareDocumentPosition(other: NodeView | AttrView): number {
    return toDomPosition(documentOrder(this, other));
  }

  /** The public stand-in handed to callers (value read when first exposed). */
  toAttribute(): XPathAttribute {
    this.exposed ??= {
      type: 'attribute',
      name: this.name,
      value: this.value,
      ownerElement: this.ownerElement.node as Element,
    };
    return this.exposed;
  }
}

function toDomPosition(order: number): number {
  if (order === 0) return 0;
  return order < 0 ? FOLLOWING : PRECEDING;
}

// An attribute sits right after its element and before the element's children, in the order of
// the element's attribute list.
function documentOrder(a: NodeView | AttrView, b: NodeView | AttrView): number {
  const cache = a instanceof AttrView ? a.ownerElement.cache : a.cache;
  const nodeA = a instanceof AttrView ? a.ownerElement.node : a.node;
  const nodeB = b instanceof AttrView ? b.ownerElement.node : b.node;
  if (nodeA !== nodeB) return treeOrder(nodeA, nodeB, cache);
  return attributeRank(a, cache) - attributeRank(b, cache);
}

function attributeRank(view: NodeView | AttrView, cache: ViewCache): number {
  if (!(view instanceof AttrView)) return -1;
  return cache.attributeRank(view.ownerElement.node as Element, view.name);
}

function depthOf(node: AnyNode): number {
  let depth = 0;
  for (let current = node.parent; current !== null; current = current.parent) depth += 1;
  return depth;
}

/** -1 when `a` comes first in document order, 1 when `b` does (also for nodes of different trees). */
function treeOrder(a: AnyNode, b: AnyNode, cache: ViewCache): number {
  if (a === b) return 0;
  const orderA = cache.orderOf(a);
  const orderB = cache.orderOf(b);
  // Numbers are unique across the trees numbered so far; within one tree they are document order.
  if (orderA >= 0 && orderB >= 0) return orderA < orderB ? -1 : 1;
  let depthA = depthOf(a);
  let depthB = depthOf(b);
  let x: AnyNode = a;
  let y: AnyNode = b;
  for (; depthA > depthB; depthA -= 1) x = x.parent as AnyNode;
  for (; depthB > depthA; depthB -= 1) y = y.parent as AnyNode;
  // One is an ancestor of the other: the ancestor comes first.
  if (x === y) return a === x ? -1 : 1;
  while (x.parent !== y.parent) {
    x = x.parent as AnyNode;
    y = y.parent as AnyNode;
  }
  const parent = x.parent;
  if (parent === null) return 1;
  const siblings = parent.children as AnyNode[];
  return siblings.indexOf(x) < siblings.indexOf(y) ? -1 : 1;
}

