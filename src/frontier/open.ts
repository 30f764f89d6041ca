// Picks a frontier backend from the one-string spec the CLI and config accept.
import { OptionError } from '../errors/option-error.js';
import type { FrontierBackend } from '../types/frontier.js';
import { createMemoryFrontier } from './backends/memory.js';
import { openSqliteFrontier } from './backends/sqlite.js';

const EXPECTED = "expected 'memory', 'sqlite:<path>' or a path ending in .db";

/** `memory`, `sqlite:<path>`, or a path ending in `.db` (SQLite). Anything else is an OptionError. */
export function openFrontier(spec: string): FrontierBackend {
  if (typeof spec !== 'string') throw new OptionError('frontier', spec, EXPECTED);
  if (spec === 'memory') return createMemoryFrontier();
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    if (path === '') throw new OptionError('frontier', spec, 'sqlite: needs a file path, e.g. sqlite:.trawl/job.db');
    return openSqliteFrontier(path);
  }
  if (spec.endsWith('.db') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return openSqliteFrontier(spec);
  throw new OptionError('frontier', spec, EXPECTED);
}
