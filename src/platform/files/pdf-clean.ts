import { PDFArray, type PDFContext, PDFDict, PDFDocument, PDFName, type PDFObject, PDFRef, PDFStream } from 'pdf-lib';
import { MetadataError } from './strip-metadata.js';

/*
 * PDF cleaning, apart from the audio cleaning in strip-metadata.ts: pdf-lib is loaded only where a PDF is cleaned
 * (the worker of pdf-isolated.ts), not in every process that imports the file module.
 */

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
