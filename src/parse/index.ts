// The parse layer's public surface: HTML documents (CSS, XPath, links), selectors, JSON. Pure: no I/O.
export { parseHtml, HtmlDocument } from './html-document.js';
export { compileSelector, looksLikeXPath, type Selector, type SelectorMatch } from './selector.js';
export { compileXPath, type CompiledXPath, type XPathNode, type XPathValue } from './xpath-engine.js';
export { isXPathAttribute, type XPathAttribute } from './xpath-dom.js';
export { parseJson } from './json.js';
