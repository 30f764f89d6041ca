import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** Bad content in an input file or document: a URL list line, a playlist line, a spider module. */
export class InputError extends TrawlError {
  readonly code: string;
  constructor(
    readonly input: string,
    /** file:line, URL#line, segment number: where in the input */
    readonly place: string,
    readonly reason: string,
    options: TrawlErrorOptions & { code?: string } = {},
  ) {
    super(`${input}${place ? ` (${place})` : ''}: ${reason}`, options);
    this.code = options.code ?? 'TRAWL_ERR_INPUT';
  }
}
