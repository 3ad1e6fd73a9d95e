import { getConfig } from '@/lib/config';
import { errorResponse, jsonError, readBody } from '@/lib/http';
import { addDocuments } from '@/lib/pipeline/add-documents';
import { parseUploadForm } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Room for the per-file limit on every file plus the multipart framing.
const FRAMING_BYTES = 1024 * 1024;

/** Adds documents to the corpus and rebuilds the index incrementally. */
export async function POST(request: Request): Promise<Response> {
  try {
    const config = getConfig();
    if (!config.uploads.enabled) return jsonError(403, 'Uploads are switched off on this server (ALLOW_UPLOADS=false).');
    const body = await readBody(request, config.uploads.maxFiles * config.uploads.maxFileBytes + FRAMING_BYTES);
    const form = await parseUploadForm(body, request.headers.get('content-type') ?? '', config.uploads.maxFiles);
    if (!form.ok) return jsonError(400, form.error);
    const result = await addDocuments(config, form.files);
    const rejected = result.results.filter((r) => r.status === 'rejected');
    if (rejected.length === result.results.length) {
      // Nothing was taken: answer with the reason's status (413 too large, 415 wrong type, 422 no text).
      const status = rejected.every((r) => r.code === 'too_large') ? 413 : rejected.every((r) => r.code === 'unsupported') ? 415 : 422;
      return Response.json({ error: rejected.map((r) => r.reason).join(' '), ...result }, { status });
    }
    return Response.json(result);
  } catch (error) {
    return errorResponse(error);
  }
}
