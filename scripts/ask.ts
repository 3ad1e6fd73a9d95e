/**
 * `npm run ask -- "question"`: prints the answer and its numbered sources.
 * `--json` prints only the JSON response on stdout (the API's shape);
 * `--batch FILE` answers one JSON request per line, loading model and index once.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { answer, type AnswerResponse } from '@/lib/answer';
import { answerContext } from '@/lib/answer/context';
import { getConfig } from '@/lib/config';
import { parseAskRequest } from '@/lib/request';
import { runCli, UsageError } from './lib/cli';

const USAGE = 'usage: npm run ask -- [--json] [--k N] "question"  |  npm run ask -- --batch FILE';

function printHuman(response: AnswerResponse): void {
  const out: string[] = [];
  if (response.query !== response.question) out.push(`(searched as: ${response.query})`, '');
  out.push(response.answer, '');
  if (response.citations.length) {
    out.push('Sources:');
    for (const c of response.citations) out.push(`  [${c.id}] ${c.title} — ${c.doc} (chars ${c.start}–${c.end})`);
  } else if (response.passages.length) {
    out.push('Related passages:');
    for (const [i, p] of response.passages.entries())
      out.push(`  ${i + 1}. ${p.title} — ${p.doc}: ${p.text.replace(/\s+/g, ' ').slice(0, 120)}…`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function runBatch(file: string): Promise<number> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read batch file ${file}`);
  }
  const context = await answerContext(getConfig());
  let failures = 0;
  const lines = content
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    let parsed: ReturnType<typeof parseAskRequest>;
    try {
      parsed = parseAskRequest(JSON.parse(line));
    } catch {
      parsed = { ok: false, error: 'line is not valid JSON' };
    }
    if (!parsed.ok) {
      failures++;
      process.stderr.write(`line ${i + 1}: ${parsed.error}\n`);
      process.stdout.write(`${JSON.stringify({ error: parsed.error, line: i + 1 })}\n`);
      continue;
    }
    process.stdout.write(`${JSON.stringify(await answer(parsed.request, context))}\n`);
  }
  return failures > 0 ? 1 : 0;
}

runCli(async () => {
  let args: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' }, batch: { type: 'string' }, k: { type: 'string' } } });
  try {
    args = parse();
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values, positionals } = args;
  if (values.batch) return runBatch(values.batch);
  const k = values.k === undefined ? undefined : Number(values.k);
  const parsed = parseAskRequest({ question: positionals.join(' '), ...(k === undefined ? {} : { k }) });
  if (!parsed.ok) throw new UsageError(`${parsed.error}\n${USAGE}`);
  const response = await answer(parsed.request, await answerContext(getConfig()));
  if (values.json) process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
  else printHuman(response);
});
