/**
 * What an index costs to hold: the resident memory a loaded version adds to a
 * process that has answered questions from it (measured in a process of its
 * own: `node --expose-gc … bench-memory.ts INDEX_DIR`), and its bytes on disk,
 * per passage and per sentence, projected to larger corpora.
 */
import { spawnSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentVersion, FILES, openIndex } from '@/lib/store';

export interface MemoryBench {
  readonly passages: number;
  readonly sentences: number;
  /** Resident memory the loaded index adds, after questions, a full collection and 12 s idle. */
  readonly indexRssMb: number;
  readonly diskBytes: number;
  readonly sentenceVectorBytes: number;
  readonly passageVectorBytes: number;
}

const SETTLE_MS = 12_000;

interface Probe {
  readonly passages: number;
  readonly sentences: number;
  readonly rssBefore: number;
  readonly rssAfter: number;
}

/** Runs in the child: RSS before and after opening the index and scoring the sentences of 200 searches. */
async function probe(indexDir: string): Promise<Probe> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  const rssBefore = process.memoryUsage().rss;
  const index = await openIndex(indexDir);
  const dims = index.manifest.embedder.dimensions;
  // Stand-in questions: unit vectors of a fixed sequence, so runs compare; each reads what an answer reads.
  for (let q = 0; q < 200; q++) {
    const vector = Float32Array.from({ length: dims }, (_, k) => Math.sin(q * 31 + k * 7));
    const norm = Math.hypot(...vector);
    for (let k = 0; k < dims; k++) vector[k] = (vector[k] ?? 0) / norm;
    for (const hit of await index.searchDense(vector, 5, { efSearch: 200 })) {
      const passage = index.passages[hit.index];
      if (!passage) continue;
      const inside = index.sentencesIn(passage);
      const vectors = await index.sentenceVectors(inside);
      for (const i of inside) {
        vectors.score(vector, i);
        index.sentenceTerms(i);
      }
    }
  }
  // Loading parses tens of MB of JSON, and V8 keeps the heap that grew for it until the process has been
  // idle for a while (its memory reducer); a server's steady state is after that, so the probe waits too.
  gc();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  gc();
  return { passages: index.passages.length, sentences: index.sentences.length, rssBefore, rssAfter: process.memoryUsage().rss };
}

function runProbe(indexDir: string): Probe {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), indexDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`the memory probe failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as Probe;
}

/** The median of three probes: RSS moves by ±10 MB from one process to the next. */
export async function benchMemory(indexDir: string): Promise<MemoryBench> {
  const probes = [runProbe(indexDir), runProbe(indexDir), runProbe(indexDir)].sort(
    (a, b) => a.rssAfter - a.rssBefore - (b.rssAfter - b.rssBefore),
  );
  const measured = probes[1] as Probe;
  const dir = path.join(indexDir, await currentVersion(indexDir));
  const sizes = new Map<string, number>();
  for (const name of await readdir(dir)) sizes.set(name, (await stat(path.join(dir, name))).size);
  return {
    passages: measured.passages,
    sentences: measured.sentences,
    indexRssMb: (measured.rssAfter - measured.rssBefore) / 1024 / 1024,
    diskBytes: [...sizes.values()].reduce((a, b) => a + b, 0),
    sentenceVectorBytes: sizes.get(FILES.sentenceVectors) ?? 0,
    passageVectorBytes: sizes.get(FILES.passageVectors) ?? 0,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await probe(process.argv[2] ?? ''))}\n`);
  process.exit(0);
}
