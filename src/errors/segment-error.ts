// The error that stops a download at a segment it could not get: names the segment (its place
// in the playlist and its media sequence number) and its URL; the reason is the cause's message.
import { TrawlError, errorMessage } from './trawl-error.js';

export class SegmentError extends TrawlError {
  static override readonly brand: string = 'SegmentError';
  readonly code = 'TRAWL_ERR_SEGMENT';
  constructor(
    /** 1-based position in the media playlist. */
    readonly segment: number,
    readonly total: number,
    readonly mediaSequence: number,
    readonly url: string,
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`segment ${segment}/${total} (media sequence ${mediaSequence}) failed: ${reason}${reason.includes(url) ? '' : ` (${url})`}`, options);
  }

  static from(cause: unknown, at: { segment: number; total: number; mediaSequence: number; url: string }): SegmentError {
    return new SegmentError(at.segment, at.total, at.mediaSequence, at.url, errorMessage(cause), { cause });
  }
}
