/** `npm run index`: builds the index from CORPUS_DIR into INDEX_DIR. */
import path from 'node:path';
import { getConfig } from '@/lib/config';
import { buildIndex } from '@/lib/pipeline/build-index';
import { progressBar, runCli } from './lib/cli';

runCli(async () => {
  const config = getConfig();
  const bar = progressBar();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = Date.now();
  log(`Indexing ${path.relative(process.cwd(), config.paths.corpusDir) || '.'} …`);
  const { manifest, indexDir, embedMs } = await buildIndex(config, {
    onCorpus: ({ documents, skipped }) => {
      log(`documents: ${documents} loaded${skipped.length ? `, ${skipped.length} skipped` : ''}`);
      for (const s of skipped) log(`  warning: skipped ${s.id}: ${s.reason}`);
    },
    onEmbedder: ({ id, dimensions, reason }) => log(`embedder: ${id} (${dimensions}-d) — ${reason}`),
    onProgress: ({ phase, done, total }) => bar.update(phase, done, total),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const c = manifest.counts;
  process.stdout.write(
    [
      `Index built in ${seconds} s`,
      `  documents  ${c.documents}`,
      `  passages   ${c.passages}`,
      `  sentences  ${c.sentences}`,
      `  embedding  ${((c.passages + c.sentences) / Math.max(embedMs / 1000, 0.001)).toFixed(0)} texts/s (${(embedMs / 1000).toFixed(1)} s)`,
      `  skipped    ${manifest.skipped.length}${manifest.skipped.map((s) => `\n    ${s.id}: ${s.reason}`).join('')}`,
      `  embedder   ${manifest.embedder.id} (${manifest.embedder.dimensions}-d)`,
      `  index      ${path.relative(process.cwd(), path.join(indexDir, manifest.version))}`,
      '',
    ].join('\n'),
  );
});
