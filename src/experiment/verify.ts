// What counts as a right answer from the delay server (pure): status 200 and the page's own title.
// The pool's worker script (pool-worker-source.ts) repeats this check: it imports nothing.

/** The heading the demo site (and the bench kit's delay server) puts on /delay/<ms>/<id>. */
export function expectedTitle(id: string): string {
  return `<h1 class="title">delay item ${id}</h1>`;
}

/** undefined when the response is right, else what is wrong with it. */
export function checkPage(id: string, status: number, body: string): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  if (!body.includes(expectedTitle(id))) return 'the page lacks its title';
  return undefined;
}

/** The path of request `id`: /delay/<ms>/<id>. */
export function delayPath(delayMs: number, id: string): string {
  return `/delay/${delayMs}/${id}`;
}
