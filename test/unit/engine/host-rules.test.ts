// --allow-host / --deny-host patterns: exact hosts, globs, host:port, /regex/; allowed means
// "some allow pattern matches (or there are none) and no deny pattern does".
import { describe, expect, it } from 'vitest';
import { compileHostRules, hostRedirectGuard } from '../../../src/engine/host-rules.js';
import { HostDeniedError, OptionError } from '../../../src/errors/index.js';

const rules = (allow: string[], deny: string[] = []) => compileHostRules({ allow, deny });

describe('host patterns', () => {
  it('match an exact host whatever its letter case, and nothing else', () => {
    const exact = rules(['Example.com']);
    expect(exact.allows('https://example.com/a')).toBe(true);
    expect(exact.allows('https://EXAMPLE.COM:8443/a')).toBe(true);
    expect(exact.allows('https://www.example.com/a')).toBe(false);
    expect(exact.allows('https://example.com.evil.test/a')).toBe(false);
  });

  it('read * in a glob as any run of characters, so *.example.com is every subdomain but not example.com', () => {
    const glob = rules(['*.example.com']);
    expect(glob.allows('http://a.example.com/')).toBe(true);
    expect(glob.allows('http://a.b.example.com/')).toBe(true);
    expect(glob.allows('http://example.com/')).toBe(false);
    expect(glob.allows('http://badexample.com/')).toBe(false);
    expect(rules(['img*.cdn.test']).allows('http://img12.cdn.test/x')).toBe(true);
  });

  it('compare host:port when the pattern names a port, and the host name alone otherwise', () => {
    const port = rules(['127.0.0.1:8080']);
    expect(port.allows('http://127.0.0.1:8080/')).toBe(true);
    expect(port.allows('http://127.0.0.1:9090/')).toBe(false);
    expect(rules(['127.0.0.1']).allows('http://127.0.0.1:9090/')).toBe(true);
    expect(rules(['[::1]']).allows('http://[::1]:3000/')).toBe(true);
  });

  it('test a /regex/ against the host name, ignoring case', () => {
    const regex = rules(['/^(www|shop)\\.example\\.(com|org)$/']);
    expect(regex.allows('https://SHOP.example.org/')).toBe(true);
    expect(regex.allows('https://cdn.example.org/')).toBe(false);
  });

  it('refuse what a deny pattern matches even when an allow pattern matches too, and say which', () => {
    const both = rules(['*.example.com'], ['ads.example.com']);
    expect(both.allows('https://www.example.com/')).toBe(true);
    expect(both.allows('https://ads.example.com/')).toBe(false);
    expect(both.refusal('https://ads.example.com/')).toBe('matches --deny-host ads.example.com');
    expect(both.refusal('https://other.test/')).toBe('not in --allow-host');
    const denyOnly = rules([], ['/tracker/']);
    expect(denyOnly.widens).toBe(false);
    expect(denyOnly.allows('https://anything.test/')).toBe(true);
    expect(denyOnly.allows('https://tracker.test/')).toBe(false);
  });

  it('allow everything when there is no pattern', () => {
    const none = rules([]);
    expect(none.empty).toBe(true);
    expect(none.allows('https://anything.test/')).toBe(true);
    expect(hostRedirectGuard(none)).toBeUndefined();
  });

  it.each(['', 'a b', 'http://example.com', 'example.com/path', '/(/'])('rejects the pattern %j, naming the option', (pattern) => {
    expect(() => rules([pattern])).toThrow(OptionError);
    expect(() => rules([pattern])).toThrow(/--allow-host/);
  });

  it('give a redirect guard that throws HostDeniedError naming the refused host', () => {
    const guard = hostRedirectGuard(rules(['shop.test']));
    expect(() => guard?.(new URL('https://shop.test/b'), new URL('https://shop.test/a'))).not.toThrow();
    let error: unknown;
    try {
      guard?.(new URL('https://evil.test:444/x'), new URL('https://shop.test/a'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HostDeniedError);
    expect(error).toMatchObject({ code: 'TRAWL_ERR_HOST_DENIED', host: 'evil.test:444', from: 'https://shop.test/a' });
    expect((error as Error).message).toContain('evil.test:444');
  });
});
