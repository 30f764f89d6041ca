import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** Bad content in an input file or document: a URL list line, a playlist line, a spider module. */
export class InputError extends TrawlError {
  static override readonly brand: string = 'InputError';
  readonly code: string;
  constructor(
    readonly input: string,
    /** file:line, URL#line, segment number: where in the input */
    readonly place: string,
    readonly reason: string,
    options: TrawlErrorOptions = {},
  ) {
    super(`${input}${place ? ` (${place})` : ''}: ${reason}`, options);
    this.code = 'TRAWL_ERR_INPUT';
  }
}
