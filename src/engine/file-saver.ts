// Files written by handlers: `download()` streams a URL to `<name>.part` and renames it when
// complete; `writeFile()` writes to a temporary name and renames. Names are sanitised and can
// never leave the files folder. The same name twice replaces the file, which keeps a resumed
// crawl idempotent (a page handled again rewrites the same file instead of adding a copy).
import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Fetcher } from '../http/index.js';
import { assertInside, filenameFromResponse, sanitizeFilename } from '../sinks/index.js';
import type { HlsOptions, HlsResult, SavedFile } from './handler.js';
import { ensureDir } from '../util/ensure-dir.js';

export class FileSaver {
  readonly dir: string;
  #ready: Promise<unknown> | undefined;
  #seq = 0;

  constructor(dir: string, private readonly fetcher: Fetcher) {
    this.dir = resolve(dir);
  }

  async download(url: string, referer: string, options: { name?: string; headers?: Readonly<Record<string, string>> }): Promise<SavedFile> {
    await this.#mkdir();
    const response = await this.fetcher.stream({ url, headers: { referer, ...options.headers } });
    const name = sanitizeFilename(options.name ?? filenameFromResponse(response.url, response.headers['content-disposition']));
    const path = this.#pathFor(name);
    const part = `${path}.part`;
    let bytes = 0;
    const counted = Readable.from(response.body).on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    try {
      await pipeline(counted, createWriteStream(part));
      await rename(part, path);
    } catch (error) {
      response.body.destroy();
      await rm(part, { force: true });
      throw error;
    }
    return { path, bytes };
  }

  /** An HLS stream into one file of the folder, through the crawl's fetcher. */
  async downloadHls(url: string, options: HlsOptions): Promise<HlsResult> {
    await this.#mkdir();
    const { downloadHls, defaultOutputName } = await import('../hls/index.js');
    const output = this.#pathFor(sanitizeFilename(options.output ?? defaultOutputName(url)));
    return downloadHls({ ...options, url, output, fetcher: this.fetcher });
  }

  async writeFile(name: string, data: string | Uint8Array): Promise<SavedFile> {
    await this.#mkdir();
    const path = this.#pathFor(sanitizeFilename(name));
    const temp = `${path}.${process.pid}.${++this.#seq}.tmp`;
    await writeFile(temp, data);
    await rename(temp, path);
    return { path, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength };
  }

  #pathFor(name: string): string {
    const path = resolve(this.dir, name);
    assertInside(this.dir, path);
    return path;
  }

  #mkdir(): Promise<unknown> {
    this.#ready ??= ensureDir(this.dir);
    return this.#ready;
  }
}
