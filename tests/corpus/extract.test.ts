import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanText } from '@/lib/corpus';
import { extractText } from '@/lib/corpus/extract';
import { inlineText } from '@/lib/corpus/markdown';
import type { DocumentFormat } from '@/lib/corpus/types';
import { LIMITS } from '../helpers';

describe('Markdown text', () => {
  it('keeps block structure, reflows hard-wrapped paragraphs and drops markup', async () => {
    const md = [
      '---',
      'title: "The declared title"',
      'tags: [a, b]',
      '---',
      '# Install guide',
      '',
      'This paragraph is wrapped',
      'at forty columns, as READMEs',
      'often are.',
      '',
      '- first *item* with [a link](https://example.com "title")',
      '- second item with ![an image](img.png) and `code`',
      '  continued here',
      '',
      '> A **quoted** line.',
      '',
      '```sh',
      'npm   install',
      '```',
      '',
      '| col | other |',
      '|-----|-------|',
      '| a   | b     |',
      '',
      'Setext heading',
      '==============',
      '',
      'snake_case stays, 2 * 3 stays, <b>tags</b> go, <https://x.org> shows. See [the docs][ref].',
      '',
      '[ref]: https://example.com',
    ].join('\n');
    const { text, declaredTitle } = await extractText('md', md, LIMITS);
    assert.equal(declaredTitle, 'The declared title');
    assert.deepEqual(text.split('\n\n'), [
      'Install guide',
      'This paragraph is wrapped at forty columns, as READMEs often are.',
      'first item with a link',
      'second item with an image and code continued here',
      'A quoted line.',
      'npm install',
      'col other',
      'a b',
      'Setext heading',
      'snake_case stays, 2 * 3 stays, tags go, https://x.org shows. See the docs.',
      '[ref]: https://example.com',
    ]);
  });

  it('takes the first level-1 heading as the title when there is no front matter', async () => {
    assert.equal((await extractText('md', 'Intro\n\n## Sub\n\n# The *real* title #\n', LIMITS)).declaredTitle, 'The real title');
  });

  it('resolves escapes and leaves brackets that are not links', () => {
    assert.equal(inlineText('\\*not emphasis\\* and [7] and array[0]'), '*not emphasis* and [7] and array[0]');
  });
});

describe('HTML text', () => {
  it('drops head, scripts, styles and page chrome, one paragraph per block', async () => {
    const html =
      '<html><head><title>T &amp; U</title><style>p{color:red}</style></head><body><nav><a href="/">Home</a></nav>' +
      '<h1>Heading</h1><p>First <b>bold</b> &eacute;<br>line.</p><script>alert(1)</script><ul><li>One</li><li>Two</li></ul><footer>© site</footer></body></html>';
    const { text, declaredTitle } = await extractText('html', html, LIMITS);
    assert.equal(declaredTitle, 'T & U');
    assert.deepEqual(text.split('\n\n'), ['Heading', 'First bold é', 'line.', 'One', 'Two']);
  });
});

/** Median time of three runs of extraction plus cleaning. */
async function timeOf(format: DocumentFormat, text: string): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    cleanText((await extractText(format, text, LIMITS)).text);
    runs.push(performance.now() - started);
  }
  return runs.sort((a, b) => a - b)[1] ?? 0;
}

// Inputs that made the regex strippers (and the CommonMark parser we tried) backtrack or nest quadratically.
const PATHOLOGICAL: readonly [DocumentFormat, string, string][] = [
  ['md', 'unclosed brackets (the regex bomb)', '[x '],
  ['md', 'unclosed links', '[a]('],
  ['md', 'unclosed images', '![a]('],
  ['md', 'nested list markers', '- '],
  ['md', 'nested quotes', '> '],
  ['md', 'emphasis runs', '**a _b '],
  ['md', 'unclosed tags', '<a '],
  ['html', 'unclosed scripts', '<script '],
  ['html', 'unclosed comments', '<!-- '],
  ['html', 'misnested formatting', '<b><i><u>x</b>'],
  ['html', 'nested blocks', '<div><table><tr><td>'],
  ['txt', 'photo credits', '© Photo: Ab Cd '],
  ['txt', 'dotted initials', 'A. b. '],
];

describe('extraction time grows linearly', () => {
  for (const [format, name, unit] of PATHOLOGICAL) {
    it(`${format}: ${name}`, async () => {
      const sizes = [32_000, 64_000, 128_000, 256_000];
      const times: number[] = [];
      for (const size of sizes) times.push(await timeOf(format, `Hello world. ${unit.repeat(Math.ceil(size / unit.length))}`));
      const [first = 0, , , last = 0] = times;
      // 8× the input: about 8× the time when linear, 64× when quadratic. A floor keeps timer noise out of the ratio.
      const ratio = last / Math.max(first, 4);
      assert.ok(
        ratio < 24,
        `${times.map((t) => t.toFixed(1)).join(' / ')} ms for ${sizes.join(' / ')} characters: ratio ${ratio.toFixed(1)}`,
      );
      assert.ok(last < 3000, `${last.toFixed(0)} ms for ${sizes.at(-1)} characters`);
    });
  }
});
