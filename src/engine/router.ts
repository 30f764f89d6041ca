// Routes a request to the handler registered for its label, else to the default handler.
import { OptionError } from '../errors/option-error.js';
import type { Handler } from './handler.js';

export class Router {
  readonly #byLabel = new Map<string, Handler>();
  #fallback: Handler | undefined;

  /** Handler for requests with this label. */
  on(label: string, handler: Handler): this {
    this.#byLabel.set(label, handler);
    return this;
  }

  /** Handler for requests without a label, or with a label nobody registered. */
  otherwise(handler: Handler): this {
    this.#fallback = handler;
    return this;
  }

  resolve(label: string | undefined): Handler {
    const handler = (label === undefined ? undefined : this.#byLabel.get(label)) ?? this.#fallback;
    if (!handler) {
      throw new OptionError('handler', label, `no handler for label ${JSON.stringify(label)} and no default handler`);
    }
    return handler;
  }

  get isEmpty(): boolean {
    return this.#byLabel.size === 0 && this.#fallback === undefined;
  }
}
