import { PDFArray, type PDFContext, PDFDict, PDFDocument, PDFName, type PDFObject, PDFRef, PDFStream } from 'pdf-lib';

/**
 * Removes what a file says about its maker beyond its content, for the kinds Abri accepts from reporters and
 * staff. Images are re-encoded elsewhere (sharp); this module does PDFs and audio.
 */
export class MetadataError extends Error {
  constructor(readonly reason: 'pdf-unreadable' | 'pdf-encrypted' | 'audio-unreadable' | 'image-unreadable' | 'unsupported') {
    super(reason);
  }
}

/** Keys that carry authorship, software, editing history or embedded extras in a PDF's dictionaries. */
const PDF_DROP = ['Metadata', 'PieceInfo', 'LastModified', 'Thumb', 'AA', 'JS', 'JavaScript', 'OpenAction', 'EmbeddedFiles'].map((k) => PDFName.of(k));

/**
 * A PDF rebuilt from its pages only: a new document into which the pages are copied, so what no page reaches
 * (the document information dictionary, the catalog's XMP metadata, earlier incremental-update revisions, outlines,
 * scripts, attached files) is not written. Page and resource dictionaries lose their XMP and application data too.
 */
export async function cleanPdf(bytes: Buffer): Promise<Buffer> {
  try {
    return await rebuildPdf(bytes);
  } catch (e) {
    // pdf-lib throws many kinds of errors on a damaged file: each one is a file that cannot be read, never a 500.
    if (e instanceof MetadataError) throw e;
    throw new MetadataError('pdf-unreadable');
  }
}

async function rebuildPdf(bytes: Buffer): Promise<Buffer> {
  let source: PDFDocument;
  try {
    source = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (e) {
    throw new MetadataError(e instanceof Error && /encrypt/i.test(e.message) ? 'pdf-encrypted' : 'pdf-unreadable');
  }
  if (source.isEncrypted) throw new MetadataError('pdf-encrypted');
  if (source.getPageCount() === 0) throw new MetadataError('pdf-unreadable');
  const out = await PDFDocument.create({ updateMetadata: false });
  const pages = await out.copyPages(source, source.getPageIndices());
  for (const page of pages) out.addPage(page);
  for (const [, obj] of out.context.enumerateIndirectObjects()) {
    const dict = obj instanceof PDFDict ? obj : obj instanceof PDFStream ? obj.dict : undefined;
    if (!dict) continue;
    for (const key of PDF_DROP) dict.delete(key);
  }
  // Objects reachable only through the dropped keys (a page's XMP stream, a thumbnail) are not written either.
  const reachable = reachableFrom(out.context, out.context.trailerInfo.Root);
  for (const [ref] of out.context.enumerateIndirectObjects()) if (!reachable.has(ref.tag)) out.context.delete(ref);
  out.context.trailerInfo.Info = undefined;
  return Buffer.from(await out.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }));
}

function reachableFrom(context: PDFContext, root: PDFObject | undefined): Set<string> {
  const seen = new Set<string>();
  const stack: PDFObject[] = root ? [root] : [];
  while (stack.length > 0) {
    const obj = stack.pop();
    if (obj instanceof PDFRef) {
      if (seen.has(obj.tag)) continue;
      seen.add(obj.tag);
      const target = context.lookup(obj);
      if (target) stack.push(target);
    } else if (obj instanceof PDFDict) {
      for (const [, v] of obj.entries()) stack.push(v);
    } else if (obj instanceof PDFStream) {
      stack.push(obj.dict);
    } else if (obj instanceof PDFArray) {
      for (let i = 0; i < obj.size(); i++) stack.push(obj.get(i));
    }
  }
  return seen;
}

function syncsafe(b: Buffer, at: number): number {
  return ((b[at] ?? 0) << 21) | ((b[at + 1] ?? 0) << 14) | ((b[at + 2] ?? 0) << 7) | (b[at + 3] ?? 0);
}

/**
 * MP3 (and ADTS AAC) without tags: every ID3v2 block at the start (there may be several), the ID3v1 block
 * ("TAG", 128 bytes) and its extended form ("TAG+", 227 bytes), and an APEv2 tag ("APETAGEX") at the end. What
 * remains is the audio frames, which play as before.
 */
export function stripMp3Tags(bytes: Buffer): Buffer {
  let start = 0;
  while (bytes.length >= start + 10 && bytes.toString('latin1', start, start + 3) === 'ID3') {
    const flags = bytes[start + 5] ?? 0;
    const size = syncsafe(bytes, start + 6) + 10 + (flags & 0x10 ? 10 : 0);
    start += size;
  }
  let end = bytes.length;
  for (;;) {
    if (end - start >= 128 && bytes.toString('latin1', end - 128, end - 125) === 'TAG') {
      end -= 128;
      if (end - start >= 227 && bytes.toString('latin1', end - 227, end - 223) === 'TAG+') end -= 227;
      continue;
    }
    if (end - start >= 32 && bytes.toString('latin1', end - 32, end - 24) === 'APETAGEX') {
      const tagSize = bytes.readUInt32LE(end - 20);
      const hasHeader = ((bytes.readUInt32LE(end - 12) >>> 31) & 1) === 1;
      end -= tagSize + (hasHeader ? 32 : 0);
      continue;
    }
    break;
  }
  if (end <= start) throw new MetadataError('audio-unreadable');
  return bytes.subarray(start, end);
}

/** WAV with only its format and sound: every other RIFF chunk (LIST/INFO, bext, iXML, id3, cue...) is left out. */
export function stripWav(bytes: Buffer): Buffer {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') throw new MetadataError('audio-unreadable');
  const kept: Buffer[] = [];
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const next = at + 8 + size + (size % 2);
    if (id === 'fmt ' || id === 'data') kept.push(bytes.subarray(at, Math.min(next, bytes.length)));
    at = next;
  }
  if (kept.length < 2) throw new MetadataError('audio-unreadable');
  const body = Buffer.concat(kept);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WAVE', 8, 'latin1');
  return Buffer.concat([header, body]);
}
