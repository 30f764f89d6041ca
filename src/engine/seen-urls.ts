// URLs this process has already queued, by their exact absolute spelling. A page of a big site
// links to hundreds of pages the crawl already knows; recognising the same string again costs a
// Set lookup instead of a URL parse, a normalisation and a SHA-1. It can only skip what the
// frontier would drop anyway (same string, GET, no body: same fingerprint). Two generations keep
// it bounded: when the current one is full it becomes the previous one, and the old one goes.

export class SeenUrls {
  #current = new Set<string>();
  #previous = new Set<string>();

  constructor(private readonly generation = 50_000) {}

  /** True when `url` was queued recently. */
  has(url: string): boolean {
    if (this.#current.has(url)) return true;
    if (!this.#previous.has(url)) return false;
    this.add(url);
    return true;
  }

  /**
   * Remembers URLs once the page that queued them was handled successfully (a handler that
   * throws is retried, and must be able to queue the same links again).
   */
  add(url: string): void {
    if (this.#current.size >= this.generation) {
      this.#previous = this.#current;
      this.#current = new Set();
    }
    this.#current.add(url);
  }
}
