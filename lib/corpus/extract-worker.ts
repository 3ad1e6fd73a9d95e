/**
 * The worker-thread side of lib/corpus/sandbox.ts: reads one file at a time
 * and answers with the parsed document or the reason it cannot be indexed.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { parseDocument } from './load';
import type { SandboxReply, SandboxRequest } from './sandbox-protocol';

const port = parentPort;
port?.on('message', ({ job, id, file }: SandboxRequest) => {
  readFile(file)
    .then((bytes) => parseDocument(id, bytes))
    .then(
      (result) => port.postMessage({ job, result } satisfies SandboxReply),
      (error: unknown) => port.postMessage({ job, result: { id, reason: `unreadable (${error instanceof Error ? error.message : String(error)})`, problem: 'no-text' } } satisfies SandboxReply),
    );
});
