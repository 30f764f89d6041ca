// The root of every error trawl raises. Each subclass has one stable `code` that scripts can
// match on, context fields naming the input and the place, and the original error as `cause`.

export interface TrawlErrorOptions {
  readonly cause?: unknown;
}

/** Where an error keeps the brands of its class and its ancestors (see `brand`). */
const BRANDS = Symbol.for('trawl.error.brands');

export abstract class TrawlError extends Error {
  /**
   * The class's name as a string that survives bundling and minification. `instanceof` compares
   * brands, so it holds across two copies of trawl in one process (a spider loaded through tsx,
   * the library beside the CLI bundle) — as undici does with Symbol.for.
   */
  static readonly brand: string = 'TrawlError';
  abstract readonly code: string;
  /** Whether doing the same thing again may succeed (a timeout may; a 404 will not). */
  readonly retryable: boolean = false;

  constructor(message: string, options: TrawlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const brands: string[] = [];
    for (let type: unknown = new.target; typeof type === 'function' && type !== Error; type = Object.getPrototypeOf(type)) {
      if (Object.hasOwn(type, 'brand')) brands.push((type as typeof TrawlError).brand);
    }
    Object.defineProperty(this, BRANDS, { value: brands });
    this.name = brands[0] ?? new.target.name;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const brands = (value as { [BRANDS]?: unknown } | null | undefined)?.[BRANDS];
    return Array.isArray(brands) && Object.hasOwn(this, 'brand') && brands.includes((this as unknown as typeof TrawlError).brand);
  }
}

export function isTrawlError(error: unknown): error is TrawlError {
  return error instanceof TrawlError;
}

/** The message of any thrown value, for one-line reports. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The stable code of a thrown value: a TrawlError's code, a Node system error's code, or ERR_UNKNOWN. */
export function errorCode(error: unknown): string {
  if (error instanceof TrawlError) return error.code;
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return 'ERR_UNKNOWN';
}
