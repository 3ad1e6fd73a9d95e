/**
 * What a file's bytes are, whatever its name says: a PDF, UTF-8 text, or
 * something else. The loader and uploads both decide by this, so a renamed
 * executable is refused however it is called.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export type Sniffed = { kind: 'pdf' } | { kind: 'text'; text: string } | { kind: 'binary'; reason: string };

const PDF_MAGIC = '%PDF-';

export function sniff(bytes: Uint8Array): Sniffed {
  if (Buffer.from(bytes.subarray(0, PDF_MAGIC.length)).toString('latin1') === PDF_MAGIC) return { kind: 'pdf' };
  if (bytes.includes(0)) return { kind: 'binary', reason: 'binary content (NUL bytes)' };
  try {
    return { kind: 'text', text: utf8.decode(bytes) };
  } catch {
    return { kind: 'binary', reason: 'not valid UTF-8' };
  }
}
