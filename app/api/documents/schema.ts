/**
 * POST /api/documents takes multipart/form-data with one or more `files`
 * fields; nothing else. Each file is judged on its own (see lib/corpus/upload).
 */
import type { UploadOutcome } from '@/lib/corpus/upload';

export const FILE_FIELD = 'files';

/** 200 when anything was taken; when every file was refused, the reason's status: 413 too large, 415 wrong type, 422 no text. */
export function statusOf(results: readonly UploadOutcome[]): number {
  const rejected = results.filter((r) => r.status === 'rejected');
  if (rejected.length < results.length) return 200;
  return rejected.every((r) => r.code === 'too_large') ? 413 : rejected.every((r) => r.code === 'unsupported') ? 415 : 422;
}
