// The item sink contract. Sinks append items to an output and can go back to a checkpoint,
// which is how a crash-resumed crawl writes every item exactly once: the engine commits the
// sink's checkpoint in the same frontier transaction as the requests that produced the items,
// and on restart the sink drops whatever was written after the last committed checkpoint.

/** One scraped record. Values must be JSON-serialisable. */
export type Item = Readonly<Record<string, unknown>>;

export interface Sink {
  /**
   * Opens the output. With `checkpoint` undefined the output starts empty (an existing file is
   * replaced); with a checkpoint from `write`, everything written after it is cut off and
   * writing continues from there.
   */
  open(checkpoint: string | undefined): Promise<void>;
  /**
   * Appends the items and returns the checkpoint just after them. When it returns, the bytes
   * are in the operating system's hands: a killed process loses none of them.
   *
   * A sink may return undefined instead (a database, a queue, a callback that cannot be rewound):
   * it then keeps no checkpoint, and its items are delivered AT LEAST once — after a crash the
   * requests that were not committed yet are fetched again and their items written again. Such
   * a sink's open() is always called with undefined.
   */
  write(items: readonly Item[]): string | undefined;
  /** Completes the output (closing bracket of a JSON array…) and releases it. */
  close(): Promise<void>;
}
