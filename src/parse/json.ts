// JSON bodies (status APIs, chapter APIs). JSON.parse does the work; on failure this module finds
// where the text went wrong, because V8's messages often omit the position ("Unexpected token
// '}', ... is not valid JSON") and a user needs line and column to see what the server sent.
import { InputError } from '../errors/input-error.js';

/**
 * Parses JSON text (a leading byte order mark is ignored). `place` names where the text came from,
 * usually the URL; a syntax error throws InputError naming it with the line, column and offset.
 */
export function parseJson(text: string, place: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const offset = errorOffset(body, error);
    const { line, column } = lineAndColumn(body, offset);
    const reason =
      offset >= body.length
        ? body.trim() === ''
          ? 'invalid JSON: empty body'
          : 'invalid JSON: unexpected end of input'
        : `invalid JSON: unexpected ${JSON.stringify(body.slice(offset, offset + 1))}`;
    throw new InputError(place, `line ${line} column ${column}, offset ${offset}`, reason, { cause: error });
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function errorOffset(text: string, error: unknown): number {
  try {
    return new Scanner(text).firstError();
  } catch {
    // Nesting deep enough to exhaust the stack: fall back to what V8 said, if anything.
    const match = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
    return match ? Number(match[1]) : text.length;
  }
}

class Stop {
  constructor(readonly offset: number) {}
}

// A validating scanner over RFC 8259's grammar that only reports where it stops; it runs only
// after JSON.parse has already failed, so its speed does not matter.
class Scanner {
  private i = 0;

  constructor(private readonly s: string) {}

  firstError(): number {
    try {
      this.space();
      this.value();
      this.space();
      if (this.i < this.s.length) this.fail();
      return this.s.length;
    } catch (stop) {
      if (stop instanceof Stop) return stop.offset;
      throw stop;
    }
  }

  private fail(): never {
    throw new Stop(this.i);
  }

  private space(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i] as string)) this.i += 1;
  }

  private expect(char: string): void {
    if (this.s[this.i] !== char) this.fail();
    this.i += 1;
  }

  private value(): void {
    this.space();
    const c = this.s[this.i];
    if (c === '{') return this.container('}', true);
    if (c === '[') return this.container(']', false);
    if (c === '"') return this.string();
    if (c === 't') return this.word('true');
    if (c === 'f') return this.word('false');
    if (c === 'n') return this.word('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    this.fail();
  }

  private container(close: string, object: boolean): void {
    this.i += 1;
    this.space();
    if (this.s[this.i] === close) {
      this.i += 1;
      return;
    }
    for (;;) {
      if (object) {
        this.space();
        this.string();
        this.space();
        this.expect(':');
      }
      this.value();
      this.space();
      if (this.s[this.i] === ',') {
        this.i += 1;
        continue;
      }
      this.expect(close);
      return;
    }
  }

  private string(): void {
    this.expect('"');
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined || c < ' ') this.fail();
      if (c === '"') {
        this.i += 1;
        return;
      }
      if (c === '\\') {
        this.i += 1;
        const escape = this.s[this.i];
        if (escape === 'u') {
          for (let k = 0; k < 4; k += 1) {
            this.i += 1;
            if (!/[0-9a-fA-F]/.test(this.s[this.i] ?? '')) this.fail();
          }
        } else if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          this.fail();
        }
      }
      this.i += 1;
    }
  }

  private digits(): void {
    const start = this.i;
    while (this.i < this.s.length && (this.s[this.i] as string) >= '0' && (this.s[this.i] as string) <= '9') this.i += 1;
    if (this.i === start) this.fail();
  }

  private number(): void {
    if (this.s[this.i] === '-') this.i += 1;
    if (this.s[this.i] === '0') this.i += 1;
    else this.digits();
    if (this.s[this.i] === '.') {
      this.i += 1;
      this.digits();
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i += 1;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i += 1;
      this.digits();
    }
  }

  private word(word: string): void {
    for (const char of word) this.expect(char);
  }
}
