/** When a rebuild must be full, and watch mode. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { corpusCopy, runScript, storeEnv, tempDir } from '../helpers';

let corpus: string;
let store: Record<string, string>;
const env = () => ({ CORPUS_DIR: corpus, ...store });

before(async () => {
  corpus = await corpusCopy();
  store = await storeEnv(await tempDir());
  const first = await runScript('build-index.ts', [], env());
  assert.equal(first.code, 0, first.stderr);
});

describe('npm run index', () => {
  it('says the index is up to date when nothing changed', async () => {
    const { code, stdout } = await runScript('build-index.ts', [], env());
    assert.equal(code, 0);
    assert.match(stdout, /Index is up to date \(5 documents/);
  });

  it('rebuilds in full, saying why, when the chunking parameters change', async () => {
    const { code, stderr, stdout } = await runScript('build-index.ts', [], { ...env(), CHUNK_MAX_WORDS: '60', CHUNK_OVERLAP_WORDS: '15' });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /full rebuild: chunking changed \(120\/30 → 60\/15 words\)/);
    assert.match(stdout, /embedded 5 documents/);
  });

  it('watches the corpus and rebuilds incrementally when a file appears', async () => {
    let wrote = false;
    const { stdout, stderr } = await runScript(
      'build-index.ts',
      ['--watch'],
      { ...env(), CHUNK_MAX_WORDS: '60', CHUNK_OVERLAP_WORDS: '15', INDEX_WATCH_DEBOUNCE_MS: '200' },
      {
        onOutput: (output, kill) => {
          if (!wrote && /watching /.test(output.stderr)) {
            wrote = true;
            void writeFile(path.join(corpus, 'watched.md'), '# Watched\n\nThe watched document arrived while the indexer was running.\n');
          }
          if (/embedded 1 document\n/.test(output.stdout)) kill('SIGTERM');
        },
        timeoutMs: 60_000,
      },
    );
    assert.match(stdout, /Index is up to date/, 'the first pass found nothing to do');
    assert.match(stderr, /incremental: added 1, changed 0, removed 0, unchanged 5/);
    assert.match(stdout, /embedded 1 document\n/);
  });

  it('rebuilds in full, parsing every file again, when the cleaning profile changes', async () => {
    const settings = { ...env(), CHUNK_MAX_WORDS: '60', CHUNK_OVERLAP_WORDS: '15' };
    const plain = await runScript('build-index.ts', [], { ...settings, CLEANING: 'plain' });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stderr, /full rebuild: cleaning changed \(auto → plain\)/);
    assert.match(plain.stdout, /embedded 6 documents/);
    const again = await runScript('build-index.ts', [], { ...settings, CLEANING: 'plain' });
    assert.match(again.stdout, /Index is up to date/);
  });
});
