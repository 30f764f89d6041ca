// A minimal typed event emitter for the library's events (see types/events.ts): listeners
// get one union-typed event; a throwing listener cannot break the emitter.

export type Listener<E> = (event: E) => void;

export class TypedEmitter<E> {
  readonly #listeners = new Set<Listener<E>>();

  on(listener: Listener<E>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: E): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's bug must not stop a crawl; listeners report their own errors.
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
