// URL list files (`-i file`, or `-i -` for standard input): one URL a line, blank lines and `#`
// comments ignored. Every bad line is reported with its line number (`urls.txt:12`,
// `<stdin>:12`).
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

/** The name messages give an input: the path, or `<stdin>` for `-`. */
export function inputName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/** The whole text of a list file, or of standard input for `-`. `what` names it in errors. */
export async function readInputText(file: string, what: string): Promise<string> {
  if (file !== '-') {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new InputError(file, '', `cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
    }
  }
  if (process.stdin.isTTY) process.stderr.write('trawl: reading URLs from standard input, one a line (end with Ctrl-D)\n');
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  } catch (error) {
    throw new InputError('<stdin>', '', `cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readUrlList(file: string): Promise<UrlList> {
  return parseUrlList(await readInputText(file, 'URL list'), inputName(file));
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
