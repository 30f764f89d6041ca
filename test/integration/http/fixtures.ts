// Shared by the HTTP integration tests: servers and fetchers made in a test are closed after it.
import { afterEach } from 'vitest';
import { Fetcher, type FetcherOptions } from '../../../src/http/index.js';
import { startServer, type Handler, type TestServer } from '../../helpers/server.js';

const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((resource) => resource.close()));
});

export async function server(handler: Handler): Promise<TestServer> {
  const started = await startServer(handler);
  open.push(started);
  return started;
}

/** A fetcher with fast retries unless the test says otherwise. */
export function fetcher(options: FetcherOptions = {}): Fetcher {
  const created = new Fetcher({ retryBaseMs: 5, retryMaxMs: 50, ...options });
  open.push(created);
  return created;
}

/** Resolves with the error `promise` rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}
