import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from '@/lib/corpus';
import { htmlToText } from '@/lib/corpus/html';
import { LIMITS, ROOT } from '../helpers';

const DOMAIN = path.join(ROOT, 'tests', 'fixtures', 'eval', 'domain-dev', 'corpus');

describe('HTML navigation', () => {
  it('drops link-dense blocks and elements named as navigation, keeps text with a few links', () => {
    const page = `<html><body>
      <table><tr><td><b>Menu</b><ul><li><a href="/">Home</a></li><li><a href="/docs">Docs</a></li><li><a href="/faq">FAQ</a></li><li><a href="/news">News</a></li></ul></td>
      <td><h1>Reporting bugs</h1><p>Send the bug to <a href="mailto:list">the list</a> and wait for an answer; a bug without a test case is hard to fix.</p>
      <ul><li>Read the <a href="/faq">FAQ</a> before posting, it answers most questions.</li><li>Attach a minimal stylesheet.</li></ul></td></tr></table>
      <div class="toc"><p>Contents: Introduction, Usage</p></div>
      <div role="navigation">Previous · Next</div>
      <div id="sidebar-links">Related: other things</div>
    </body></html>`;
    const { paragraphs } = htmlToText(page);
    assert.deepEqual(paragraphs, [
      'Reporting bugs',
      'Send the bug to the list and wait for an answer; a bug without a test case is hard to fix.',
      'Read the FAQ before posting, it answers most questions.',
      'Attach a minimal stylesheet.',
    ]);
  });

  it('on the domain-dev HTML documents, no menu, table of contents, CSS or script reaches the text', async () => {
    const names = (await readdir(DOMAIN)).filter((f) => f.endsWith('.html'));
    assert.equal(names.length, 3);
    for (const name of names) {
      const doc = await parseDocument(name, await readFile(path.join(DOMAIN, name)), LIMITS);
      assert.ok('text' in doc, name);
      const { text } = doc;
      for (const chrome of [
        /Main Menu/,
        /API Indexes/,
        /Table of Contents/i,
        /\{[^}]*:[^}]*;[^}]*\}/,
        /function\s*\(/,
        /<\/?(?:div|span|a|p|table|td|tr|ul|ol|li|script|style|head|body|html)\b/i,
      ]) {
        assert.doesNotMatch(text, chrome, `${name}: ${chrome}`);
      }
      assert.ok(text.split(/\s+/).length > 300, `${name} keeps its text`);
    }
  });
});
