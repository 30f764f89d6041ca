import { createCipheriv } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IntegrityError, OptionError } from '../../../src/errors/index.js';
import { decryptAes128, KeyStore, parseHex16, readKeyOption } from '../../../src/stream/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'trawl-hls-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

describe('parseHex16', () => {
  it('reads 32 hex digits with or without 0x', () => {
    expect(parseHex16('0x00112233445566778899AABBCCDDEEFF', 'iv')).toEqual(KEY);
    expect(parseHex16(' 00112233445566778899aabbccddeeff ', 'iv')).toEqual(KEY);
  });

  it('names the option and the value when the text is not 16 bytes of hex', () => {
    const error = (() => {
      try {
        parseHex16('0x1234', 'iv');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(OptionError);
    expect((error as Error).message).toMatch(/option iv: expected 32 hex digits.*"0x1234"/);
  });
});

describe('readKeyOption (--key <hex|file>)', () => {
  it('takes hex digits, a file of 16 raw bytes, or a file holding the hex text', async () => {
    const raw = join(dir, 'raw.key');
    const text = join(dir, 'hex.key');
    writeFileSync(raw, KEY);
    writeFileSync(text, '0x00112233445566778899aabbccddeeff\n');
    expect(await readKeyOption('00112233445566778899aabbccddeeff')).toEqual(KEY);
    expect(await readKeyOption(raw)).toEqual(KEY);
    expect(await readKeyOption(text)).toEqual(KEY);
  });

  it('refuses a missing file and a file of the wrong size, naming --key', async () => {
    await expect(readKeyOption(join(dir, 'nope.key'))).rejects.toThrow(/option key: is neither 32 hex digits nor a readable key file/);
    const short = join(dir, 'short.key');
    writeFileSync(short, Buffer.alloc(8));
    await expect(readKeyOption(short)).rejects.toThrow(/holds 8 bytes; expected 16 raw bytes or 32 hex digits/);
  });
});

describe('decryptAes128 (RFC 8216 5.2: AES-128-CBC, PKCS7)', () => {
  it('undoes AES-128-CBC with PKCS7 padding', () => {
    const iv = Buffer.alloc(16, 7);
    const plain = Buffer.from('a segment that is not a multiple of sixteen bytes');
    const cipher = createCipheriv('aes-128-cbc', KEY, iv);
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
    expect(Buffer.concat(decryptAes128(encrypted, KEY, iv))).toEqual(plain);
  });

  it('throws on a wrong key (the padding does not check out)', () => {
    const iv = Buffer.alloc(16);
    const cipher = createCipheriv('aes-128-cbc', KEY, iv);
    const encrypted = Buffer.concat([cipher.update(Buffer.alloc(1000, 1)), cipher.final()]);
    expect(() => decryptAes128(encrypted, Buffer.alloc(16, 9), iv)).toThrow();
  });
});

describe('KeyStore', () => {
  it('fetches each key URI once, however many segments ask at the same time', async () => {
    const loads: string[] = [];
    const store = new KeyStore(async (uri) => {
      loads.push(uri);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return KEY;
    });
    const keys = await Promise.all([store.get('k1'), store.get('k1'), store.get('k2'), store.get('k1')]);
    await store.get('k2');
    expect(loads).toEqual(['k1', 'k2']);
    expect(keys[0]).toEqual(KEY);
    expect(store.fetches).toBe(2);
  });

  it('forgets a key whose fetch failed, so a later attempt fetches it again', async () => {
    let calls = 0;
    const store = new KeyStore(async () => {
      calls++;
      if (calls === 1) throw new Error('403');
      return KEY;
    });
    await expect(store.get('k')).rejects.toThrow('403');
    await expect(store.get('k')).resolves.toEqual(KEY);
    expect(calls).toBe(2);
  });

  it('refuses a key that is not 16 bytes long', async () => {
    const store = new KeyStore(async () => Buffer.alloc(20));
    const error = await store.get('https://keys.test/k').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as Error).message).toMatch(/https:\/\/keys\.test\/k: the key is 20 bytes long; AES-128 needs 16/);
  });

  it('uses the --key override for every URI without fetching anything', async () => {
    const store = new KeyStore(async () => {
      throw new Error('must not fetch');
    }, KEY);
    expect(await store.get('a')).toEqual(KEY);
    expect(store.fetches).toBe(0);
  });

  it('remembers which keys have decrypted a segment correctly', () => {
    const store = new KeyStore(async () => KEY);
    expect(store.isVerified('a')).toBe(false);
    store.markVerified('a');
    expect(store.isVerified('a')).toBe(true);
    expect(store.isVerified('b')).toBe(false);
  });
});
