import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { loadConfig, type Config } from '@/lib/config';
import { extractLimits } from '@/lib/corpus/sandbox';
import { storeBackend } from '@/lib/store';
import { type PgliteServer, servePglite } from '../scripts/lib/pglite-server';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CORPUS = path.join(ROOT, 'corpus');

const temporary: string[] = [];
// Registered at import, so it belongs to the file's root: an `after` called inside a
// hook would run as soon as that hook ends.
after(() => Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true }))));

/**
 * The store the integration tests run against: files, or with TEST_STORE=postgres a Postgres with pgvector
 * (PGlite served over TCP, reached with `pg`) that the tests start and stop. `npm test` runs them both ways.
 */
export const TEST_STORE: 'files' | 'postgres' = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'files';

const databases: PgliteServer[] = [];
after(async () => {
  for (const db of databases) {
    await storeBackend(loadConfig({ STORE: 'postgres', DATABASE_URL: db.url })).close();
    await db.stop();
  }
});

/** The store those settings name, opened at the version in service. */
export function openStore(env: Record<string, string>) {
  return storeBackend(testConfig(env)).open();
}

/** The settings of an index of its own at `indexDir`: the folder, or under TEST_STORE=postgres a new database. */
export async function storeEnv(indexDir: string): Promise<Record<string, string>> {
  if (TEST_STORE === 'files') return { INDEX_DIR: indexDir };
  const db = await servePglite({ port: 0 });
  databases.push(db);
  return { INDEX_DIR: indexDir, STORE: 'postgres', DATABASE_URL: db.url };
}

/** A temporary folder removed when the test file finishes. */
export async function tempDir(prefix = 'corpus-chat-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** The pid of a process that has exited, as a build killed with SIGKILL leaves in its lock and temp folders. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid ?? 0));
  });
}

/** A temporary copy of the articles, for tests that add or remove documents. */
export async function corpusCopy(): Promise<string> {
  const dir = await tempDir('corpus-');
  for (const file of await readdir(CORPUS)) await copyFile(path.join(CORPUS, file), path.join(dir, file));
  return dir;
}

/** A copy of the articles with an index of its own, built: what a test server starts from. */
export async function indexedCopy(): Promise<{ corpus: string; indexDir: string; config: Config; version: string }> {
  // Loaded here, not at the top: the unit tests that import this file need no embedder.
  const { buildIndex } = await import('@/lib/pipeline/build-index');
  const corpus = await corpusCopy();
  const indexDir = await tempDir();
  const config = testConfig({ CORPUS_DIR: corpus, INDEX_DIR: indexDir });
  const { manifest } = await buildIndex(config);
  return { corpus, indexDir, config, version: manifest.version };
}

/** A config pointing at test folders; the offline embedder unless overridden. */
export function testConfig(env: Record<string, string>): Config {
  return loadConfig({ EMBEDDER: 'use-lite', ALLOW_REMOTE_MODELS: 'false', CORPUS_DIR: CORPUS, ...env }, ROOT);
}

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `scripts/<name>` from the project root in a single node process (tsx as a
 * loader, not its CLI, which would put the script in a child a signal never reaches).
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: {
    onStderr?: (stderr: string, kill: (signal: NodeJS.Signals) => void) => void;
    onOutput?: (output: { stdout: string; stderr: string }, kill: (signal: NodeJS.Signals) => void) => void;
    /** Kill the script if it is still running after this long (long-running modes such as --watch). */
    timeoutMs?: number;
  } = {},
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', script), ...args], {
      cwd: ROOT,
      env: { ...process.env, EMBEDDER: 'use-lite', ALLOW_REMOTE_MODELS: 'false', ...env },
    });
    let stdout = '';
    let stderr = '';
    const kill = (signal: NodeJS.Signals) => child.kill(signal);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onOutput?.({ stdout, stderr }, kill);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onStderr?.(stderr, kill);
      options.onOutput?.({ stdout, stderr }, kill);
    });
    const timer = options.timeoutMs ? setTimeout(() => kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The default limits of the extraction sandbox. */
export const EXTRACTION = testConfig({}).extraction;
/** What extracting one file may cost under those limits, for calls that skip the sandbox. */
export const LIMITS = extractLimits(EXTRACTION);
