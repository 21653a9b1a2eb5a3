import { ValidationError } from '../errors.js';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Streams the elements of one top-level JSON array (`[ {...}, {...} ]`), parsing one element at a time so memory
 * stays flat however large the file. Throws ValidationError naming the element when the input is not an array,
 * an element is not valid JSON, or the input ends before the array is closed (a truncated file).
 */
export async function* jsonArrayItems(
  chunks: AsyncIterable<Buffer | string>,
  what: string,
): AsyncGenerator<unknown> {
  let state: 'start' | 'between' | 'item' | 'done' = 'start';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  let index = 0;
  let sawComma = false;
  const fail = (problem: string): never => {
    throw new ValidationError(what, [problem]);
  };
  const parse = (bytes: Buffer): unknown => {
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      return fail(`record ${index}: not valid JSON (${(err as Error).message})`);
    }
  };
  for await (const chunk of chunks) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let from = 0;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (state === 'item') {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          continue;
        }
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            parts.push(buf.subarray(from, i + 1));
            yield parse(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
            parts = [];
            index++;
            state = 'between';
            sawComma = false;
          }
        }
        continue;
      }
      if (isSpace(b)) continue;
      if (state === 'start') {
        if (b !== OPEN_BRACKET) fail('not a JSON array of findings (the file must start with "[")');
        state = 'between';
        sawComma = true;
      } else if (state === 'between') {
        if (b === CLOSE_BRACKET) {
          if (sawComma && index > 0) fail(`a trailing comma after record ${index - 1}`);
          state = 'done';
        } else if (b === COMMA) {
          if (sawComma) fail(`an empty element before record ${index}`);
          sawComma = true;
        } else if (b === OPEN_BRACE) {
          if (!sawComma) fail(`a missing comma before record ${index}`);
          state = 'item';
          depth = 1;
          from = i;
        } else fail(`record ${index}: not a JSON object`);
      } else fail('data after the end of the array');
    }
    if (state === 'item') parts.push(buf.subarray(from));
  }
  if ((state as string) !== 'done')
    fail(
      state === 'start'
        ? 'empty file: no JSON array'
        : `truncated: the array is not closed after ${index} complete record(s)`,
    );
}
