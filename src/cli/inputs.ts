// URL list files (`-i file`): one URL a line, blank lines and `#` comments ignored. Every bad
// line is reported with its line number.
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors/input-error.js';
import { InvalidUrlError } from '../errors/invalid-url-error.js';
import { parseHttpUrl } from '../util/url.js';

export interface UrlLine {
  readonly url: string;
  /** file:line, for messages */
  readonly place: string;
}

export interface UrlList {
  readonly urls: UrlLine[];
  readonly errors: InvalidUrlError[];
}

export async function readUrlList(file: string): Promise<UrlList> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, '', `cannot read the URL list (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  return parseUrlList(text, file);
}

export function parseUrlList(text: string, file: string): UrlList {
  const urls: UrlLine[] = [];
  const errors: InvalidUrlError[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const place = `${file}:${index + 1}`;
    try {
      urls.push({ url: parseHttpUrl(line, place).href, place });
    } catch (error) {
      if (error instanceof InvalidUrlError) errors.push(error);
      else throw error;
    }
  });
  return { urls, errors };
}
