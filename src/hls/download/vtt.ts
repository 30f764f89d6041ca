// Joining WebVTT segments (RFC 8216 3.5) into one .vtt file: each segment is a complete WebVTT
// file with its own "WEBVTT" header block; the joined file keeps the first and drops the rest,
// so players read one header followed by every cue.

/** `text` without its header block (the WEBVTT line and the lines up to the first blank line). */
export function stripVttHeader(text: string): string {
  const body = text.replace(/^\ufeff/, '');
  if (!/^WEBVTT(?:[ \t]|\r?\n|$)/.test(body)) return text;
  const blank = /\r?\n[ \t]*\r?\n/.exec(body);
  if (!blank) return '';
  return body.slice(blank.index + blank[0].length);
}

/** A later segment's bytes for the joined file: header removed, ending with a blank line. */
export function vttContinuation(bytes: Buffer): Buffer {
  const rest = stripVttHeader(bytes.toString('utf8'));
  if (rest.trim() === '') return Buffer.alloc(0);
  return Buffer.from(/\n\s*\n$/.test(rest) ? rest : `${rest.replace(/\s*$/, '')}\n\n`, 'utf8');
}

/** The first segment's bytes: kept whole, ending with a blank line so the next cue starts clean. */
export function vttFirst(bytes: Buffer): Buffer {
  const text = bytes.toString('utf8');
  return /\n\s*\n$/.test(text) ? bytes : Buffer.from(`${text.replace(/\s*$/, '')}\n\n`, 'utf8');
}
