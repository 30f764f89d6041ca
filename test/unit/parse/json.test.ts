import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { parseJson } from '../../../src/parse/index.js';

const API = 'http://127.0.0.1:8080/api/chapter/3';

function jsonError(text: string): InputError {
  try {
    parseJson(text, API);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('parsed');
}

describe('parseJson', () => {
  it('parses a JSON body, Chinese text included', () => {
    expect(parseJson('{"title":"第三章","next":4,"done":false}', API)).toEqual({ title: '第三章', next: 4, done: false });
  });

  it('ignores a leading byte order mark', () => {
    expect(parseJson('\ufeff[1,2]', API)).toEqual([1, 2]);
  });

  it('names the URL and the line, column and offset of a syntax error', () => {
    const error = jsonError('{\n  "status": "ok",\n  "data": }\n');
    expect(error.input).toBe(API);
    expect(error.place).toBe('line 3 column 11, offset 30');
    expect(error.message).toContain(API);
    expect(error.message).toContain('unexpected "}"');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ['{"a":1', 'line 1 column 7, offset 6', 'unexpected end of input'],
    ['[1,2,]', 'line 1 column 6, offset 5', 'unexpected "]"'],
    ['{"a":1}x', 'line 1 column 8, offset 7', 'unexpected "x"'],
    ['{"a":tru}', 'line 1 column 9, offset 8', 'unexpected "}"'],
    ['<html>502 Bad Gateway</html>', 'line 1 column 1, offset 0', 'unexpected "<"'],
    ['', 'line 1 column 1, offset 0', 'empty body'],
  ])('places the error in %j', (text, place, reason) => {
    const error = jsonError(text);
    expect(error.place).toBe(place);
    expect(error.reason).toContain(reason);
  });
});
