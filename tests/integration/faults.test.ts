/**
 * Faults: the index damaged or deleted under a running server, builds killed
 * at several points, a full disk. The server keeps answering from the last
 * good index it loaded; a build never leaves a half-written index live.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CURRENT_FILE, FILES, openIndex } from '@/lib/store';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { runScript, tempDir } from '../helpers';

let indexDir: string;
let server: RunningServer;

const ask = async (target: RunningServer) => {
  const response = await fetch(`${target.url}/api/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: 'Why did Germany refuse weapons?' }),
  });
  return { status: response.status, body: (await response.json()) as { answer?: string; error?: string } };
};

before(async () => {
  indexDir = await tempDir();
  const build = await runScript('build-index.ts', [], { INDEX_DIR: indexDir });
  assert.equal(build.code, 0, build.stderr);
  server = await startServer({ INDEX_DIR: indexDir });
});

after(() => server?.stop());

describe('a damaged index under a running server', () => {
  it('keeps answering from memory when the live version is truncated, or a broken version is published', async () => {
    const version = (await readFile(path.join(indexDir, CURRENT_FILE), 'utf8')).trim();
    const broken = 'v29991231000000000-badbad';
    await cp(path.join(indexDir, version), path.join(indexDir, broken), { recursive: true });
    await truncate(path.join(indexDir, broken, FILES.store), 100);
    await writeFile(path.join(indexDir, CURRENT_FILE), `${broken}\n`);
    await new Promise((r) => setTimeout(r, 1200)); // past the server's re-check interval
    const answered = await ask(server);
    assert.equal(answered.status, 200);
    assert.match(answered.body.answer ?? '', /Lambrecht/);
    assert.match(server.logs(), /index\.reload_failed/);
  });

  it('a server started on the damaged index answers 503 with what is wrong and what to do', async () => {
    const fresh = await startServer({ INDEX_DIR: indexDir });
    try {
      const { status, body } = await ask(fresh);
      assert.equal(status, 503);
      assert.match(
        body.error ?? '',
        /The index is damaged: store\.json is 100 bytes, expected \d+ \(truncated\?\)\. Run `npm run index` to rebuild it\./,
      );
    } finally {
      await fresh.stop();
    }
  });

  it('keeps answering when the index folder is deleted outright', async () => {
    await rm(indexDir, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 1200));
    const { status } = await ask(server);
    assert.equal(status, 200);
  });
});

describe('builds that die', () => {
  it('leave a loadable index whenever they are killed', async () => {
    const dir = await tempDir();
    const first = await runScript('build-index.ts', [], { INDEX_DIR: dir });
    assert.equal(first.code, 0, first.stderr);
    const started = Date.now();
    const timed = await runScript('build-index.ts', ['--full'], { INDEX_DIR: dir });
    assert.equal(timed.code, 0);
    const duration = Date.now() - started;
    for (const fraction of [0.3, 0.6, 0.85, 0.95, 0.99]) {
      const run = runScript('build-index.ts', ['--full'], { INDEX_DIR: dir }, { timeoutMs: Math.round(duration * fraction) });
      const result = await run;
      const index = await openIndex(dir);
      assert.equal(index.manifest.counts.documents, 5, `killed at ${fraction} (${result.signal ?? 'finished'})`);
    }
    const last = await runScript('build-index.ts', [], { INDEX_DIR: dir });
    assert.equal(last.code, 0, last.stderr);
    const leftovers = (await readdir(dir)).filter((name) => name.startsWith('.tmp-'));
    assert.deepEqual(leftovers, [], 'temporary folders of killed builds are cleared by the next build');
  });

  it('fail cleanly on a full disk and leave no partial index', async (t) => {
    const mount = await tempDir('tmpfs-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount], { stdio: 'ignore' });
    } catch {
      t.skip('cannot mount a small tmpfs here (needs root)');
      return;
    }
    try {
      const target = path.join(mount, 'index');
      const { code, stderr } = await runScript('build-index.ts', [], { INDEX_DIR: target });
      assert.equal(code, 1);
      assert.match(stderr, /error: The disk holding .* is full; the index was not changed\./);
      assert.doesNotMatch(stderr, /\n\s+at /);
      const entries = await readdir(target);
      assert.ok(!entries.includes(CURRENT_FILE) && !entries.some((e) => e.startsWith('.tmp-') || e.startsWith('v')), entries.join(','));
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});
