// Charset sniffing and decoding (src/util/charset.ts), checked against byte sequences written out
// by hand, the WHATWG windows-1252 index and the WHATWG label table.
import { describe, expect, it } from 'vitest';
import {
  decodeBody,
  detectCharset,
  encodingForLabel,
  encodingLabels,
  prescanMeta,
} from '../../../src/util/charset.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const page = (...parts: (string | Buffer)[]): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? ascii(part) : part)));

// 你好，世界 in GBK
const NI_HAO_GBK = hex('c4e3 bac3 a3ac cac0 bde7');
// U+20087 (𠂇) is outside GBK's two-byte range: GB18030 spells it with four bytes.
const U20087_GB18030 = hex('95 32 90 31');

describe('detectCharset precedence', () => {
  it('takes the charset of a GBK page from the Content-Type header', () => {
    const body = page('<html><body>', NI_HAO_GBK, '</body></html>');
    expect(detectCharset('text/html; charset=GBK', body)).toBe('gbk');
    expect(decodeBody(body, 'gbk')).toBe('<html><body>你好，世界</body></html>');
  });

  it('maps gb2312 and its aliases to gbk, as the WHATWG label table says', () => {
    for (const label of ['gb2312', 'GB2312', 'x-gbk', 'chinese', 'csgb2312', 'gb_2312-80', ' gbk ']) {
      expect(encodingForLabel(label), label).toBe('gbk');
    }
  });

  it('decodes a GB18030 page with a four-byte character outside GBK', () => {
    const body = page('<p>', U20087_GB18030, NI_HAO_GBK, '</p>');
    const charset = detectCharset('text/html; charset="gb18030"', body);
    expect(charset).toBe('gb18030');
    expect(decodeBody(body, charset)).toBe('<p>\u{20087}你好，世界</p>');
  });

  it('decodes four-byte sequences in a page labelled gbk, since the GBK decoder is the gb18030 decoder', () => {
    expect(decodeBody(page(U20087_GB18030), 'gbk')).toBe('\u{20087}');
  });

  it('finds the charset in <meta charset> when the header has none', () => {
    const body = page('<!doctype html><html><head><meta charset="gbk"><title>', NI_HAO_GBK, '</title>');
    expect(detectCharset('text/html', body)).toBe('gbk');
    expect(detectCharset(undefined, body)).toBe('gbk');
    expect(decodeBody(body, detectCharset(undefined, body))).toContain('<title>你好，世界</title>');
  });

  it('finds the charset in the http-equiv="Content-Type" form of <meta>', () => {
    const body = page(
      '<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=big5"></head><body>',
      hex('a741 a66e'),
      '</body>',
    );
    expect(detectCharset('text/html', body)).toBe('big5');
    expect(decodeBody(body, 'big5')).toContain('<body>你好</body>');
  });

  it('ignores a content="…charset=…" meta without http-equiv="Content-Type"', () => {
    expect(detectCharset('text/html', page('<meta name="x" content="text/html; charset=gbk">'))).toBe('utf-8');
  });

  it('lets a BOM beat the Content-Type header and strips it when decoding', () => {
    const utf8 = page(hex('efbbbf'), Buffer.from('<p>héllo</p>', 'utf8'));
    expect(detectCharset('text/html; charset=gbk', utf8)).toBe('utf-8');
    expect(decodeBody(utf8, 'utf-8')).toBe('<p>héllo</p>');

    const utf16le = page(hex('fffe'), Buffer.from('<p>你好</p>', 'utf16le'));
    expect(detectCharset('text/html; charset=windows-1252', utf16le)).toBe('utf-16le');
    expect(decodeBody(utf16le, 'utf-16le')).toBe('<p>你好</p>');

    const utf16be = page(hex('feff 0041 0042'));
    expect(detectCharset('text/plain; charset=iso-8859-1', utf16be)).toBe('utf-16be');
    expect(decodeBody(utf16be, 'utf-16be')).toBe('AB');
  });

  it('lets a BOM override the charset passed to decodeBody, as the WHATWG decode algorithm does', () => {
    expect(decodeBody(page(hex('efbbbf'), Buffer.from('é', 'utf8')), 'windows-1252')).toBe('é');
  });

  it('falls through an unknown header label to <meta>, and an unknown <meta> label to utf-8', () => {
    const withMeta = page('<meta charset="shift_jis">', hex('93fa 967b'));
    expect(detectCharset('text/html; charset=no-such-charset', withMeta)).toBe('shift_jis');
    expect(decodeBody(withMeta, 'shift_jis')).toBe('<meta charset="shift_jis">日本');
    expect(detectCharset('text/html; charset=bogus', page('<meta charset="bogus">'))).toBe('utf-8');
  });

  it('does not look for <meta> in a body that is not HTML', () => {
    expect(detectCharset('application/json', page('{"a":"<meta charset=gbk>"}'))).toBe('utf-8');
  });

  it('defaults to utf-8', () => {
    expect(detectCharset(undefined, page('<p>plain</p>'))).toBe('utf-8');
    expect(detectCharset('text/html', Buffer.alloc(0))).toBe('utf-8');
  });
});

