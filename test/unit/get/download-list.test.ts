// `-i` list files: URLs one a line, optionally followed by the file's SHA-256; every bad line
// is reported with its file:line while the good lines are kept.
import { describe, expect, it } from 'vitest';
import { parseDownloadList } from '../../../src/cli/commands/get.js';

const DIGEST = 'a'.repeat(40) + 'B'.repeat(24);

describe('download list', () => {
  it('reads URLs, skipping blank lines and # comments', () => {
    const list = parseDownloadList('# files\n\nhttp://a.test/1.jpg\n  https://b.test/2.jpg  \n', 'list.txt');
    expect(list.errors).toEqual([]);
    expect(list.items).toEqual([
      { url: 'http://a.test/1.jpg', place: 'list.txt:3' },
      { url: 'https://b.test/2.jpg', place: 'list.txt:4' },
    ]);
  });

  it('takes a SHA-256 after a space or a tab, lower-cased', () => {
    const list = parseDownloadList(`http://a.test/1.jpg ${DIGEST}\r\nhttp://a.test/2.jpg\t${DIGEST}\n`, 'l.txt');
    expect(list.errors).toEqual([]);
    expect(list.items.map((item) => item.sha256)).toEqual([DIGEST.toLowerCase(), DIGEST.toLowerCase()]);
    expect(list.items.map((item) => item.place)).toEqual(['l.txt:1', 'l.txt:2']);
  });

  it('reports every bad line with its line number, in line order, and keeps the good ones', () => {
    const text = [
      'http://a.test/ok1',
      'ftp://a.test/x',
      'http://a.test/two words here',
      'http://a.test/ok2 notadigest',
      'http://a.test/ok3',
      '::::',
    ].join('\n');
    const list = parseDownloadList(text, 'urls.txt');
    expect(list.items.map((item) => item.url)).toEqual(['http://a.test/ok1', 'http://a.test/ok3']);
    expect(list.errors.map((error) => (error as unknown as { place: string }).place)).toEqual([
      'urls.txt:2',
      'urls.txt:3',
      'urls.txt:4',
      'urls.txt:6',
    ]);
    expect(list.errors[0]!.message).toMatch(/scheme ftp/);
    expect(list.errors[2]!.message).toMatch(/expected "<url>" or "<url> <sha256>"/);
  });

  it('ignores a byte-order mark at the start', () => {
    expect(parseDownloadList('\uFEFFhttp://a.test/x\n', 'l').items).toEqual([{ url: 'http://a.test/x', place: 'l:1' }]);
  });
});
