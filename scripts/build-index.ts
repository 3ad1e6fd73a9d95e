/**
 * `npm run index`: brings the index (in INDEX_DIR, or the database of
 * STORE=postgres) up to date with CORPUS_DIR, embedding only new and changed
 * documents. `--full` re-embeds everything; `--watch` keeps running and
 * rebuilds when files under the corpus change; `--store files|postgres`
 * overrides STORE for this run.
 */
import { watch } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, getConfig, loadConfig } from '@/lib/config';
import { userMessage } from '@/lib/errors';
import { buildIndex, type BuildResult } from '@/lib/pipeline/build-index';
import { progressBar, runCli, UsageError } from './lib/cli';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function runBuild(config: Config, full: boolean): Promise<BuildResult> {
  const bar = progressBar();
  const started = Date.now();
  const embeddedTexts = new Map<string, number>();
  log(`Indexing ${path.relative(process.cwd(), config.paths.corpusDir) || '.'} …`);
  const result = await buildIndex(
    config,
    {
      onLockWait: ({ holder, startedAt }) => log(`waiting: another build (${holder}, started ${startedAt}) is writing this index…`),
      onReading: ({ id, step }) => log(`reading ${id}: ${step}`),
      onCorpus: ({ documents, skipped }) => {
        log(`documents: ${documents} loaded${skipped.length ? `, ${skipped.length} skipped` : ''}`);
        for (const s of skipped) log(`  warning: skipped ${s.id}: ${s.reason}`);
      },
      onEmbedder: ({ id, dimensions, reason }) => log(`embedder: ${id} (${dimensions}-d) — ${reason}`),
      onPlan: ({ changes, fullRebuild }) => {
        const counts = `added ${changes.added.length}, changed ${changes.changed.length}, removed ${changes.removed.length}, unchanged ${changes.unchanged.length}`;
        log(fullRebuild ? `full rebuild: ${fullRebuild} (${counts})` : `incremental: ${counts}`);
      },
      onProgress: ({ phase, done, total }) => {
        embeddedTexts.set(phase, total);
        bar.update(phase, done, total);
      },
    },
    { full, lockWaitMs: config.indexing.lockWaitMs },
  );
  const { manifest, changes, embedMs, embedded } = result;
  if (result.upToDate) {
    process.stdout.write(`Index is up to date (${manifest.counts.documents} documents, version ${manifest.version}); nothing to embed.\n`);
    return result;
  }
  const texts = [...embeddedTexts.values()].reduce((a, b) => a + b, 0);
  const c = manifest.counts;
  process.stdout.write(
    [
      `Index built in ${((Date.now() - started) / 1000).toFixed(1)} s — embedded ${embedded} document${embedded === 1 ? '' : 's'}`,
      `  changes    added ${changes.added.length}, changed ${changes.changed.length}, removed ${changes.removed.length}, unchanged ${changes.unchanged.length}${result.fullRebuild ? ' (full rebuild)' : ''}`,
      `  documents  ${c.documents}`,
      `  passages   ${c.passages}`,
      `  sentences  ${c.sentences}`,
      `  embedding  ${texts} texts in ${(embedMs / 1000).toFixed(1)} s${texts ? ` (${(texts / Math.max(embedMs / 1000, 0.001)).toFixed(0)} texts/s)` : ''}`,
      `  skipped    ${manifest.skipped.length}${manifest.skipped.map((s) => `\n    ${s.id}: ${s.reason}`).join('')}`,
      `  embedder   ${manifest.embedder.id} (${manifest.embedder.dimensions}-d)`,
      `  index      ${path.isAbsolute(result.location) ? path.relative(process.cwd(), path.join(result.location, manifest.version)) : `${result.location} ${manifest.version}`}`,
      '',
    ].join('\n'),
  );
  return result;
}

/** Rebuilds after the corpus has been quiet for the debounce time; changes during a build queue one more. */
function watchCorpus(config: Config): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending = false;
  const rebuild = async () => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      await runBuild(config, false);
    } catch (error) {
      log(`error: ${userMessage(error)}`);
    } finally {
      running = false;
      if (pending) {
        pending = false;
        void rebuild();
      }
    }
  };
  const watcher = watch(config.paths.corpusDir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), config.indexing.watchDebounceMs);
  });
  log(`watching ${config.paths.corpusDir} for changes (Ctrl-C to stop)`);
  return new Promise((resolve) => {
    const stop = () => {
      watcher.close();
      clearTimeout(timer);
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

runCli(async () => {
  const usage = 'usage: npm run index [-- --full] [-- --watch] [-- --store files|postgres]';
  let values: { full?: boolean; watch?: boolean; store?: string };
  try {
    ({ values } = parseArgs({ options: { full: { type: 'boolean' }, watch: { type: 'boolean' }, store: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if (values.store !== undefined && values.store !== 'files' && values.store !== 'postgres') {
    throw new UsageError(`--store must be files or postgres, not "${values.store}"\n${usage}`);
  }
  const config = values.store ? loadConfig({ ...process.env, STORE: values.store }) : getConfig();
  if (!values.watch) {
    await runBuild(config, values.full ?? false);
    return 0;
  }
  try {
    await runBuild(config, values.full ?? false);
  } catch (error) {
    log(`error: ${userMessage(error)}`);
  }
  return watchCorpus(config);
});
