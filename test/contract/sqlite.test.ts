import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteFrontier } from '../../src/frontier/index.js';
import { frontierContract } from './frontier.contract.js';

frontierContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-frontier-'));
  const frontier = openSqliteFrontier(join(dir, 'job.db'));
  return {
    frontier,
    cleanup: async () => {
      await frontier.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

// The in-process dedup cache must not change what the contract sees.
frontierContract('sqlite without dedup cache', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-frontier-'));
  const frontier = openSqliteFrontier(join(dir, 'job.db'), { dedupCacheSize: 0 });
  return {
    frontier,
    cleanup: async () => {
      await frontier.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
