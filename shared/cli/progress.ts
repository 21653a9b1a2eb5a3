import ora from 'ora';
import { useColor, type CliIo } from './output.js';

// Apart from output.ts because ora (and its terminal helpers) costs about 0.1 s to load: only the commands that
// show progress import this module, from their actions.

/** Progress for anything that takes more than a second: an ora spinner on a TTY, nothing otherwise. */
export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

/**
 * A spinner on stderr when stdout is a TTY and neither NO_COLOR nor --json is set; otherwise a silent
 * progress (a final line is still written to stderr when not in JSON mode, so logs show what ran).
 */
export function startProgress(io: CliIo, text: string, json = false): Progress {
  if (useColor(io, json)) {
    const spinner = ora({ text, stream: process.stderr }).start();
    return {
      update: (t) => void (spinner.text = t),
      succeed: (t) => void spinner.succeed(t),
      fail: (t) => void spinner.fail(t),
    };
  }
  return {
    update: () => {},
    succeed: (t) => (json ? undefined : io.err(`${t}\n`)),
    fail: (t) => io.err(`${t}\n`),
  };
}
