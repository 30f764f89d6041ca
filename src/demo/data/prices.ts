// The price table's truth: 200 pages of 20 wholesale-market rows. Values are strings exactly as
// the table cells show them; some hold commas, double quotes and full-width brackets so that a
// CSV writer's quoting is exercised.
import { hash32, pick, prng } from '../prng.js';

export const PRICE_PAGES = 200;
export const ROWS_PER_PAGE = 20;
/** The header row's cells, in column order. */
export const PRICE_HEADER = ['品名', '最低价', '平均价', '最高价', '单位', '发布日期'] as const;

export interface PriceRow {
  readonly product: string;
  readonly low: string;
  readonly average: string;
  readonly high: string;
  readonly unit: string;
  readonly date: string;
}

const PRODUCTS = [
  '大白菜', '小白菜', '油菜', '菠菜', '芹菜', '生菜', '韭菜', '大葱', '洋葱', '土豆', '红薯', '胡萝卜',
  '白萝卜', '西红柿', '黄瓜', '茄子', '青椒', '尖椒', '冬瓜', '南瓜', '西葫芦', '苦瓜', '豆角', '蒜苗',
  '香菜', '莲藕', '山药', '平菇', '香菇', '金针菇', '苹果（红富士）', '香蕉', '鸭梨', '葡萄', '西瓜', '哈密瓜',
];
// One of these is the first row of every page, so every page has a value that needs CSV quoting.
const SPECIAL_PRODUCTS = ['白菜（"精品"）', '土豆,黄心', '西红柿 "普罗旺斯"', '葱,姜,蒜（混装）', '苹果"红富士",一级'];
const UNITS = ['斤', '斤', '斤', '公斤', '箱', '个', '斤,箱', '把'];

const cache = new Map<number, PriceRow[]>();

function dateOf(page: number): string {
  // Page 1 is the newest; each page is one day older, counting back from 2023-08-15.
  const day = new Date(Date.UTC(2023, 7, 15) - (page - 1) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

function build(page: number): PriceRow[] {
  const random = prng(hash32(`prices:${page}`));
  const date = dateOf(page);
  return Array.from({ length: ROWS_PER_PAGE }, (_, i) => {
    const low = 0.3 + Math.floor(random() * 800) / 100;
    const high = low + Math.floor(random() * 300) / 100;
    const average = (low + high) / 2;
    return {
      product: i === 0 ? (SPECIAL_PRODUCTS[page % SPECIAL_PRODUCTS.length] as string) : pick(random, PRODUCTS),
      low: low.toFixed(2),
      average: average.toFixed(2),
      high: high.toFixed(2),
      unit: i === 1 ? '斤,箱' : pick(random, UNITS),
      date,
    };
  });
}

/** The 20 data rows of `/marketanalysis/0/list/<page>.shtml` (page 1..200); [] otherwise. */
export function priceRows(page: number): readonly PriceRow[] {
  if (!Number.isInteger(page) || page < 1 || page > PRICE_PAGES) return [];
  let rows = cache.get(page);
  if (!rows) {
    rows = build(page);
    cache.set(page, rows);
  }
  return rows;
}

/** The cells of a row in column order (the order of PRICE_HEADER). */
export function priceCells(row: PriceRow): readonly string[] {
  return [row.product, row.low, row.average, row.high, row.unit, row.date];
}
