/** What every script shares: one error policy and a progress display. */
import { ConfigError } from '@/lib/config';
import { isAppError } from '@/lib/errors';

/** Runs a script's main; known errors print their message, nothing prints a stack unless DEBUG is set. */
export function runCli(main: () => Promise<unknown>): void {
  main().then(
    (code) => {
      process.exitCode = typeof code === 'number' ? code : 0;
    },
    (error: unknown) => {
      if (isAppError(error) || error instanceof ConfigError || error instanceof UsageError) {
        process.stderr.write(`error: ${error.message}\n`);
      } else {
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`unexpected error: ${message}\n`);
        if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      }
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A one-line progress bar on a terminal; on a pipe, a line per quarter so logs stay readable. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let lastQuarter = -1;
  let startedAt = Date.now();
  let lastLabel = '';
  return {
    update(label: string, done: number, total: number, extra = '') {
      if (label !== lastLabel) {
        lastLabel = label;
        lastQuarter = -1;
        startedAt = Date.now();
      }
      const fraction = total > 0 ? done / total : 1;
      const seconds = (Date.now() - startedAt) / 1000;
      const rate = seconds > 0 ? `${(done / seconds).toFixed(0)}/s` : '';
      const line = `${label} ${done}/${total} ${rate} ${extra}`.trim();
      if (stream.isTTY) {
        const width = 24;
        const filled = Math.round(fraction * width);
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${line}\x1b[K`);
        if (done >= total) stream.write('\n');
      } else {
        const quarter = Math.floor(fraction * 4);
        if (quarter !== lastQuarter) {
          lastQuarter = quarter;
          stream.write(`${line}\n`);
        }
      }
    },
  };
}
