/** Result of parsing CSV text: the rows, or the problems that made the text unreadable. */
export type CsvResult = { ok: true; rows: string[][] } | { ok: false; problems: string[] };

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends). A final line end is
 * optional; empty lines are skipped. An unterminated quoted field is a problem, not a silent row.
 */
export function parseCsv(text: string): CsvResult {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === '' && !fieldStarted)) rows.push(row);
    row = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
      continue;
    }
    if (ch === '"') {
      if (field !== '')
        return { ok: false, problems: [`row ${rows.length + 1}: quote inside an unquoted field`] };
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { ok: false, problems: [`row ${rows.length + 1}: unterminated quoted field`] };
  if (fieldStarted || field !== '' || row.length > 0) endRow();
  return { ok: true, rows };
}
