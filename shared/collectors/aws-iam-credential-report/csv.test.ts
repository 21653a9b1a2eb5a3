import { describe, expect, it } from '@jest/globals';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('splits plain rows with LF or CRLF line ends and an optional final line end', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual({
      ok: true,
      rows: [
        ['a', 'b'],
        ['1', '2'],
      ],
    });
    expect(parseCsv('a,b\r\n1,2')).toEqual({
      ok: true,
      rows: [
        ['a', 'b'],
        ['1', '2'],
      ],
    });
  });

  it('reads quoted fields with commas, line breaks and doubled quotes', () => {
    expect(parseCsv('"x,y","say ""hi""","a\nb"\n')).toEqual({
      ok: true,
      rows: [['x,y', 'say "hi"', 'a\nb']],
    });
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsv('a,,c\n\n,\n""\n')).toEqual({ ok: true, rows: [['a', '', 'c'], ['', ''], ['']] });
  });

  it('reports an unterminated quoted field instead of returning a partial row', () => {
    const out = parseCsv('a,b\n"1,2\n');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.problems[0]).toMatch(/unterminated/);
  });

  it('reports a quote in the middle of an unquoted field', () => {
    expect(parseCsv('ab"c\n').ok).toBe(false);
  });

  it('returns no rows for empty text', () => {
    expect(parseCsv('')).toEqual({ ok: true, rows: [] });
  });
});
