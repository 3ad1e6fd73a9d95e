/**
 * Text extraction of untrusted files outside the caller's process. Files are
 * parsed in a child process with its own heap limit, a data-segment limit the
 * operating system enforces, and a wall-clock limit per file; a file that exceeds either has the child killed and is reported
 * as skipped with the reason, and the next file gets a new child. A PDF whose
 * content streams expand to gigabytes, or any input that makes a parser slow,
 * costs one child, never the server or the build. A process, not a worker
 * thread: a worker's freed memory stayed in the server's allocator (RSS 390 →
 * 491 MB after one PDF bomb, for good), a child's goes back to the system.
 */
import type { CleaningProfile } from '../config';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExtractLimits } from './extract';
import { OUT_OF_MEMORY_EXIT, type SandboxReply, type SandboxRequest } from './sandbox-protocol';
import type { CorpusDocument, SkippedFile } from './types';

export interface SandboxLimits {
  /** Old-generation heap of the child, in MiB; its data segment may take 1.5 times this (see DATA_PER_HEAP). */
  readonly memoryMb: number;
  /** Longest time one file may take, in ms. */
  readonly timeoutMs: number;
  /** MiB a file's compressed parts may expand to (see ./pdf-streams). */
  readonly maxDecodedMb: number;
  /** How its text is cleaned (see ./clean). */
  readonly cleaning: CleaningProfile;
  /** Whether pages without a text layer are read by OCR where the tools are installed (see ./ocr). */
  readonly ocr: 'auto' | 'off';
  /** Longest time one OCR page may take, in ms; each page also extends the file's time limit by this much. */
  readonly ocrPageTimeoutMs: number;
  /** Scanned pages of one file read by OCR, at most; the rest of a longer scan is left out. */
  readonly ocrMaxPages: number;
}

/**
 * The child's data segment (heap, ArrayBuffers, malloc: all its private memory) may be this many times its V8
 * heap limit. The heap cap alone let buffers outside the heap grow a child to 3.3 GB; the operating system
 * enforces this one. Room above the heap is for the young generation, code and the buffers parsers use.
 */
const DATA_PER_HEAP = 1.5;
/** util-linux's prlimit sets a limit for the program it starts; without it (not Linux) the heap cap still holds. */
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((file) => existsSync(file));

export interface Extractor {
  /** Parses the file at `file` as the document `id`. */
  parse(id: string, file: string): Promise<CorpusDocument | SkippedFile>;
  /** Ends the child; the extractor starts another if used again. */
  close(): Promise<void>;
}

// The source file beside this one, run through tsx (as every script of the project is); the Next.js bundle
// keeps this module's own file name in import.meta.url, so the same path works from the server.
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'extract-child.ts');

function spawn(limits: SandboxLimits): ChildProcess {
  const node = ['--import', 'tsx', `--max-old-space-size=${limits.memoryMb}`];
  const dataBytes = Math.round(limits.memoryMb * DATA_PER_HEAP * 1024 * 1024);
  // prlimit execs node in its place, so the IPC channel fork sets up reaches node unchanged.
  return fork(/* turbopackIgnore: true */ CHILD, [], {
    ...(PRLIMIT ? { execPath: PRLIMIT, execArgv: [`--data=${dataBytes}`, process.execPath, ...node] } : { execArgv: node }),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
}

export function extractLimits(limits: SandboxLimits): ExtractLimits {
  return {
    maxDecodedBytes: limits.maxDecodedMb * 1024 * 1024,
    cleaning: limits.cleaning,
    ocr: limits.ocr === 'auto',
    ocrPageTimeoutMs: limits.ocrPageTimeoutMs,
    ocrMaxPages: limits.ocrMaxPages,
  };
}

interface Child {
  readonly process: ChildProcess;
  /** The end of what it wrote to stderr: V8 says there why it died. */
  readonly stderr: () => string;
}

/** One child, one file at a time, in the order asked. */
/** Told when reading a file begins a long step (an OCR page), for a build to show. */
export type ReadingStep = (id: string, step: string) => void;

export function sandboxedExtractor(limits: SandboxLimits, onStep?: ReadingStep): Extractor {
  let child: Child | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let nextJob = 0;

  const stop = () => {
    const c = child?.process;
    child = undefined;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill('SIGKILL');
      return exited;
    }
    return Promise.resolve();
  };

  const start = (): Child => {
    const started = spawn(limits);
    let stderr = '';
    started.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4096)));
    const entry = { process: started, stderr: () => stderr };
    started.once('exit', () => {
      if (child === entry) child = undefined;
    });
    return entry;
  };

  const run = (id: string, file: string): Promise<CorpusDocument | SkippedFile> =>
    new Promise((resolve) => {
      child ??= start();
      const current = child;
      const c = current.process;
      const job = nextJob++;
      const done = (result: CorpusDocument | SkippedFile, kill: boolean) => {
        clearTimeout(timer);
        c.off('message', onMessage);
        c.off('exit', onExit);
        c.off('error', onExit);
        if (kill) void stop();
        resolve(result);
      };
      const skip = (reason: string) => done({ id, reason, problem: 'too-costly' }, true);
      const onMessage = (reply: SandboxReply) => {
        if (reply.job !== job) return;
        if ('result' in reply) done(reply.result, false);
        else {
          onStep?.(id, reply.progress);
          // An OCR page began: it gets its own time on top of what the file had left.
          clearTimeout(timer);
          timer = setTimeout(tooSlow, limits.timeoutMs + limits.ocrPageTimeoutMs);
        }
      };
      const onExit = () => {
        skip(
          // V8's heap cap, or the data-segment limit refusing an ArrayBuffer (exit code) or a C++ allocation (bad_alloc).
          c.exitCode === OUT_OF_MEMORY_EXIT || /heap out of memory|allocation failed|bad_alloc|out of memory/i.test(current.stderr())
            ? `reading it needs more than ${limits.memoryMb} MiB (EXTRACT_MEMORY_MB)`
            : 'its reader stopped',
        );
      };
      const tooSlow = () =>
        skip(
          `reading it takes longer than ${(limits.timeoutMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s (EXTRACT_TIMEOUT_MS)`,
        );
      let timer = setTimeout(tooSlow, limits.timeoutMs);
      c.on('message', onMessage);
      c.once('exit', onExit);
      c.once('error', onExit);
      c.send({ job, id, file, limits: extractLimits(limits) } satisfies SandboxRequest);
    });

  return {
    parse(id, file) {
      const result = queue.then(() => run(id, file));
      queue = result;
      return result;
    },
    async close() {
      await queue;
      await stop();
    },
  };
}
