/**
 * The central directory of a zip file, read from its bytes without inflating
 * anything: what the office and e-book formats are made of. Pure byte
 * reading, so the page's format checks can use it too. Zip64 and multi-disk
 * archives are not documents anyone writes, and read as "not a zip".
 */

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated; anything else is refused by the reader. */
  readonly method: number;
  readonly compressedSize: number;
  /** What the directory declares; the guard counts what inflating really gives. */
  readonly size: number;
  /** Offset of the entry's local header. */
  readonly offset: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const END_SEARCH = 22 + 0xffff;

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && u32(bytes, 0) === LOCAL_HEADER;
}

/** The archive's entries as its central directory lists them, or undefined when the bytes are not a readable zip. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  if (!isZip(bytes)) return undefined;
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - END_SEARCH); at--) {
    if (u32(bytes, at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = u16(bytes, end + 10);
  const directoryOffset = u32(bytes, end + 16);
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL_HEADER) return undefined;
    const flags = u16(bytes, at + 8);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    entries.push({
      // Bit 11: the name is UTF-8; otherwise code page 437, of which the ASCII names of these formats are a subset.
      name: (flags & 0x800 ? utf8 : latin1).decode(nameBytes),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      offset: u32(bytes, at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's data starts: after its local header, whose name and extra field may differ in length from the directory's. */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | undefined {
  const at = entry.offset;
  if (at + 30 > bytes.length || u32(bytes, at) !== LOCAL_HEADER) return undefined;
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  return data.length === entry.compressedSize ? data : undefined;
}

/** The text of a stored (uncompressed) entry: an ODF or EPUB `mimetype`, which their specifications store first. */
export function storedText(bytes: Uint8Array, entries: readonly ZipEntry[], name: string): string | undefined {
  const entry = entries.find((e) => e.name === name);
  if (entry?.method !== 0 || entry.size > 200) return undefined;
  const data = entryData(bytes, entry);
  return data ? latin1.decode(data).trim() : undefined;
}
