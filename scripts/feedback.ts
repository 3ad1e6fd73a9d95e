/**
 * `npm run feedback -- export FILE` writes users' feedback as an eval suite (JSONL, shared/eval's fields):
 * thumbs up become answerable items, thumbs down items flagged for review; `npm run eval -- --questions FILE`
 * scores it. `npm run feedback -- stats` prints the share of thumbs up by answerer and by confidence.
 * `--since ISO-DATE` keeps only feedback received from then on (a session's).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { getConfig } from '@/lib/config';
import { feedbackItems, feedbackStats, type StatRow } from '@/lib/eval/feedback';
import { feedbackLog } from '@/lib/store/feedback';
import { runCli, UsageError } from './lib/cli';

const USAGE = 'usage: npm run feedback -- export FILE [--since DATE]  |  npm run feedback -- stats [--since DATE] [--json]';

function table(title: string, rows: readonly StatRow[]): string {
  const lines = rows.map((r) => {
    const n = r.up + r.down;
    return `${r.key.padEnd(12)} ${String(n).padStart(6)} ${String(r.up).padStart(6)} ${`${((r.up / n) * 100).toFixed(0)}%`.padStart(7)}`;
  });
  return [`${title.padEnd(12)} ${'given'.padStart(6)} ${'up'.padStart(6)} ${'up %'.padStart(7)}`, ...lines].join('\n');
}

runCli(async () => {
  let parsed: ReturnType<typeof parse>;
  const parse = () => parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' }, since: { type: 'string' } } });
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const since = values.since === undefined ? undefined : new Date(values.since);
  if (since && Number.isNaN(since.getTime()))
    throw new UsageError(`--since takes a date (2026-12-07 or an ISO time), not "${values.since}"`);
  const [command, file, ...rest] = positionals;
  const log = feedbackLog(getConfig());
  const entries = (await log.entries()).filter((e) => !since || new Date(e.receivedAt) >= since);
  if (command === 'export' && file !== undefined && rest.length === 0) {
    const items = feedbackItems(entries);
    await writeFile(file, items.map((item) => `${JSON.stringify(item)}\n`).join(''));
    const review = items.filter((i) => i.review).length;
    process.stdout.write(
      `wrote ${items.length} items to ${file}: ${items.length - review} answerable, ${review} flagged for review (from ${log.location})\n`,
    );
    return 0;
  }
  if (command === 'stats' && file === undefined) {
    const stats = feedbackStats(entries);
    if (values.json) process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
    else if (stats.total === 0) process.stdout.write(`no feedback yet in ${log.location}\n`);
    else
      process.stdout.write(
        `${stats.total} verdicts in ${log.location}\n\n${table('answerer', stats.byAnswerer)}\n\n${table('confidence', stats.byConfidence)}\n`,
      );
    return 0;
  }
  throw new UsageError(USAGE);
});
