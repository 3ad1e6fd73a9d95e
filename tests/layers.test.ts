/**
 * Data flows one way through lib/: text and the shared basics, then corpus,
 * chunking and embeddings, the store (the index), retrieval, the answer, the
 * pipeline, and the adapters above it. No module imports from a stage above
 * its own, so a stage can be read, tested and replaced without the ones that use it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers';

const LIB = path.join(ROOT, 'lib');

/** Each top-level module of lib/ and its stage; a module may import from its own stage and those below. */
const STAGES: Record<string, number> = {
  text: 0,
  config: 0,
  errors: 0,
  log: 0,
  memo: 0,
  process: 0,
  http: 0,
  request: 0,
  span: 0,
  multipart: 0,
  security: 0,
  corpus: 1,
  chunking: 1,
  embeddings: 1,
  store: 2,
  retrieval: 3,
  answer: 4,
  pipeline: 5,
  eval: 6,
  openai: 6,
  mcp: 6,
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

/** The lib/ module a file is in, or an import resolves to: "answer" for lib/answer/x.ts, "config" for lib/config.ts. */
function moduleOf(file: string): string | undefined {
  const relative = path.relative(LIB, file);
  if (relative.startsWith('..')) return undefined;
  return relative.split(path.sep)[0]?.replace(/\.tsx?$/, '');
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.flatMap((s) =>
    s.startsWith('@/lib/') ? [path.join(LIB, s.slice('@/lib/'.length))] : s.startsWith('.') ? [path.resolve(path.dirname(file), s)] : [],
  );
}

describe('lib/ layers', () => {
  it('knows the stage of every module', () => {
    const modules = new Set(filesUnder(LIB).map((f) => moduleOf(f) ?? ''));
    assert.deepEqual(
      [...modules].filter((m) => !(m in STAGES)),
      [],
    );
  });

  it('no module imports from a stage above its own', () => {
    const upward: string[] = [];
    for (const file of filesUnder(LIB)) {
      const from = moduleOf(file) ?? '';
      for (const target of importsOf(file)) {
        const to = moduleOf(target);
        if (to && to !== from && (STAGES[to] ?? 0) > (STAGES[from] ?? 0)) upward.push(`${path.relative(ROOT, file)} → lib/${to}`);
      }
    }
    assert.deepEqual(upward, []);
  });
});
