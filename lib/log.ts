/** Structured log lines on stderr; the one place server-side events are reported. */
export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export const stderrLogger: Logger = {
  log(level, event, fields = {}) {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
  },
};

/** For work whose events nobody reads: answers scored by the eval or tried out by the build. */
export const silentLogger: Logger = { log: () => undefined };

export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, kind: error.name } : { error: String(error) };
}
