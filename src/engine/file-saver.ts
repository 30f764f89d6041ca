// Files written by handlers, in the crawl's files folder. `download()` is `trawl get`'s
// downloader (src/media/get) through a session on the crawl's fetcher: safe unique names,
// `<name>.part` renamed when complete, a resume sidecar with Range/If-Range, split ranges and
// digests as `get` has them; the same URL under the same name is one file, so a page handled
// again (a resumed crawl) gets the file it already has. `writeFile()` writes to a temporary
// name and renames; `downloadHls()` is downloadHls into the folder.
import { rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Fetcher } from '../http/index.js';
import type { DownloadSession } from '../media/get/session.js';
import { assertInside, sanitizeFilename } from '../sinks/index.js';
import type { DownloadOptions, HlsOptions, HlsResult, SavedFile } from './handler.js';
import { ensureDir } from '../util/ensure-dir.js';

export class FileSaver {
  readonly dir: string;
  #ready: Promise<unknown> | undefined;
  #seq = 0;
  #session: DownloadSession | undefined;

  constructor(dir: string, private readonly fetcher: Fetcher) {
    this.dir = resolve(dir);
  }

  async download(url: string, referer: string, options: DownloadOptions): Promise<SavedFile> {
    // Bodies stream into their .part from the first byte: a crawl runs many downloads beside
    // its pages, and memory stays flat however many there are. The downloader is loaded on the
    // first download: most crawls never download a file, and it is a lot of code to start.
    if (!this.#session) {
      const { Downloader } = await import('../media/get/downloader.js');
      this.#session ??= new Downloader({ dir: this.dir, fetcher: this.fetcher, memoryBytes: 0 }).session();
    }
    const result = await this.#session.download({
      url,
      ...(options.name !== undefined ? { name: options.name } : {}),
      headers: { referer, ...options.headers },
      place: `download() on ${referer}`,
    });
    return { path: result.path, bytes: result.size };
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
