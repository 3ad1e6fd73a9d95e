/**
 * Zip archives written byte by byte for the tests, so that an entry can be
 * stored or deflated, and its directory can declare a size other than the
 * truth (a bomb that lies about itself). CRCs are computed, so every archive
 * is valid to a reader that checks them.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface TestEntry {
  readonly name: string;
  readonly data: Uint8Array | string;
  /** Stored (0) or deflated (8, the default). */
  readonly method?: 0 | 8;
  /** The uncompressed size the headers declare, when it should not be the real one. */
  readonly declaredSize?: number;
}

export function makeZip(entries: readonly TestEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.from(entry.data);
    const method = entry.method ?? 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const name = Buffer.from(entry.name, 'utf8');
    const size = entry.declaredSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An EPUB whose one chapter declares nested entities: "&j;" would expand to 10^10 characters in a parser that expands them. */
export function laughingEpub(): Buffer {
  const entities = Array.from({ length: 9 }, (_, i) => {
    const [name, inner] = [String.fromCharCode(98 + i), String.fromCharCode(97 + i)];
    return `<!ENTITY ${name} "${`&${inner};`.repeat(10)}">`;
  }).join('');
  const chapter = `<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">${entities}]><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Start &j; end.</p><p>The harbour opens at seven.</p></body></html>`;
  return makeZip([
    { name: 'mimetype', data: 'application/epub+zip', method: 0 },
    {
      name: 'META-INF/container.xml',
      data: '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    },
    {
      name: 'OEBPS/content.opf',
      data: '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Laughs</dc:title></metadata><manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>',
    },
    { name: 'OEBPS/c1.xhtml', data: chapter },
  ]);
}
