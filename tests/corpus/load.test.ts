import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadCorpus } from '@/lib/corpus';
import { AppError } from '@/lib/errors';
import { CORPUS, EXTRACTION, tempDir } from '../helpers';

describe('loadCorpus', () => {
  it('loads the five articles with file names as ids and meaningful titles', async () => {
    const { documents, skipped } = await loadCorpus(CORPUS, EXTRACTION);
    assert.equal(skipped.length, 0);
    assert.deepEqual(
      documents.map((d) => d.id),
      [
        '000_30d27c5237f5a4d0.txt',
        '001_a7bb7fa174f8eb78.txt',
        '002_bceca436d5cb6915.txt',
        '003_34d693b449392de2.txt',
        '004_074836f2c1ba7ac7.txt',
      ],
    );
    assert.equal(documents[1]?.title, 'Russians and Brits to discuss Ukraine in Moscow');
    assert.equal(documents[3]?.title, 'Ukraine: Moscow hopes for “contact” between Putin and Biden “in the next few days”');
    for (const d of documents) assert.match(d.hash, /^[0-9a-f]{64}$/);
  });

  it('reads md and html recursively, takes declared titles and skips unusable files with reasons', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'sub', 'deeper'), { recursive: true });
    await writeFile(
      path.join(dir, 'note.md'),
      '---\ntitle: Front matter title\n---\n# Heading\n\nSome **bold** text with a [link](http://x).\n',
    );
    await writeFile(
      path.join(dir, 'sub', 'page.html'),
      '<html><head><title>Page &amp; title</title><script>var x = 1;</script></head><body><h1>H</h1><p>First &eacute; paragraph.</p><p>Second.</p></body></html>',
    );
    await writeFile(path.join(dir, 'sub', 'deeper', 'plain.txt'), 'Home » News » A plain text story\nA plain text story\n\nIt has a body.');
    await writeFile(path.join(dir, 'empty.txt'), '');
    await writeFile(path.join(dir, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]));
    await writeFile(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72]));
    await writeFile(path.join(dir, 'image.png'), Buffer.from([0x89, 0x50]));
    await writeFile(path.join(dir, '.hidden.txt'), 'ignored');

    const { documents, skipped } = await loadCorpus(dir, EXTRACTION);
    const byId = new Map(documents.map((d) => [d.id, d]));
    assert.deepEqual([...byId.keys()].sort(), ['note.md', 'sub/deeper/plain.txt', 'sub/page.html']);
    assert.equal(byId.get('note.md')?.title, 'Front matter title');
    assert.match(byId.get('note.md')?.text ?? '', /Some bold text with a link\./);
    assert.equal(byId.get('sub/page.html')?.title, 'Page & title');
    assert.equal(byId.get('sub/page.html')?.text, 'H\n\nFirst é paragraph.\n\nSecond.');
    assert.equal(byId.get('sub/deeper/plain.txt')?.title, 'A plain text story');
    assert.deepEqual(skipped.map((s) => `${s.id}: ${s.reason}`).sort(), [
      'binary.txt: a damaged zip archive',
      'empty.txt: empty file',
      'latin1.txt: not valid UTF-8',
    ]);
  });

  it('does not follow symbolic links out of the corpus', async () => {
    const outside = await tempDir('outside-');
    await writeFile(path.join(outside, 'secret.txt'), 'A secret outside the corpus.');
    const dir = await tempDir();
    await writeFile(path.join(dir, 'inside.txt'), 'A document inside the corpus.');
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    await symlink(outside, path.join(dir, 'linked-folder'));
    const { documents } = await loadCorpus(dir, EXTRACTION);
    assert.deepEqual(
      documents.map((d) => d.id),
      ['inside.txt'],
    );
  });

  it('fails clearly when the folder does not exist', async () => {
    await assert.rejects(
      loadCorpus('/nonexistent/corpus', EXTRACTION),
      (e: unknown) => e instanceof AppError && /Corpus folder not found/.test(e.message),
    );
  });
});
