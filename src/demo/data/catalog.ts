// The script-built catalog, for crawls with --render: every page's HTML is an empty shell that a
// small script fills from a JSON API. The list pages build their item links and their "next"
// link; the item pages fill the name, price and description, and load the reviews only when
// "Show reviews" is clicked. A plain HTTP crawl finds nothing here; a rendered one finds it all.
//
//   /catalog/?page=N ─script─▶ /catalog/api/list/N.json ─▶ a.item × 12, a.next
//   /catalog/item/ID.html ─script─▶ /catalog/api/item/ID.json ─▶ h1#name, span.price, p.desc
//                         └─click button#reviews─▶ /catalog/api/reviews/ID.json ─▶ li.review × n
import { hash32, pick, prng } from '../prng.js';

export const CATALOG_PAGES = 3;
export const CATALOG_PER_PAGE = 12;
export const CATALOG_ITEMS = CATALOG_PAGES * CATALOG_PER_PAGE;

export interface CatalogItem {
  readonly id: number;
  readonly name: string;
  /** As the page shows it, e.g. "$48.73". */
  readonly price: string;
  readonly description: string;
  readonly reviews: readonly string[];
}

const ADJECTIVES = ['Quiet', 'Amber', 'Swift', 'Hollow', 'Bright', 'Velvet', 'Iron', 'Paper', 'Cedar', 'Lunar', 'Copper', 'Misty'];
const NOUNS = ['Compass', 'Lantern', 'Kettle', 'Satchel', 'Teapot', 'Notebook', 'Clock', 'Anchor', 'Candle', 'Mirror', 'Basket', 'Whistle'];
const REVIEWS = ['Works as described.', 'Smaller than I thought.', 'Would buy again.', 'Arrived in two days.', 'The colour is lovely.', 'Does the job, nothing more.'];

const cache = new Map<number, CatalogItem>();

export function catalogItem(id: number): CatalogItem | undefined {
  if (!Number.isInteger(id) || id < 1 || id > CATALOG_ITEMS) return undefined;
  let item = cache.get(id);
  if (!item) {
    const random = prng(hash32(`catalog:${id}`));
    const name = `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} ${String(id).padStart(3, '0')}`;
    const price = `$${(5 + random() * 95).toFixed(2)}`;
    const reviews = Array.from({ length: Math.floor(random() * 5) }, () => pick(random, REVIEWS));
    item = { id, name, price, description: `${name}: one of ${CATALOG_ITEMS} things this shop sells.`, reviews };
    cache.set(id, item);
  }
  return item;
}

export function catalogItems(): CatalogItem[] {
  return Array.from({ length: CATALOG_ITEMS }, (_, i) => catalogItem(i + 1)!);
}

/** The item ids listed on list page `page` (1-based). */
export function catalogPageIds(page: number): number[] {
  if (!Number.isInteger(page) || page < 1 || page > CATALOG_PAGES) return [];
  return Array.from({ length: CATALOG_PER_PAGE }, (_, i) => (page - 1) * CATALOG_PER_PAGE + i + 1);
}

export const catalogItemPath = (id: number): string => `/catalog/item/${id}.html`;
export const catalogListPath = (page: number): string => (page === 1 ? '/catalog/' : `/catalog/?page=${page}`);
