import { createMemoryFrontier } from '../../src/frontier/index.js';
import { frontierContract } from './frontier.contract.js';

frontierContract('memory', async () => {
  const frontier = createMemoryFrontier();
  return { frontier, cleanup: () => frontier.close() };
});
