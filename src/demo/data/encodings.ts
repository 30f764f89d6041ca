// The encoding pages' truth: which bytes each /gbk/ page serves, the header it is served with,
// and the text a correct decoder must produce (the UTF-8 source committed beside the bytes).
import { assetBytes } from '../assets.js';

export interface EncodedPage {
  readonly path: string;
  /** The served bytes (GBK or GB18030), relative to assets/demo/. */
  readonly file: string;
  /** The same page in UTF-8: what decoding `file` must give. */
  readonly sourceFile: string;
  /** The Content-Type header sent with it. */
  readonly contentType: string;
  readonly charset: 'gbk' | 'gb18030';
  /** Where the charset is declared: the header (and a meta tag), or only a meta tag. */
  readonly declaredIn: 'header' | 'meta';
}

function page(path: string, name: string, charset: 'gbk' | 'gb18030', declaredIn: 'header' | 'meta'): EncodedPage {
  return {
    path,
    file: `encodings/${name}.${charset}.html`,
    sourceFile: `encodings/${name}.utf8.html`,
    contentType: declaredIn === 'header' ? `text/html; charset=${charset}` : 'text/html',
    charset,
    declaredIn,
  };
}

const PAGES: readonly EncodedPage[] = [
  page('/gbk/', 'index', 'gbk', 'header'),
  page('/gbk/1.html', '1', 'gbk', 'header'),
  page('/gbk/2.html', '2', 'gbk', 'header'),
  page('/gbk/3.html', '3', 'gbk', 'header'),
  page('/gbk/meta.html', 'meta', 'gbk', 'meta'),
  page('/gbk/gb18030.html', 'gb18030', 'gb18030', 'header'),
];

export function encodedPages(): readonly EncodedPage[] {
  return PAGES;
}

export function findEncodedPage(path: string): EncodedPage | undefined {
  return PAGES.find((p) => p.path === path || (p.path === '/gbk/' && path === '/gbk/index.html'));
}

/** The exact bytes served at `page.path`. */
export function encodedPageBytes(page: EncodedPage): Buffer {
  return assetBytes(page.file);
}

/** The text a decoder must produce from those bytes. */
export function encodedPageText(page: EncodedPage): string {
  return assetBytes(page.sourceFile).toString('utf8');
}
