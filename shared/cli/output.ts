import Table from 'cli-table3';

/** Where a command writes and what the terminal allows; built once at the edge from process state. */
export interface CliIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  /** The environment (NO_COLOR, AWS_*); commands never read process.env themselves. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** stdout is an interactive terminal. */
  readonly isTty: boolean;
  /** Terminal width in columns: tables are fitted to it (TTY width, else COLUMNS, else 120). */
  readonly columns?: number;
}

/** Table width when neither the terminal nor COLUMNS says (a pipe, a CI log). */
const DEFAULT_COLUMNS = 120;

/** The width tables must fit in. */
export function columnsOf(io: CliIo): number {
  const env = Number(io.env.COLUMNS);
  return io.columns ?? (Number.isInteger(env) && env >= 20 ? env : DEFAULT_COLUMNS);
}

/** The process's own streams and environment (the CLI edge). */
export function processIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    isTty: process.stdout.isTTY === true,
    ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  };
}

/** An IO that collects output in memory (tests). */
export function memoryIo(
  env: Record<string, string | undefined> = {},
): CliIo & { stdout(): string; stderr(): string } {
  let out = '';
  let err = '';
  return {
    out: (s) => (out += s),
    err: (s) => (err += s),
    env,
    isTty: false,
    stdout: () => out,
    stderr: () => err,
  };
}

/** Colour is off when NO_COLOR is set (any value, https://no-color.org), with --json, or off a TTY. */
export function useColor(io: CliIo, json = false): boolean {
  return !json && io.isTty && !(io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '');
}

const COLORS: Record<string, string> = {
  PASS: '\u001b[32m',
  met: '\u001b[32m',
  effective: '\u001b[32m',
  FAIL: '\u001b[31m',
  failing: '\u001b[31m',
  not_effective: '\u001b[31m',
  UNKNOWN: '\u001b[33m',
  unknown: '\u001b[33m',
  insufficient_evidence: '\u001b[33m',
  effective_with_exceptions: '\u001b[33m',
};

/** A status word, coloured when colour is on. */
export function paint(word: string, color: boolean): string {
  const c = COLORS[word];
  return color && c ? `${c}${word}\u001b[0m` : word;
}

// eslint-disable-next-line no-control-regex -- strips the colour escapes this module writes
const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;

/**
 * Column widths (content + 2 padding) that fit `width` with the borders: the widest columns give way first,
 * none below 8; cli-table3 then cuts longer cells with an ellipsis.
 */
function fitColumns(cells: readonly (readonly string[])[], width: number): number[] | undefined {
  const n = cells[0]?.length ?? 0;
  const w = Array.from({ length: n }, (_, i) => Math.max(...cells.map((r) => visible(r[i] ?? ''))) + 2);
  const budget = width - (n + 1);
  let total = w.reduce((a, b) => a + b, 0);
  if (total <= budget) return undefined;
  while (total > budget) {
    const widest = w.indexOf(Math.max(...w));
    if (w[widest]! <= 8) break;
    w[widest]!--;
    total--;
  }
  return w;
}

/**
 * Renders a table (cli-table3) no wider than `width` columns (cells cut with "…" when needed); plain ASCII
 * borders and no colour codes when colour is off.
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  color: boolean,
  width = DEFAULT_COLUMNS,
): string {
  const cells = [head.map(String), ...rows.map((r) => r.map(String))];
  const colWidths = fitColumns(cells, width);
  const table = new Table({
    head: [...head],
    ...(colWidths ? { colWidths } : {}),
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
    ...(color
      ? {}
      : {
          chars: {
            top: '-',
            'top-mid': '+',
            'top-left': '+',
            'top-right': '+',
            bottom: '-',
            'bottom-mid': '+',
            'bottom-left': '+',
            'bottom-right': '+',
            left: '|',
            'left-mid': '+',
            mid: '-',
            'mid-mid': '+',
            right: '|',
            'right-mid': '+',
            middle: '|',
          },
        }),
  });
  for (const r of cells.slice(1)) table.push(r);
  return table.toString() + '\n';
}

/** Writes a JSON document (pretty, newline-terminated). */
export function writeJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}

/** Wraps text at spaces to `width` columns; a word longer than the width is cut into pieces of the width. */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const whole of text.split(' ')) {
    const pieces = whole.match(new RegExp(`.{1,${Math.max(1, width)}}`, 'gu')) ?? [''];
    for (const word of pieces) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line].join('\n');
}
