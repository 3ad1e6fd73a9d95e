/** `npm run eval -- --as FORMAT`: a suite's corpus converted by pandoc, its questions expecting the new names. */
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isDocument, parseDocument } from '@/lib/corpus/load';
import { convertedSuite } from '../../scripts/lib/convert-suite';
import { LIMITS, runScript, tempDir } from '../helpers';

describe('converted suites', () => {
  it('converts each document with pandoc and renames the documents the questions expect', async () => {
    const dir = await tempDir();
    const corpus = path.join(dir, 'corpus');
    await mkdir(corpus);
    await writeFile(path.join(corpus, 'a.txt'), 'Harbour notes\n\nThe harbour office opens at seven. Use --enable-small to shrink it.\n');
    await writeFile(path.join(corpus, 'b.html'), '<title>Fees</title><p>Small boats pay four euros.</p>');
    const questions = path.join(dir, 'questions.jsonl');
    await writeFile(
      questions,
      `${JSON.stringify({ id: 'q1', question: 'When does the office open?', expect_docs: ['a.txt'], expect_any: ['seven'] })}\n`,
    );
    const work = path.join(dir, 'work');
    const suite = await convertedSuite({ name: 'tiny suite', questions, corpus }, 'docx', work);
    assert.equal(suite.name, 'tiny suite as .docx');
    assert.deepEqual((await readdir(suite.corpus)).sort(), ['a.docx', 'b.docx']);
    const [entry] = (await readFile(suite.questions, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(entry.expect_docs, ['a.docx']);
    const doc = await parseDocument('a.docx', await readFile(path.join(suite.corpus, 'a.docx')), LIMITS);
    assert.ok(isDocument(doc));
    assert.match(doc.text, /opens at seven\. Use --enable-small to shrink it\./, 'no smart dashes');
  });

  it('refuses a format it cannot convert to with a usage message', async () => {
    const { code, stderr } = await runScript('eval.ts', ['--as', 'pdf'], {});
    assert.equal(code, 2);
    assert.match(stderr, /--as must be one of docx, odt, epub, not "pdf"/);
  });
});
