'use client';

import { useCallback, useEffect, useState } from 'react';
import type { DocumentInfo, DocumentList } from '@/lib/pipeline/documents';
import { SAME_ORIGIN_HEADER } from '@/lib/security/headers';
import { formatSize } from '@/lib/text/size';
import { authHeaders } from './api-key';
import { formatWhen } from './format';
import { documentUrl, SidePanel } from './side-panel';
import type { SourceTarget } from './types';
import { Button } from './button';

type Listing = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; documents: DocumentInfo[] };

async function errorOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  return typeof body.error === 'string' ? body.error : `The server answered ${response.status}.`;
}

/**
 * "Documents": what the index holds, with each document's size, passages and
 * when it was indexed. A title opens the document in the source viewer; with
 * uploads allowed, a document can be deleted (a second click confirms).
 * `version` changes when documents were added elsewhere on the page.
 */
export function DocumentsPanel({
  onClose,
  onOpen,
  onChanged,
  canDelete,
  version,
}: {
  onClose: () => void;
  onOpen: (target: SourceTarget) => void;
  onChanged: () => void;
  canDelete: boolean;
  version: number;
}) {
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  const [confirming, setConfirming] = useState<string>();
  const [deleting, setDeleting] = useState<string>();
  const [notice, setNotice] = useState<{ ok: boolean; message: string }>();

  const load = useCallback(async () => {
    try {
      const response = await fetch('/api/documents', { headers: authHeaders() });
      if (!response.ok) setListing({ state: 'error', message: await errorOf(response) });
      else setListing({ state: 'ready', documents: ((await response.json()) as DocumentList).documents });
    } catch {
      setListing({ state: 'error', message: 'The server could not be reached.' });
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the trigger that lists the documents again after a change.
  useEffect(() => {
    void load();
  }, [load, version]);

  const remove = async (doc: DocumentInfo) => {
    setConfirming(undefined);
    setDeleting(doc.id);
    try {
      const response = await fetch(documentUrl(doc.id), { method: 'DELETE', headers: { ...authHeaders(), [SAME_ORIGIN_HEADER]: '1' } });
      if (response.ok) {
        setNotice({ ok: true, message: `Deleted ${doc.title}.` });
        onChanged();
        await load();
      } else {
        setNotice({ ok: false, message: await errorOf(response) });
      }
    } catch {
      setNotice({ ok: false, message: 'The server could not be reached.' });
    } finally {
      setDeleting(undefined);
    }
  };

  return (
    <SidePanel
      testId="documents-panel"
      titleId="documents-title"
      closeLabel="Close documents"
      closeTestId="close-documents"
      onClose={onClose}
      heading={
        <h2 id="documents-title" className="font-semibold">
          Documents{listing.state === 'ready' ? ` (${listing.documents.length})` : ''}
        </h2>
      }
    >
      {notice && (
        <p
          data-testid="documents-notice"
          data-ok={notice.ok}
          role="status"
          className={`border-b px-4 py-2 text-sm ${notice.ok ? 'border-zinc-200 dark:border-zinc-800' : 'border-red-300 text-red-800 dark:border-red-800 dark:text-red-300'}`}
        >
          {notice.message}
        </p>
      )}
      <div className="flex-1 overflow-y-auto p-2 text-sm">
        {listing.state === 'loading' && <p className="p-2 text-zinc-600 dark:text-zinc-400">Loading…</p>}
        {listing.state === 'error' && (
          <p role="alert" className="p-2 text-red-700 dark:text-red-400">
            {listing.message}
          </p>
        )}
        {listing.state === 'ready' && (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {listing.documents.map((doc) => (
              <li key={doc.id} data-testid="document-row" data-doc={doc.id} className="flex items-start gap-2 p-2">
                <div className="min-w-0 flex-1">
                  <Button
                    variant="link"
                    data-testid="open-document"
                    onClick={() => onOpen({ doc: doc.id, title: doc.title, start: 0, end: 0, label: 'Document' })}
                    className="font-medium text-sky-800 dark:text-sky-300"
                  >
                    {doc.title}
                  </Button>
                  <p className="break-words text-xs text-zinc-600 dark:text-zinc-400">
                    {doc.id} · {formatSize(doc.bytes)} · {doc.passages} passage{doc.passages === 1 ? '' : 's'} · indexed{' '}
                    {formatWhen(doc.indexedAt)}
                  </p>
                </div>
                {canDelete &&
                  (confirming === doc.id ? (
                    <span className="flex gap-1">
                      <Button variant="smallDanger" data-testid="confirm-delete" onClick={() => void remove(doc)}>
                        Delete
                      </Button>
                      <Button variant="small" onClick={() => setConfirming(undefined)}>
                        Keep
                      </Button>
                    </span>
                  ) : (
                    <Button
                      variant="small"
                      data-testid="delete-document"
                      disabled={deleting !== undefined}
                      aria-label={`Delete ${doc.title}`}
                      onClick={() => setConfirming(doc.id)}
                    >
                      {deleting === doc.id ? 'Deleting…' : 'Delete'}
                    </Button>
                  ))}
              </li>
            ))}
          </ul>
        )}
      </div>
    </SidePanel>
  );
}
