import { describe, expect, it } from 'vitest';
import { filenameFromResponse, MAX_NAME_BYTES, parseContentDisposition, sanitizeFilename } from '../../../src/sinks/index.js';

const WINDOWS_FORBIDDEN = /[<>:"|?*\\/\u0000-\u001f]/;

/** What every sanitised name must be, whatever came in. */
function expectSafe(name: string): void {
  expect(name).not.toBe('');
  expect(name).not.toMatch(WINDOWS_FORBIDDEN);
  expect(name).not.toMatch(/^\./);
  expect(name).not.toMatch(/[ .]$/);
  expect(name).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
  expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
  expect(name).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
}

describe('sanitizeFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\win.ini', 'win.ini'],
    ['a/b', 'b'],
    ['dir/sub/', 'sub'],
    ['C:\\Users\\x\\evil.exe', 'evil.exe'],
    ['CON.txt', '_CON.txt'],
    ['nul', '_nul'],
    ['com1.tar.gz', '_com1.tar.gz'],
    ['LPT9', '_LPT9'],
    ['console.log', 'console.log'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['tab\there\r\nnew.txt', 'tab here new.txt'],
    ['trailing dots... ', 'trailing dots'],
    ['.hidden', 'hidden'],
    ['report\u202Efdp.exe', 'report fdp.exe'],
    ['中文 文件名.pdf', '中文 文件名.pdf'],
  ])('turns %j into %j', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
    expectSafe(sanitizeFilename(input));
  });

  it.each(['', '   ', '.', '..', '...', '/', '\\', '../..', '\u0000\u0001', '<>'])('gives the fallback for %j, which holds no usable name', (input) => {
    expect(sanitizeFilename(input)).toBe(input === '<>' ? '__' : 'file');
    expect(sanitizeFilename(input, 'download.bin')).toBe(input === '<>' ? '__' : 'download.bin');
  });

  it('sanitises the fallback too', () => {
    expect(sanitizeFilename('', '../x/CON')).toBe('_CON');
    expect(sanitizeFilename('', '..')).toBe('file');
  });

  it('cuts a 300-byte Chinese name to at most 200 bytes on a character boundary, keeping the extension', () => {
    const name = `${'汉'.repeat(100)}.mp4`;
    const safe = sanitizeFilename(name);
    expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(safe).toBe(`${'汉'.repeat(65)}.mp4`);
  });

  it('does not split an emoji or a combining sequence when cutting', () => {
    const safe = sanitizeFilename(`${'👨‍👩‍👧'.repeat(20)}.png`);
    expect(safe.endsWith('👨‍👩‍👧.png')).toBe(true);
    expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expectSafe(sanitizeFilename('e\u0301'.repeat(200)));
  });

  it('replaces lone surrogates so the name is valid UTF-8', () => {
    expect(sanitizeFilename('a\ud800b.txt')).toBe('a\ufffdb.txt');
  });
});

describe('filenameFromResponse', () => {
  const url = 'http://127.0.0.1/files/report%20final.pdf?x=1#top';

  it('uses the last URL path segment, percent-decoded, when there is no header', () => {
    expect(filenameFromResponse(url)).toBe('report final.pdf');
    expect(filenameFromResponse('http://127.0.0.1/a/%E4%B8%AD%E6%96%87.txt')).toBe('中文.txt');
    expect(filenameFromResponse('http://127.0.0.1/a/%E4%B8%AD%ZZ.txt')).toBe('%E4%B8%AD%ZZ.txt');
    expect(filenameFromResponse('http://127.0.0.1/a/..%2F..%2Fetc%2Fpasswd')).toBe('passwd');
  });

  it('falls back to index when the URL has no last segment', () => {
    expect(filenameFromResponse('http://127.0.0.1/')).toBe('index');
    expect(filenameFromResponse('http://127.0.0.1/dir/')).toBe('index');
    expect(filenameFromResponse('not a url')).toBe('index');
  });

  it('takes a quoted filename', () => {
    expect(filenameFromResponse(url, 'attachment; filename="a b; c.zip"')).toBe('a b; c.zip');
    expect(filenameFromResponse(url, 'attachment; filename="say \\"hi\\".txt"')).toBe('say _hi_.txt');
  });

  it('takes an unquoted filename, even one with spaces', () => {
    expect(filenameFromResponse(url, 'attachment; filename=data.csv')).toBe('data.csv');
    expect(filenameFromResponse(url, 'inline;filename=my file.txt ;size=3')).toBe('my file.txt');
  });

  it('decodes filename* (RFC 8187 UTF-8 percent-encoding)', () => {
    expect(filenameFromResponse(url, "attachment; filename*=UTF-8''%E4%B8%89%E4%BD%93.epub")).toBe('三体.epub');
    expect(filenameFromResponse(url, "attachment; filename*=utf-8'zh'%E4%B8%89.txt")).toBe('三.txt');
    expect(filenameFromResponse(url, "attachment; filename*=iso-8859-1'en'caf%E9.txt")).toBe('café.txt');
  });

  it('prefers filename* over filename, in either order', () => {
    const star = "filename*=UTF-8''%E2%82%AC%20rates.pdf";
    expect(filenameFromResponse(url, `attachment; filename="EUR rates.pdf"; ${star}`)).toBe('€ rates.pdf');
    expect(filenameFromResponse(url, `attachment; ${star}; filename="EUR rates.pdf"`)).toBe('€ rates.pdf');
  });

  it('falls back to filename when filename* is malformed, and to the URL when both are unusable', () => {
    expect(filenameFromResponse(url, "attachment; filename*=UTF-8''%FF%FE.txt; filename=\"ok.txt\"")).toBe('ok.txt');
    expect(filenameFromResponse(url, 'attachment; filename="../.."')).toBe('report final.pdf');
    expect(filenameFromResponse(url, 'attachment')).toBe('report final.pdf');
  });

  it('reads a raw UTF-8 filename that arrived as Latin-1 header text', () => {
    const latin1 = Buffer.from('报告.pdf', 'utf8').toString('latin1');
    expect(filenameFromResponse(url, `attachment; filename="${latin1}"`)).toBe('报告.pdf');
  });

  it('sanitises names from the header', () => {
    expect(filenameFromResponse(url, 'attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filenameFromResponse(url, "attachment; filename*=UTF-8''..%2F..%2FCON.txt")).toBe('_CON.txt');
  });
});

describe('parseContentDisposition', () => {
  it('reads the type and lower-cases parameter names', () => {
    const parsed = parseContentDisposition('Attachment; FileName="x.txt"; size=12');
    expect(parsed.type).toBe('attachment');
    expect([...parsed.params]).toEqual([
      ['filename', 'x.txt'],
      ['size', '12'],
    ]);
  });
});
