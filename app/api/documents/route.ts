import { rm } from 'node:fs/promises';
import { getConfig } from '@/lib/config';
import { errorResponse, jsonError } from '@/lib/http';
import { receiveFiles } from '@/lib/multipart';
import { addDocuments } from '@/lib/pipeline/add-documents';
import { listDocuments } from '@/lib/pipeline/documents';
import { stagingDir } from '@/lib/corpus';
import { clientOf, guardApiRequest } from '@/lib/security/guard';
import { takeUploadSlot } from '@/lib/security/slots';
import { FILE_FIELD, statusOf } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Room for the multipart framing around the files.
const FRAMING_BYTES = 1024 * 1024;

/** What proxy.ts would answer for this request (the route is kept out of it so bodies stream), if anything. */
function refused(request: Request): Response | undefined {
  const refusal = guardApiRequest(request.method, '/api/documents', request.headers, getConfig());
  return refusal && Response.json({ error: refusal.error }, { status: refusal.status, headers: refusal.headers ?? {} });
}

/** Other methods: the guard's JSON 405 (or 401 first, with an API key), instead of Next.js's empty one. */
function notAllowed(request: Request): Response {
  return refused(request) ?? jsonError(405, `${request.method} is not allowed here; use GET or POST.`);
}

export { notAllowed as DELETE, notAllowed as PATCH, notAllowed as PUT };

/** Every document of the index: id, title, size, passages and when it was first indexed. */
export async function GET(request: Request): Promise<Response> {
  try {
    return refused(request) ?? Response.json(await listDocuments(getConfig()));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Adds documents to the corpus and rebuilds the index incrementally; all of an upload's new documents or none. */
export async function POST(request: Request): Promise<Response> {
  let staging: string | undefined;
  let release: (() => void) | undefined;
  try {
    const config = getConfig();
    const refusal = refused(request);
    if (refusal) return refusal;
    if (!config.uploads.enabled) return jsonError(403, 'Uploads are switched off on this server (ALLOW_UPLOADS=false).');
    const slot = takeUploadSlot(config.uploads.maxConcurrent, clientOf(request.headers));
    if (typeof slot === 'string')
      return Response.json(
        {
          error:
            slot === 'client-busy'
              ? 'An upload of yours is still in progress; send the next one when it has finished.'
              : 'The server is busy with other uploads; try again in a few seconds.',
        },
        { status: slot === 'client-busy' ? 429 : 503, headers: { 'Retry-After': '5' } },
      );
    release = slot;
    staging = await stagingDir(config);
    const { maxFiles, maxFileBytes, idleTimeoutMs, minBytesPerSecond } = config.uploads;
    const files = await receiveFiles(request, staging, {
      field: FILE_FIELD,
      maxFiles,
      maxFileBytes,
      maxBodyBytes: maxFiles * maxFileBytes + FRAMING_BYTES,
      idleTimeoutMs,
      minBytesPerSecond,
    });
    const result = await addDocuments(config, files);
    const status = statusOf(result.results);
    return status === 200
      ? Response.json(result)
      : Response.json({ error: result.results.map((r) => ('reason' in r ? r.reason : '')).join(' '), ...result }, { status });
  } catch (error) {
    return errorResponse(error);
  } finally {
    release?.();
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}
