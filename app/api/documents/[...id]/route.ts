import { getConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { errorResponse, jsonError } from '@/lib/http';
import { storeBackend } from '@/lib/store';
import { removeDocument } from '@/lib/pipeline/documents';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * A document's title and cleaned text, as indexed (citation offsets point into this text): in the version in
 * service, or with `?version=` (an answer's `version`) as that version holds it while it is kept, so a citation
 * opened after a rebuild still highlights the sentence it cited. 410 once that version is gone.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string[] }> }): Promise<Response> {
  try {
    const id = (await params).id.join('/');
    const asked = new URL(request.url).searchParams.get('version');
    const backend = storeBackend(getConfig());
    const index = await backend.handle().get();
    const version = asked ?? index.version;
    // Only ids the index knows are served: nothing here ever touches the file system by path.
    const doc = version === index.version ? index.document(id) : await backend.documentAt(version, id);
    if (!doc) throw new AppError('not_found', `No document with id "${id}"${asked ? ` in index version ${asked.slice(0, 80)}` : ''}.`);
    return Response.json({ id: doc.id, title: doc.title, text: doc.text, version });
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
