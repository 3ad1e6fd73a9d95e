/**
 * A zip package is checked before a parser inflates it: a 10 KB file can
 * declare, or merely hold, gigabytes. The central directory must list at most
 * MAX_ENTRIES entries, declare at most the decoded budget in all, and no entry
 * may claim more than MAX_RATIO times its compressed size. Then every entry is
 * inflated once here, with zlib stopping at what is left of the budget, so an
 * archive whose directory lies is caught by the bytes it really produces.
 * An XML part that declares entities is refused too: no office or e-book
 * format needs them, and nested ones are how a billion-laughs file grows a
 * few bytes into gigabytes in a parser that expands them.
 * Only then does the format's parser, which trusts the archive, see it.
 */
import { inflateRawSync } from 'node:zlib';
import { DecodedTooLarge } from './pdf-streams';
import { entryData, zipEntries } from './zip';

/** Entries a document package may have: a large EPUB or workbook has a few thousand. */
export const MAX_ENTRIES = 10_000;
/** Deflate gives at most about 1,032:1; XML compresses 5–20×, so 1,000 leaves room for any real document. */
export const MAX_RATIO = 1_000;

/** An entity declaration in an XML part's prolog (its DOCTYPE's internal subset). */
const ENTITY_DECLARATION = /<!ENTITY/i;
/** Bytes of each part searched for one: the prolog comes first, and a DOCTYPE is short. */
const PROLOG_BYTES = 64 * 1024;

/** A package refused before parsing, with the reason a user is shown. */
export class ZipRefused extends Error {
  override readonly name = 'ZipRefused';
}

/** Throws ZipRefused or DecodedTooLarge when the package is unsafe to hand to a parser; `budget` is in bytes. */
export function checkZip(bytes: Uint8Array, budget: number): void {
  const entries = zipEntries(bytes);
  if (!entries) throw new ZipRefused('a damaged zip archive');
  if (entries.length > MAX_ENTRIES)
    throw new ZipRefused(`it holds ${entries.length.toLocaleString('en')} files, more than ${MAX_ENTRIES.toLocaleString('en')}`);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > budget) throw new DecodedTooLarge(budget);
  let inflated = 0;
  for (const entry of entries) {
    if (entry.size > MAX_RATIO * Math.max(1, entry.compressedSize))
      throw new ZipRefused(`${entry.name} expands more than ${MAX_RATIO} times`);
    const data = entryData(bytes, entry);
    if (!data) throw new ZipRefused(`${entry.name} lies outside the archive`);
    let content: Uint8Array;
    if (entry.method === 0) content = data;
    else if (entry.method === 8) {
      const left = budget - inflated;
      try {
        // One byte past what is left: getting it means the entry would overrun the budget.
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, left + 1) });
      } catch (error) {
        if (error instanceof RangeError) throw new DecodedTooLarge(budget);
        throw new ZipRefused(`${entry.name} is damaged`);
      }
    } else throw new ZipRefused(`${entry.name} is compressed with method ${entry.method}, which documents do not use`);
    inflated += content.length;
    if (ENTITY_DECLARATION.test(Buffer.from(content.buffer, content.byteOffset, Math.min(content.length, PROLOG_BYTES)).toString('latin1')))
      throw new ZipRefused(`${entry.name} declares XML entities, which documents do not use (a billion-laughs bomb)`);
    if (inflated > budget) throw new DecodedTooLarge(budget);
  }
}
