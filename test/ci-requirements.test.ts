// Tests that need redis-server, Chromium, ffmpeg or network namespaces skip, with a notice, on a
// machine without them. In CI (.ci/run installs every one of them, as root) a skip would hide
// whatever those tests check, so there a missing one fails here, naming it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, CHROMIUM } from './integration/browser/helpers.js';
import { netnsUnavailable } from './helpers/netns.js';
import { redisServerPath } from './helpers/redis-server.js';

const onPath = (command: string): boolean => spawnSync(command, ['-version']).status === 0;

describe.runIf(process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false')('in CI, nothing the tests need is missing', () => {
  it('has redis-server, so the Redis frontier tests run', () => {
    expect(redisServerPath, 'redis-server is not installed: apt-get install redis-server').toBeDefined();
  });

  it('has Chromium, so the browser tests run', () => {
    expect(HAS_CHROMIUM, `${CHROMIUM} is absent: apt-get install chromium`).toBe(true);
  });

  it('has ffmpeg and ffprobe, so the mux and remux tests run', () => {
    expect(onPath('ffmpeg') && onPath('ffprobe'), 'apt-get install ffmpeg').toBe(true);
  });

  it('can make network namespaces, so the multi-host and private-network tests run', () => {
    expect(netnsUnavailable()).toBeUndefined();
  });
});
