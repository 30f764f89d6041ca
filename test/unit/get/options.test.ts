// Downloader options are checked once, when the Downloader is built.
import { describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/index.js';
import { Downloader } from '../../../src/media/get/index.js';

describe('Downloader options', () => {
  it('fills in the documented defaults', async () => {
    const downloader = new Downloader();
    expect(downloader.options).toMatchObject({ dir: '.', concurrency: 8, perHost: 8, split: 1, force: false });
    await downloader.close();
  });

  it.each([
    [{ concurrency: 0 }, /option concurrency:/],
    [{ split: 1.5 }, /option split:/],
    [{ colour: 'blue' }, /option colour: is not an option of get/],
    [{ fetch: { concurrency: 4 } }, /option fetch/],
  ])('rejects %j with an OptionError naming the option', (options, message) => {
    expect(() => new Downloader(options as never)).toThrow(OptionError);
    expect(() => new Downloader(options as never)).toThrow(message);
  });

  it('rejects an item that is not an http(s) URL before any request', async () => {
    const downloader = new Downloader();
    await expect(downloader.run(['file:///etc/passwd'])).rejects.toThrow(/invalid URL.*item 1/);
    await downloader.close();
  });
});
