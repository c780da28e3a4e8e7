import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

/**
 * Real files carrying what a reporter's phone or office software leaves in them, for the tests: an author, a
 * creation tool, GPS coordinates, and (for the PDF) an earlier revision kept by an incremental update.
 */
export const SECRETS = {
  author: 'Amina Diallo',
  tool: 'SecretScanner 3.1',
  gps: '36.80650',
  earlier: 'Draft naming the Sfax farm',
  tags: 'Fatou Recorder Tag',
};

/** A one-page PDF; with metadata: Info dictionary, XMP with GPS, and an incremental update over an earlier Info. */
export async function pdfWithMetadata(withMetadata = true): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([300, 200]);
  page.drawText('Visible page text', { x: 20, y: 100, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  if (!withMetadata) return Buffer.from(await doc.save({ useObjectStreams: false }));
  const info = doc.context.obj({ Author: PDFString.of(SECRETS.author), Creator: PDFString.of(SECRETS.tool), Producer: PDFString.of(SECRETS.tool), Title: PDFString.of(SECRETS.earlier) });
  const infoRef = doc.context.register(info);
  doc.context.trailerInfo.Info = infoRef;
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><dc:creator>${SECRETS.author}</dc:creator><xmp:CreatorTool>${SECRETS.tool}</xmp:CreatorTool><exif:GPSLatitude>${SECRETS.gps}</exif:GPSLatitude></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  const base = Buffer.from(await doc.save({ useObjectStreams: false }));
  // Incremental update: a new Info object replaces the earlier one, which stays in the file's bytes.
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(base.toString('latin1'))?.[1]);
  const num = infoRef.objectNumber;
  const size = doc.context.largestObjectNumber + 1;
  const rootRef = doc.context.trailerInfo.Root?.toString() ?? '1 0 R';
  const obj = `${num} 0 obj\n<< /Title (Updated title) /Author (${SECRETS.author} revised) >>\nendobj\n`;
  const objAt = base.length + 1;
  const xrefAt = objAt + obj.length;
  const update = `\n${obj}xref\n0 1\n0000000000 65535 f \n${num} 1\n${String(objAt).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${size} /Root ${rootRef} /Info ${num} 0 R /Prev ${startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([base, Buffer.from(update, 'latin1')]);
}

function syncsafe(n: number): Buffer {
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

function id3Frame(id: string, text: string): Buffer {
  const body = Buffer.concat([Buffer.from([3]), Buffer.from(text, 'utf8')]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(body.length);
  return Buffer.concat([Buffer.from(id, 'latin1'), size, Buffer.from([0, 0]), body]);
}

/** A few silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz) with ID3v2 (artist, encoder, GPS) and ID3v1 tags. */
export function mp3WithTags(): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  const frames = Buffer.concat(Array.from({ length: 8 }, () => frame));
  const frames2 = Buffer.concat([id3Frame('TPE1', SECRETS.author), id3Frame('TSSE', SECRETS.tool), id3Frame('TXXX', `GPS\u0000${SECRETS.gps}`), id3Frame('COMM', `eng\u0000${SECRETS.tags}`)]);
  const v2 = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0]), syncsafe(frames2.length), frames2]);
  const v1 = Buffer.alloc(128);
  v1.write('TAG', 0, 'latin1');
  v1.write(SECRETS.tags.slice(0, 30), 3, 'latin1');
  v1.write(SECRETS.author.slice(0, 30), 33, 'latin1');
  return Buffer.concat([v2, frames, v1]);
}

/** A short silent WAV with a LIST/INFO chunk naming the artist, the software and a GPS comment. */
export function wavWithInfo(): Buffer {
  const sub = (id: string, text: string) => {
    const t = Buffer.from(`${text}\u0000`, 'latin1');
    const pad = t.length % 2 ? Buffer.from([0]) : Buffer.alloc(0);
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(t.length, 4);
    return Buffer.concat([h, t, pad]);
  };
  const chunk = (id: string, body: Buffer) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, body, body.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
  };
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(8000, 4);
  fmt.writeUInt32LE(16000, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const info = Buffer.concat([Buffer.from('INFO', 'latin1'), sub('IART', SECRETS.author), sub('ISFT', SECRETS.tool), sub('ICMT', `GPS ${SECRETS.gps}`)]);
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), chunk('LIST', info), chunk('fmt ', fmt), chunk('data', Buffer.alloc(1600))]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}
