/**
 * POST /api/documents takes multipart/form-data with one or more `files`
 * fields; nothing else. Each file is judged on its own (see lib/corpus/upload).
 */
import type { UploadedFile } from '@/lib/corpus/upload';

export const FILE_FIELD = 'files';

export async function parseUploadForm(body: Buffer, contentType: string, maxFiles: number): Promise<{ ok: true; files: UploadedFile[] } | { ok: false; error: string }> {
  if (!/^multipart\/form-data;\s*boundary=/i.test(contentType)) return { ok: false, error: 'Send the files as multipart/form-data in a "files" field.' };
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { ok: false, error: 'The upload is not valid multipart/form-data.' };
  }
  const entries = form.getAll(FILE_FIELD).filter((entry): entry is File => typeof entry !== 'string');
  if (entries.length === 0) return { ok: false, error: 'No files in the "files" field.' };
  if (entries.length > maxFiles) return { ok: false, error: `At most ${maxFiles} files per upload.` };
  const files = await Promise.all(entries.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  return { ok: true, files };
}
