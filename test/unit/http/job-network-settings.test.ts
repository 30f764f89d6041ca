// A job's fetch settings (what `trawl worker` processes build their fetcher from) carry the
// network options, so that every worker of a job uses the same proxies, the same cache and the
// same --no-private-networks as the process that started it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchOptionsFrom } from '../../../src/cli/crawl-session.js';
import { fetchSettingsOf } from '../../../src/cli/job-settings.js';

describe('job fetch settings', () => {
  it('keep --proxy, --proxy-rotation, --cache (as an absolute folder), --cache-mode and --no-private-networks', () => {
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'trawl-job-')), 'cache');
    const options = fetchOptionsFrom({
      proxy: ['socks5h://127.0.0.1:1080', 'http://u:p@127.0.0.1:3128'],
      proxyRotation: 'host',
      cache: relative(process.cwd(), cacheDir),
      cacheMode: 'rfc9111',
      privateNetworks: false,
    });
    const settings = fetchSettingsOf(options);
    expect(settings.proxy).toEqual(['socks5h://127.0.0.1:1080', 'http://u:p@127.0.0.1:3128/']);
    expect(settings.proxyRotation).toBe('host');
    expect(settings.privateNetworks).toBe(false);
    expect(settings.cache).toEqual({ dir: cacheDir, mode: 'rfc9111' });
  });

  it('leave them out when none was given', () => {
    const settings = fetchSettingsOf(fetchOptionsFrom({}));
    expect(settings).not.toHaveProperty('proxy');
    expect(settings).not.toHaveProperty('cache');
    expect(settings).not.toHaveProperty('privateNetworks');
  });
});
