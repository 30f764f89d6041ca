// A bounded in-process memory of keys the SQLite frontier knows exist, so that links seen again
// and again (menus, pagers, "related" blocks) are rejected without a SQL round trip.
//
// It only ever answers "certainly seen": keys enter it after their transaction committed (or
// after they were read from the database), and rows are never deleted, so a hit is always
// right; a miss just falls through to INSERT OR IGNORE.
//
// Two generations bound it without per-entry bookkeeping: when `current` fills half the
// capacity it becomes `previous` and the old `previous` is dropped, so a recently used key
// survives at least one turnover (a cheap approximation of LRU).

export class DedupCache {
  private current = new Set<string>();
  private previous = new Set<string>();
  private readonly half: number;

  constructor(capacity: number) {
    this.half = Math.max(0, Math.floor(capacity / 2));
  }

  has(key: string): boolean {
    if (this.current.has(key)) return true;
    if (!this.previous.has(key)) return false;
    this.add(key); // promote, so hot keys outlive the next turnover
    return true;
  }

  add(key: string): void {
    if (this.half === 0) return;
    this.current.add(key);
    if (this.current.size >= this.half) {
      this.previous = this.current;
      this.current = new Set();
    }
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
