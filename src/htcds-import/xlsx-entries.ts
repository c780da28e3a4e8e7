import { Readable } from 'node:stream';

/*
 * The zip entries of an uploaded workbook, in the order the streaming reader needs them. ExcelJS's WorkbookReader
 * reads the archive front to back, and when a worksheet comes before the shared strings (as Excel writes them) or
 * the workbook has no shared strings at all, it writes the worksheet to a temporary file IN CLEAR until it can read
 * it. A workbook of cases must never touch the disk unsealed, so the bytes (already in memory, at most 8 MB) are
 * handed to it as a stream of their own entries, unchanged and uncopied (slices of the buffer), with the workbook's
 * relations, the workbook, its styles and its shared strings first (an empty shared-strings part when it has none),
 * then the worksheets, then an empty directory; every other part (pictures, themes, printer settings) is left out.
 */

export class NotAZip extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;

interface Entry {
  name: string;
  start: number;
  end: number;
}

function entriesOf(bytes: Buffer): Entry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--)
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new NotAZip();
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) throw new NotAZip();
    const flags = bytes.readUInt16LE(at + 8);
    const compressed = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL || compressed === 0xffffffff) throw new NotAZip();
    let end = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28) + compressed;
    // Bit 3: sizes and CRC follow the data, in a descriptor with or without its signature.
    if (flags & 8) end += end + 4 <= bytes.length && bytes.readUInt32LE(end) === DESCRIPTOR ? 16 : 12;
    if (end > bytes.length) throw new NotAZip();
    entries.push({ name, start: local, end });
  }
  return entries;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A stored (uncompressed) zip entry. */
function storedEntry(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(crc32(data), 14);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name, 'utf8'), data]);
}

const EMPTY_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);
const FIRST = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];
const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

/** The workbook's entries for the streaming reader, in its order; throws NotAZip when the archive cannot be read. */
export function orderedEntries(bytes: Buffer): Readable {
  const entries = entriesOf(bytes);
  const named = new Map(entries.map((e) => [e.name, e]));
  const parts: Buffer[] = [];
  for (const name of FIRST) {
    const e = named.get(name);
    if (e) parts.push(bytes.subarray(e.start, e.end));
    else if (name === 'xl/sharedStrings.xml') parts.push(storedEntry(name, EMPTY_STRINGS));
  }
  for (const e of entries) if (SHEET.test(e.name)) parts.push(bytes.subarray(e.start, e.end));
  // An empty end-of-directory record: the reader stops there instead of running off the end of the stream.
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  parts.push(end);
  return Readable.from(parts, { objectMode: false });
}
