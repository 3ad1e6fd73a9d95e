import { getConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { errorResponse, jsonError } from '@/lib/http';
import { storeBackend } from '@/lib/store';
import { removeDocument } from '@/lib/pipeline/documents';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A document's title and cleaned text, as indexed (citation offsets point into this text). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string[] }> }): Promise<Response> {
  try {
    const id = (await params).id.join('/');
    const index = await storeBackend(getConfig()).handle().get();
    // Only ids the index knows are served: nothing here ever touches the file system by path.
    const doc = index.document(id);
    if (!doc) throw new AppError('not_found', `No document with id "${id}".`);
    return Response.json({ id: doc.id, title: doc.title, text: doc.text });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Removes a document: from the index (rebuilt without it, published atomically) and then its file from the
 * corpus folder. proxy.ts has run the guard (API key, same origin, the upload rate limit).
 */
export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string[] }> }): Promise<Response> {
  try {
    const config = getConfig();
    if (!config.uploads.enabled) return jsonError(403, 'Changing documents is switched off on this server (ALLOW_UPLOADS=false).');
    return Response.json(await removeDocument(config, (await params).id.join('/')));
  } catch (error) {
    return errorResponse(error);
  }
}
