/**
 * `npm run ask -- "question"`: prints the best passages.
 * `--json` prints only JSON on stdout; `--batch FILE` answers one JSON request per line.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { getConfig } from '@/lib/config';
import { findPassages, type PassagesResponse } from '@/lib/pipeline/ask';
import { parseAskRequest } from '@/lib/request';
import { openRetriever } from '@/lib/retrieval';
import { runCli, UsageError } from './lib/cli';

const USAGE = 'usage: npm run ask -- [--json] [--k N] "question"  |  npm run ask -- --batch FILE';

function printHuman(response: PassagesResponse): void {
  const out: string[] = [];
  if (response.query !== response.question) out.push(`(searched as: ${response.query})`, '');
  response.passages.forEach((p, i) => {
    out.push(`[${i + 1}] ${p.title}`, `    ${p.doc} · chars ${p.start}–${p.end} · score ${p.score.toFixed(4)}`);
    out.push(...p.text.split('\n').filter(Boolean).map((line) => `    ${line}`), '');
  });
  if (response.passages.length === 0) out.push('No passages found.');
  process.stdout.write(`${out.join('\n')}\n`);
}

async function runBatch(file: string): Promise<number> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read batch file ${file}`);
  }
  const retriever = await openRetriever(getConfig());
  let failures = 0;
  const lines = content.split('\n').map((l) => l.trim()).filter(Boolean);
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
    process.stdout.write(`${JSON.stringify(await findPassages(retriever, parsed.request))}\n`);
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
  const response = await findPassages(await openRetriever(getConfig()), parsed.request);
  if (values.json) process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
  else printHuman(response);
});
