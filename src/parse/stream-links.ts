// Link resolution for streamExtract: the rules of HtmlDocument.links and HtmlDocument.resolve,
// applied to hrefs collected during a pass. They run after the pass because a <base href> governs
// the links before it too. Keep in step with html-document.ts (the equivalence tests compare both).
import { resolveHttpUrl } from '../util/url.js';

/**
 * `raw`: hrefs as written, in the order HtmlDocument.links meets them (a nested array holds one
 * element's `::text` values); `baseHref`: the first <base> href as written. Returns absolute
 * http(s) URLs without fragments, deduplicated by raw href and then by URL, in that order.
 */
export function resolveLinks(raw: readonly (string | string[])[], baseHref: string | undefined, url: string): string[] {
  const pageValid = validUrl(url);
  const base = (baseHref === undefined || !pageValid ? null : resolveHttpUrl(baseHref, url)) ?? url;
  const baseValid = base === url ? pageValid : validUrl(base);
  const hrefs = new Set<string>();
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (href: string): void => {
    if (hrefs.has(href)) return;
    hrefs.add(href);
    const trimmed = href.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    let absolute: string | null;
    if (baseValid) absolute = resolveHttpUrl(trimmed, base);
    else absolute = /^https?:/i.test(trimmed) ? resolveHttpUrl(trimmed, trimmed) : null;
    if (absolute !== null && !seen.has(absolute)) {
      seen.add(absolute);
      out.push(absolute);
    }
  };
  for (const entry of raw) {
    if (typeof entry === 'string') add(entry);
    else for (const text of entry) add(text);
  }
  return out;
}

function validUrl(input: string): boolean {
  try {
    new URL(input);
    return true;
  } catch {
    return false;
  }
}
