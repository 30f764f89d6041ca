// Lines trawl writes on stderr outside a progress display (notes, warnings, the one-line error),
// in the process's log format: `trawl: <message>` for people, or one JSON object per line with
// --log-format json. While a live display is drawn, lines go through it (above its rows).
export type LogFormat = 'text' | 'json';

let format: LogFormat = 'text';
let through: ((line: string) => void) | undefined;

/** Set once a command knows its --log-format. */
export function useLogFormat(chosen: LogFormat): void {
  format = chosen;
}

export function logFormat(): LogFormat {
  return format;
}

/** While a live display is drawn, text lines are written through it; undefined: straight to stderr. */
export function writeLinesThrough(writer: ((line: string) => void) | undefined): void {
  through = writer;
}

/** One event as a JSON line: {"time", "event", …fields}. */
export function jsonLine(event: string, fields: Record<string, unknown>): string {
  return `${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`;
}

/** A note for people (`trawl: <message>`), or a JSON event of kind `event` carrying `message`. */
export function logLine(message: string, event: 'note' | 'warning' | 'error' = 'note', fields: Record<string, unknown> = {}): void {
  if (format === 'json') {
    process.stderr.write(jsonLine(event, { message: message.replace(/^warning: /, ''), ...fields }));
    return;
  }
  const line = `trawl: ${message}\n`;
  if (through) through(line);
  else process.stderr.write(line);
}
