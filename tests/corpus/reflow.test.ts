import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from '@/lib/corpus';
import { reflowPlainText } from '@/lib/corpus/reflow';
import { splitSentences } from '@/lib/text/sentences';
import { LIMITS, ROOT } from '../helpers';

const DOMAIN = path.join(ROOT, 'tests', 'fixtures', 'eval', 'domain-dev', 'corpus');

describe('reflowing hard-wrapped plain text', () => {
  it('joins the lines of a paragraph and keeps headings, list items, code and columns apart', () => {
    const text = [
      'NAME',
      '       tool - does one thing well and nothing else at all, as tools should',
      '',
      '       The tool reads its input line by line and writes every line back out',
      '       unchanged, which is all it was ever meant to do.',
      '',
      '       •  A bullet item that is long enough to wrap onto the line after',
      '          it, with a hanging indent.',
      '       •  A second item.',
      '',
      '           int main(void) {',
      '               return 0;',
      '           }',
      'tool(1)              General Commands Manual              tool(1)',
    ].join('\n');
    assert.deepEqual(reflowPlainText(text).split('\n'), [
      'NAME',
      'tool - does one thing well and nothing else at all, as tools should',
      '',
      'The tool reads its input line by line and writes every line back out unchanged, which is all it was ever meant to do.',
      '',
      '•  A bullet item that is long enough to wrap onto the line after it, with a hanging indent.',
      '•  A second item.',
      '',
      'int main(void) {',
      'return 0;',
      '}',
      'tool(1)              General Commands Manual              tool(1)',
    ]);
  });

  it('leaves text that is not wrapped as it is (one paragraph per line, short lists)', () => {
    const article = `${'A long paragraph of an article that goes on and on. '.repeat(6)}\n${'Another paragraph right below it without a blank line. '.repeat(5)}`;
    assert.equal(reflowPlainText(article), article);
    assert.equal(reflowPlainText('Home » News » A story\nA story\n\nIt has a body.'), 'Home » News » A story\nA story\n\nIt has a body.');
  });

  it('on the domain-dev text documents, no sentence ends inside a wrapped paragraph', async () => {
    for (const name of (await readdir(DOMAIN)).filter((f) => f.endsWith('.txt'))) {
      const raw = await readFile(path.join(DOMAIN, name), 'utf8');
      // Whole lines of the original, also without a list marker ("1. Safely Building Images").
      const originalLines = new Set(
        raw.split('\n').flatMap((l) => {
          const line = l.trim().replace(/\s+/g, ' ');
          return [line, line.replace(/^(?:\d+\.|[-*•])\s+/, '')];
        }),
      );
      const doc = await parseDocument(name, Buffer.from(raw), LIMITS);
      assert.ok('text' in doc, name);
      const sentences = splitSentences(doc.text).map((s) => doc.text.slice(s.start, s.end));
      // A sentence that stops mid-clause (a lower-case word or a comma) must be a whole line of the original:
      // a heading or a line of code, never the first part of a wrapped sentence.
      const fragments = sentences.filter((s) => /[\p{Ll},;]$/u.test(s) && !originalLines.has(s.replace(/\s+/g, ' ')));
      assert.deepEqual(fragments, [], name);
      assert.ok(sentences.length > 40, `${name}: ${sentences.length} sentences`);
    }
  });
});
