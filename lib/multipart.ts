/**
 * Receives a multipart/form-data upload as a stream, writing each file to a
 * staging folder as it arrives: the body is never held in memory, a file over
 * the per-file limit stops being written at the limit (the rest is read and
 * dropped), a body over the per-request limit is refused with 413 as soon
 * as it crosses it, and one that stalls or trickles is dropped with 408.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { AppError } from './errors';
import { formatSize } from './text/size';

export interface StagedFile {
  /** The name the client gave. */
  readonly name: string;
  /** Where its bytes are (nothing when it was over the limit). */
  readonly path: string;
  readonly bytes: number;
  /** Over the per-file limit: only the name is kept. */
  readonly tooLarge: boolean;
}

export interface MultipartLimits {
  readonly field: string;
  readonly maxFiles: number;
  readonly maxFileBytes: number;
  /** The whole body, framing included. */
  readonly maxBodyBytes: number;
  /** Longest pause between chunks; also the grace before `minBytesPerSecond` applies. */
  readonly idleTimeoutMs: number;
  /** Slowest average rate the body may arrive at after the grace; 0: no minimum. */
  readonly minBytesPerSecond: number;
}

/** Streams the files of `field` into `dir` (which the caller creates and removes). */
export async function receiveFiles(request: Request, dir: string, limits: MultipartLimits): Promise<StagedFile[]> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data;\s*boundary=/i.test(contentType))
    throw new AppError('bad_request', `Send the files as multipart/form-data in a "${limits.field}" field.`);
  if (!request.body) throw new AppError('bad_request', `No files in the "${limits.field}" field.`);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: {
        files: limits.maxFiles,
        // One byte more than allowed: busboy reports its limit when a file reaches it, so a file of exactly the
        // limit would be refused as over it.
        fileSize: limits.maxFileBytes + 1,
        fields: 20,
        fieldSize: 1024,
        parts: limits.maxFiles + 20,
        headerPairs: 20,
      },
      defParamCharset: 'utf8',
    });
  } catch {
    throw new AppError('bad_request', 'The upload is not valid multipart/form-data.');
  }

  const files: StagedFile[] = [];
  const writes: Promise<void>[] = [];
  const streams: Readable[] = [];
  let failure: AppError | undefined;
  const fail = (error: AppError) => {
    failure ??= error;
  };

  parser.on('file', (field, stream, info) => {
    if (field !== limits.field || failure) {
      stream.resume();
      return;
    }
    const target = path.join(dir, `${files.length}-${randomBytes(4).toString('hex')}`);
    const entry = { name: info.filename ?? 'document', path: target, bytes: 0, tooLarge: false };
    files.push(entry);
    streams.push(stream);
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    stream.on('limit', () => (entry.tooLarge = true));
    writes.push(
      pipeline(stream, createWriteStream(target, { flags: 'wx' })).then(async () => {
        entry.bytes = bytes;
        // Only the name of a file over the limit is kept, to say so.
        if (entry.tooLarge) await rm(target, { force: true });
      }),
    );
  });
  parser.on('filesLimit', () => fail(new AppError('bad_request', `At most ${limits.maxFiles} files per upload.`)));

  let received = 0;
  const body = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>);
  const started = Date.now();
  let lastChunk = started;
  body.on('data', (chunk: Buffer) => {
    received += chunk.length;
    lastChunk = Date.now();
    if (received > limits.maxBodyBytes) {
      fail(new AppError('payload_too_large', `The upload is larger than ${formatSize(limits.maxBodyBytes)}.`));
      body.destroy(failure);
    }
  });
  let stalled: (error: unknown) => void = () => undefined;
  const dropped = new Promise<never>((_, reject) => {
    stalled = reject;
  });
  // A client that trickles its body would hold an upload slot for as long as the server lets a request run.
  const pace = setInterval(
    () => {
      const now = Date.now();
      const elapsed = now - started;
      const slow = limits.minBytesPerSecond > 0 && elapsed > limits.idleTimeoutMs && (received * 1000) / elapsed < limits.minBytesPerSecond;
      if (now - lastChunk <= limits.idleTimeoutMs && !slow) return;
      fail(
        new AppError(
          'request_timeout',
          slow
            ? `The upload arrived slower than ${formatSize(limits.minBytesPerSecond)}/s and was dropped; try again on a faster connection.`
            : `The upload stalled for more than ${limits.idleTimeoutMs / 1000} s and was dropped; try again.`,
        ),
      );
      body.destroy(failure);
      // A destroyed web stream settles only when its pending read does, at the client's next byte: stop waiting now.
      stalled(failure);
    },
    Math.min(1000, limits.idleTimeoutMs / 2),
  );
  const parsed = pipeline(body, parser);
  parsed.catch(() => undefined);
  try {
    await Promise.race([parsed, dropped]);
    await Promise.all(writes);
  } catch (error) {
    // A body cut off mid-file leaves that file's stream open: ended here, its write settles now, not when the
    // client next sends a byte, and the upload's slot is given back at once.
    for (const stream of streams) stream.destroy();
    await Promise.allSettled(writes);
    if (failure) throw failure;
    throw new AppError('bad_request', 'The upload is not valid multipart/form-data or was interrupted.', { cause: error });
  } finally {
    clearInterval(pace);
  }
  if (failure) throw failure;
  if (files.length === 0) throw new AppError('bad_request', `No files in the "${limits.field}" field.`);
  return files;
}
