'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { FILE_INPUT_ACCEPT, usualExtensions } from '@/lib/corpus/formats';
import type { UploadOutcome } from '@/lib/corpus/upload';
import type { AddDocumentsResult } from '@/lib/pipeline/add-documents';
import { SAME_ORIGIN_HEADER } from '@/lib/security/headers';
import { authHeaders } from './api-key';
import { Button } from './button';

type Status =
  | { state: 'idle' }
  | { state: 'uploading'; percent: number }
  | { state: 'indexing' }
  | { state: 'done'; message: string; ok: boolean };

function outcomeText(r: UploadOutcome): string {
  switch (r.status) {
    case 'added':
      return `Added ${r.id}.`;
    case 'renamed':
      return `Added ${r.name} as ${r.id} (the name was taken).`;
    case 'duplicate':
      return `${r.name} is already indexed as ${r.id}.`;
    case 'rejected':
      return r.reason;
  }
}

function describe(results: readonly UploadOutcome[], documents: number | undefined): { message: string; ok: boolean } {
  const parts = results.map(outcomeText);
  const count = documents === undefined ? '' : ` ${documents} documents indexed.`;
  return { message: `${parts.join(' ')}${count}`, ok: results.some((r) => r.status !== 'rejected') };
}

/** Uploads with XMLHttpRequest, which, unlike fetch, reports upload progress. */
function send(
  files: readonly File[],
  onProgress: (percent: number) => void,
): Promise<{ status: number; body: AddDocumentsResult & { error?: string } }> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append('files', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/documents');
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader(SAME_ORIGIN_HEADER, '1');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      try {
        resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) as AddDocumentsResult & { error?: string } });
      } catch {
        reject(new Error('The server sent an unreadable answer.'));
      }
    };
    xhr.onerror = () => reject(new Error("Can't reach the server."));
    xhr.send(form);
  });
}

/** "Add documents": a file picker, or files dropped anywhere on the page. */
export function UploadDocuments({ onAdded }: { onAdded?: () => void }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const [dragging, setDragging] = useState(false);
  const busy = status.state === 'uploading' || status.state === 'indexing';

  const upload = async (files: readonly File[]) => {
    if (files.length === 0 || busy) return;
    setStatus({ state: 'uploading', percent: 0 });
    try {
      const { body } = await send(files, (percent) => setStatus(percent >= 100 ? { state: 'indexing' } : { state: 'uploading', percent }));
      if (!body.results) {
        setStatus({ state: 'done', message: body.error ?? 'The upload failed.', ok: false });
        return;
      }
      setStatus({ state: 'done', ...describe(body.results, body.index?.documents) });
      router.refresh();
      onAdded?.();
    } catch (error) {
      setStatus({ state: 'done', message: error instanceof Error ? error.message : 'The upload failed.', ok: false });
    }
  };

  // Bound once: re-binding on every render would reset the count of nested dragenter/dragleave events, and the
  // drop overlay would vanish while a file is still over the page. The latest `upload` is read through a ref.
  const latestUpload = useRef(upload);
  useEffect(() => {
    latestUpload.current = upload;
  });
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => hasFiles(e) && e.preventDefault();
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void latestUpload.current(Array.from(e.dataTransfer?.files ?? []));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);

  return (
    <>
      <input
        ref={input}
        id="upload-input"
        data-testid="upload-input"
        aria-label="Add documents"
        type="file"
        multiple
        accept={FILE_INPUT_ACCEPT}
        className="sr-only"
        onChange={(e) => {
          void upload(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
      />
      <Button data-testid="add-documents" disabled={busy} onClick={() => input.current?.click()}>
        Add documents
      </Button>
      {status.state !== 'idle' && (
        <p
          data-testid="upload-status"
          data-state={status.state}
          data-ok={status.state === 'done' ? status.ok : undefined}
          role="status"
          className="fixed left-1/2 top-16 z-40 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 rounded-xl border border-zinc-200 bg-white px-4 py-3 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {status.state === 'uploading' && `Uploading… ${status.percent}%`}
          {status.state === 'indexing' && 'Indexing the new documents…'}
          {status.state === 'done' && status.message}
          {status.state === 'done' && (
            <Button variant="link" onClick={() => setStatus({ state: 'idle' })} className="ml-3 underline">
              Dismiss
            </Button>
          )}
        </p>
      )}
      {dragging && (
        <div
          data-testid="drop-overlay"
          aria-hidden="true"
          className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center bg-sky-700/20 text-lg font-semibold text-sky-950 backdrop-blur-sm dark:text-sky-100"
        >
          Drop {usualExtensions()} files to add them
        </div>
      )}
    </>
  );
}
