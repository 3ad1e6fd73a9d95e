/**
 * How many bytes a PDF's compressed streams decode to, counted before pdf.js
 * reads it. pdf.js inflates a stream into ArrayBuffers that live outside the
 * V8 heap, so the sandbox's heap cap never sees them: a 6 KB file whose
 * content is Flate inside Flate (`[/FlateDecode /FlateDecode]`) grew a child to
 * 3.3 GB. Here each Flate stream is inflated, filter after filter of its
 * chain, with zlib's own output cap set to what is left of the budget, so no
 * step can allocate more than the budget.
 */
import { constants, inflateSync } from 'node:zlib';

export class DecodedTooLarge extends Error {
  override readonly name = 'DecodedTooLarge';
  constructor(readonly budget: number) {
    super(`its compressed streams expand to more than ${budget} bytes`);
  }
}

const FLATE = new Set(['FlateDecode', 'Fl']);

/** The filter names of a stream dictionary, in the order they are applied to decode. */
function filtersOf(dictionary: string): string[] {
  const match = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dictionary);
  return match ? [...(match[1] ?? '').matchAll(/\/([A-Za-z0-9]+)/g)].map((m) => m[1] ?? '') : [];
}

/** Counts the bytes every Flate stream decodes to, nested filters included; throws DecodedTooLarge past `budget`. */
export function checkDecodedSize(bytes: Uint8Array, budget: number): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('latin1');
  let total = 0;
  for (const keyword of text.matchAll(/\bstream(?:\r\n|\n|\r)/g)) {
    const at = keyword.index;
    // The stream's dictionary lies between its object header and the keyword.
    const header = text.lastIndexOf('obj', at);
    if (header < 0 || at - header > 8192) continue;
    const filters = filtersOf(text.slice(header, at));
    const end = text.indexOf('endstream', at);
    if (end < 0) break;
    let data: Buffer = buffer.subarray(at + keyword[0].length, end);
    for (const filter of filters) {
      if (!FLATE.has(filter)) break; // other filters (images, LZW) are left to pdf.js and the sandbox's memory limit
      try {
        data = inflateSync(data, { maxOutputLength: budget - total + 1, finishFlush: constants.Z_SYNC_FLUSH });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new DecodedTooLarge(budget);
        break; // damaged data: pdf.js decides what to make of it
      }
      total += data.length;
      if (total > budget) throw new DecodedTooLarge(budget);
    }
  }
  return total;
}
