/**
 * `npm run bench:uploads -- [--uploads 16] [--files 10] [--mb 10] [--max-concurrent N]`:
 * sends that many parallel uploads of that many files each to a production
 * server on a copy of the corpus, and prints the server's RSS before, its
 * peak (sampled every 50 ms) and after, with the status of every upload.
 *
 * Each file is real text that cleans to nothing (runs of "?", which the
 * cleaner removes), so every admitted file goes the whole way — streamed to
 * disk, read in the extraction sandbox, judged — without hours of embedding.
 */
import { parseArgs } from 'node:util';
import { buildIndex } from '@/lib/pipeline/build-index';
import { loadConfig } from '@/lib/config';
import { mkdtemp, cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rssMb } from './lib/bench-load';
import { runCli } from './lib/cli';
import { startServer } from './lib/server';

runCli(async () => {
  const { values } = parseArgs({
    options: {
      uploads: { type: 'string', default: '16' },
      files: { type: 'string', default: '10' },
      mb: { type: 'string', default: '10' },
      'max-concurrent': { type: 'string' },
    },
  });
  const uploads = Number(values.uploads);
  const files = Number(values.files);
  const mb = Number(values.mb);
  const work = await mkdtemp(path.join(tmpdir(), 'bench-uploads-'));
  try {
    const env = {
      CORPUS_DIR: path.join(work, 'corpus'),
      INDEX_DIR: path.join(work, 'index'),
      EMBEDDER: 'use-lite',
      ALLOW_REMOTE_MODELS: 'false',
    };
    await cp('corpus', env.CORPUS_DIR, { recursive: true });
    await buildIndex(loadConfig(env));
    const server = await startServer({
      ...env,
      UPLOAD_MAX_FILE_MB: String(mb),
      UPLOAD_MAX_FILES: String(files),
      ...(values['max-concurrent'] ? { UPLOAD_MAX_CONCURRENT: values['max-concurrent'] } : {}),
    });
    try {
      // Just under the limit, so no file is cut off: every byte is streamed and read.
      const body = Buffer.alloc(mb * 1024 * 1024 - 1024, '??? \n');
      const before = await rssMb(server.pid);
      let peak = before;
      const sampler = setInterval(() => void rssMb(server.pid).then((mbNow) => (peak = Math.max(peak, mbNow))), 50);
      const started = Date.now();
      const statuses = await Promise.all(
        Array.from({ length: uploads }, async (_, u) => {
          const form = new FormData();
          for (let f = 0; f < files; f++) form.append('files', new Blob([body]), `upload-${u}-${f}.txt`);
          const response = await fetch(`${server.url}/api/documents`, { method: 'POST', body: form });
          await response.arrayBuffer();
          return response.status;
        }),
      );
      clearInterval(sampler);
      const seconds = (Date.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 2000));
      const after = await rssMb(server.pid);
      const counts = [...new Set(statuses)]
        .sort()
        .map((s) => `${statuses.filter((x) => x === s).length} × ${s}`)
        .join(', ');
      process.stdout.write(
        [
          `${uploads} parallel uploads of ${files} × ${mb} MB (${((uploads * files * mb) / 1024).toFixed(2)} GB sent) in ${seconds.toFixed(1)} s: ${counts}`,
          `server RSS: before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, 2 s after ${after.toFixed(0)} MB (target: peak under 1024 MB)`,
          '',
        ].join('\n'),
      );
      return peak < 1024 ? 0 : 1;
    } finally {
      await server.stop();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
