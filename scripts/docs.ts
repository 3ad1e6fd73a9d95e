/**
 * `npm run docs -- list` prints every indexed document (id, format, size, passages, when indexed, title);
 * `npm run docs -- remove ID` takes one out of the index and the corpus folder, as DELETE
 * /api/documents/{id} does. `--json` prints the API's response instead.
 */
import { parseArgs } from 'node:util';
import { getConfig } from '@/lib/config';
import { listDocuments, removeDocument, type DocumentList } from '@/lib/pipeline/documents';
import { formatSize } from '@/lib/text/size';
import { runCli, UsageError } from './lib/cli';

const USAGE = 'usage: npm run docs -- list [--json]  |  npm run docs -- remove ID [--json]';

function printList(list: DocumentList): void {
  const rows = list.documents.map((d) => [
    d.id,
    d.format,
    formatSize(d.bytes),
    String(d.passages),
    d.indexedAt.slice(0, 16).replace('T', ' '),
    d.title,
  ]);
  const header = ['id', 'format', 'size', 'passages', 'indexed (UTC)', 'title'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  process.stdout.write(
    `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n${list.documents.length} documents (index ${list.version})\n`,
  );
}

runCli(async () => {
  let parsed: ReturnType<typeof parse>;
  const parse = () => parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' } } });
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [command, id, ...rest] = positionals;
  const config = getConfig();
  if (command === 'list' && id === undefined) {
    const list = await listDocuments(config);
    if (values.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    else printList(list);
    return 0;
  }
  if (command === 'remove' && id !== undefined && rest.length === 0) {
    const result = await removeDocument(config, id);
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      process.stdout.write(`removed ${result.removed}; the index now has ${result.index.documents} documents (${result.index.version})\n`);
    return 0;
  }
  throw new UsageError(USAGE);
});
