/**
 * Feedback as JSONL under FEEDBACK_DIR: each entry one line appended to feedback.jsonl. When a line would take
 * the file past the rotation size, the file is renamed feedback-<time>.jsonl first, so no file grows without
 * bound and nothing is ever rewritten. Appends of one process run one at a time, so two lines never interleave
 * and a rotation never races an append.
 */
import { appendFile, mkdir, open, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { processWide } from '../../memo';
import { type FeedbackEntry, type FeedbackLog, latestById } from '../feedback';

export const FEEDBACK_FILE = 'feedback.jsonl';
const ROTATED = /^feedback-[0-9TZ.-]+\.jsonl$/;

/** The tail of each folder's queue of appends. */
const queues = processWide('feedback-queues', () => new Map<string, Promise<unknown>>());

function serially<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(dir) ?? Promise.resolve()).then(work, work);
  queues.set(
    dir,
    run.catch(() => undefined),
  );
  return run;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Whether a non-empty file ends inside a line: a crash cut its last append short. */
async function endsTorn(file: string, size: number): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

/** Every readable entry of one file; a torn last line (a crash mid-write) is passed over, not fatal. */
function parseLines(text: string): FeedbackEntry[] {
  const entries: FeedbackEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as FeedbackEntry);
    } catch {
      // A line cut short by a crash; every other line is whole because each is written in one call.
    }
  }
  return entries;
}

export function filesFeedback(dir: string, rotateBytes: number): FeedbackLog {
  const current = path.join(dir, FEEDBACK_FILE);
  return {
    location: current,
    append: (entry) =>
      serially(dir, async () => {
        let line = `${JSON.stringify(entry)}\n`;
        await mkdir(dir, { recursive: true });
        const size = await sizeOf(current);
        if (size > 0 && size + Buffer.byteLength(line) > rotateBytes) {
          const stamp = new Date().toISOString().replace(/:/g, '-');
          await rename(current, path.join(dir, `feedback-${stamp}.jsonl`));
        } else if (size > 0 && (await endsTorn(current, size))) {
          // A new line, so the torn one stays alone and this entry stays whole.
          line = `\n${line}`;
        }
        await appendFile(current, line, { mode: 0o600 });
      }),
    async entries() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return [];
      }
      // Rotated files sort by their time; the current file is the newest.
      const files = [...names.filter((n) => ROTATED.test(n)).sort(), ...(names.includes(FEEDBACK_FILE) ? [FEEDBACK_FILE] : [])];
      const all: FeedbackEntry[] = [];
      for (const name of files) all.push(...parseLines(await readFile(path.join(dir, name), 'utf8')));
      return latestById(all);
    },
  };
}
