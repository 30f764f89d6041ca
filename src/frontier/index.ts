// The frontier: where requests wait, are leased to workers and come back done or failed.
export { createMemoryFrontier } from './backends/memory.js';
export { openSqliteFrontier, type SqliteFrontierOptions } from './backends/sqlite.js';
export type { RedisFrontierOptions } from './backends/redis.js';
export { SCHEMA_VERSION as SQLITE_FRONTIER_SCHEMA_VERSION } from './backends/sqlite-schema.js';
export { lockHolder, lockJob, lockPathFor, type JobLock } from './job-lock.js';
export { openFrontier, openRedisFrontier, type OpenFrontierOptions } from './open.js';
