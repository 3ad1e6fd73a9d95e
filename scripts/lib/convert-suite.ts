/**
 * A suite whose corpus is converted to another document format by pandoc, as a user's own tools would make
 * the files: each .txt, .md or .html document becomes a .docx, .odt or .epub of the same name, and the
 * questions expect the converted names. `npm run eval -- --as FORMAT` scores both, so what the conversion
 * and its extractor cost in answers shows beside the text version.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { EvalSuite } from '@/lib/eval/suites';

export const CONVERTIBLE = ['docx', 'odt', 'epub'] as const;
export type ConvertedFormat = (typeof CONVERTIBLE)[number];

/**
 * pandoc's reader for each source extension: plain text reads as Markdown, which is how a paragraph of it is
 * written. Without `smart`, which would turn the "--" of a command-line option into a dash: the text stays what
 * the document says, so what differs is the format alone.
 */
const READERS: Readonly<Record<string, string>> = {
  '.txt': 'markdown-smart',
  '.md': 'markdown-smart',
  '.markdown': 'markdown-smart',
  '.html': 'html-smart',
  '.htm': 'html-smart',
};

const renamed = (id: string, format: ConvertedFormat) =>
  READERS[path.extname(id).toLowerCase()] ? `${id.replace(/\.[^.]+$/, '')}.${format}` : id;

const firstLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/^#+\s*/, '').trim())
    .find((l) => l !== '')
    ?.slice(0, 200);

/** `suite` with its corpus converted to `format` under `work`; its questions expect the converted file names. */
export async function convertedSuite(suite: EvalSuite, format: ConvertedFormat, work: string): Promise<EvalSuite> {
  // Named by the suite: two suites' corpora and questions files may share a base name ("corpus", "questions.jsonl").
  const slug = suite.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const corpus = path.join(work, `${slug}-${format}`);
  await mkdir(corpus, { recursive: true });
  for (const entry of await readdir(suite.corpus, { withFileTypes: true, recursive: true })) {
    const reader = READERS[path.extname(entry.name).toLowerCase()];
    if (!entry.isFile() || !reader) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(corpus, renamed(path.relative(suite.corpus, source), format));
    await mkdir(path.dirname(target), { recursive: true });
    // An EPUB must have a title; pandoc would write "UNTITLED". The document's first line is what the text
    // version's title is taken from, so the two read alike. Word and OpenDocument files go without one, as most do.
    const title = format === 'epub' && reader.startsWith('markdown') ? firstLine(await readFile(source, 'utf8')) : undefined;
    await promisify(execFile)('pandoc', ['-f', reader, '-s', ...(title ? ['--metadata', `title=${title}`] : []), source, '-o', target]);
  }
  const questions = path.join(work, `${slug}-${format}.jsonl`);
  const lines = (await readFile(suite.questions, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  await writeFile(
    questions,
    `${lines
      .map((line) => {
        const entry = JSON.parse(line) as { docs?: string[] | null; expect_docs?: string[] | null };
        const rename = (docs: string[] | null | undefined) => docs?.map((d) => renamed(d, format)) ?? docs;
        return JSON.stringify({ ...entry, docs: rename(entry.docs), expect_docs: rename(entry.expect_docs) });
      })
      .join('\n')}\n`,
  );
  return { ...suite, name: `${suite.name} as .${format}`, questions, corpus };
}
