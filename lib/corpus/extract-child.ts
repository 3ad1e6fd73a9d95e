/**
 * The child-process side of lib/corpus/sandbox.ts: reads one file at a time
 * and answers with the parsed document or the reason it cannot be indexed.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from './load';
import { OUT_OF_MEMORY_EXIT, type SandboxReply, type SandboxRequest } from './sandbox-protocol';

const reply = (message: SandboxReply) => process.send?.(message);

process.on('message', ({ job, id, file, limits }: SandboxRequest) => {
  readFile(file)
    .then((bytes) => parseDocument(id, bytes, limits, (progress) => reply({ job, progress })))
    .then(
      (result) => reply({ job, result }),
      (error: unknown) => {
        // The data-segment limit refused an allocation: the parent names the limit. This process is spent.
        if (error instanceof RangeError && /allocation failed/i.test(error.message)) process.exit(OUT_OF_MEMORY_EXIT);
        reply({
          job,
          result: { id, reason: `unreadable (${error instanceof Error ? error.message : String(error)})`, problem: 'no-text' },
        });
      },
    );
});
// The parent going away (killed, crashed) ends this process too.
process.on('disconnect', () => process.exit(0));