describe('<meta> prescan', () => {
  it('skips a <meta> inside a comment', () => {
    expect(prescanMeta(page('<!-- <meta charset="gbk"> --><meta charset="big5">'))).toBe('big5');
  });

  it('does not read a ">" or "<meta" inside another tag\'s attribute value', () => {
    expect(prescanMeta(page('<div title="<meta charset=gbk>"></div><meta charset=euc-kr>'))).toBe('euc-kr');
  });

  it('looks only at the first 1024 bytes', () => {
    const late = page(`<html><!--${'x'.repeat(1100)}--><meta charset="gbk">`);
    expect(prescanMeta(late)).toBeUndefined();
    expect(prescanMeta(page(`<html>${' '.repeat(900)}<meta charset="gbk">`))).toBe('gbk');
  });

  it('reads a utf-16 declaration in <meta> as utf-8, and x-user-defined as windows-1252', () => {
    expect(prescanMeta(page('<meta charset="utf-16le">'))).toBe('utf-8');
    expect(prescanMeta(page('<meta charset="x-user-defined">'))).toBe('windows-1252');
  });

  it('takes the first of repeated attributes and accepts unquoted and single-quoted values', () => {
    expect(prescanMeta(page("<meta charset='koi8-r' charset=gbk>"))).toBe('koi8-r');
    expect(prescanMeta(page('<meta/charset=iso-8859-2>'))).toBe('iso-8859-2');
    // An unquoted value runs to whitespace or '>': the '/' belongs to it, making an unknown label.
    expect(prescanMeta(page('<meta charset=gbk/>'))).toBeUndefined();
  });
});

describe('windows-1252', () => {
  // WHATWG index-windows-1252.txt, pointers 0-31 (bytes 0x80-0x9F). Node 20's TextDecoder
  // returns these bytes unchanged as C1 controls, which is what decodeBody must not do.
  const INDEX: readonly [number, number][] = [
    [0x80, 0x20ac], [0x81, 0x0081], [0x82, 0x201a], [0x83, 0x0192], [0x84, 0x201e], [0x85, 0x2026],
    [0x86, 0x2020], [0x87, 0x2021], [0x88, 0x02c6], [0x89, 0x2030], [0x8a, 0x0160], [0x8b, 0x2039],
    [0x8c, 0x0152], [0x8d, 0x008d], [0x8e, 0x017d], [0x8f, 0x008f], [0x90, 0x0090], [0x91, 0x2018],
    [0x92, 0x2019], [0x93, 0x201c], [0x94, 0x201d], [0x95, 0x2022], [0x96, 0x2013], [0x97, 0x2014],
    [0x98, 0x02dc], [0x99, 0x2122], [0x9a, 0x0161], [0x9b, 0x203a], [0x9c, 0x0153], [0x9d, 0x009d],
    [0x9e, 0x017e], [0x9f, 0x0178],
  ];

  it('decodes every byte 0x80-0x9F as the WHATWG index says', () => {
    for (const [byte, codePoint] of INDEX) {
      expect(decodeBody(Uint8Array.of(byte), 'windows-1252').codePointAt(0), `byte 0x${byte.toString(16)}`).toBe(
        codePoint,
      );
    }
    const all = Uint8Array.from(INDEX.map(([byte]) => byte));
    expect(decodeBody(all, 'windows-1252')).toBe(String.fromCodePoint(...INDEX.map(([, cp]) => cp)));
  });

  it('decodes 0x00-0x7F and 0xA0-0xFF as the same code points', () => {
    const bytes = Uint8Array.from([...Array(0x80).keys(), ...Array.from({ length: 0x60 }, (_, i) => 0xa0 + i)]);
    expect(decodeBody(bytes, 'windows-1252')).toBe(String.fromCharCode(...bytes));
  });

  it('is what iso-8859-1, latin1, ascii and us-ascii labels mean', () => {
    for (const label of ['iso-8859-1', 'latin1', 'ascii', 'us-ascii', 'ISO_8859-1']) {
      expect(encodingForLabel(label), label).toBe('windows-1252');
    }
    expect(detectCharset('text/html; charset=ISO-8859-1', ascii('caf\xe9 \x80'))).toBe('windows-1252');
    expect(decodeBody(ascii('caf\xe9 \x80'), 'iso-8859-1')).toBe('café €');
  });
});

describe('labels and special encodings', () => {
  it('names every label as Node\'s TextDecoder does, where Node knows the label', () => {
    let compared = 0;
    for (const [label, name] of encodingLabels()) {
      let nodeName: string;
      try {
        nodeName = new TextDecoder(label).encoding;
      } catch {
        continue; // replacement and x-user-defined: Node has no decoder for them
      }
      compared++;
      expect(nodeName, label).toBe(name);
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('decodes x-user-defined high bytes into the U+F780 block', () => {
    expect(decodeBody(Uint8Array.of(0x41, 0x80, 0xff), 'x-user-defined')).toBe('A\uf780\uf7ff');
  });

  it('decodes the replacement encoding (iso-2022-kr…) to a single U+FFFD', () => {
    expect(encodingForLabel('iso-2022-kr')).toBe('replacement');
    expect(decodeBody(ascii('anything'), 'replacement')).toBe('\ufffd');
  });

  it('treats an unknown charset passed to decodeBody as utf-8', () => {
    expect(decodeBody(Buffer.from('héllo', 'utf8'), 'no-such-charset')).toBe('héllo');
  });
});
