/*
 * The case summary as a PDF, made from the same HTML the reader sees (one source: the PDF cannot hold more or less
 * than the printed page). pdf-lib and the fonts are loaded only when a PDF is asked for. The fonts (pdf-script.ts)
 * draw Latin, Cyrillic, Greek and Arabic script, shaped and in bidirectional order, so every language of Abri prints;
 * a summary holding a character none of them has (Chinese, an emoji) is refused with a message pointing to the
 * browser's "print to PDF", never drawn with missing letters.
 */

import type { PDFFont } from 'pdf-lib';
import type { Face, Paragraph } from './pdf-script.js';

export interface PdfBlock {
  kind: 'h1' | 'h2' | 'h3' | 'p' | 'row' | 'head';
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
/** An element with its own direction (a phone number, a case number, a note) is a bidi isolate, as in the browser. */
const ISOLATE: Record<string, string> = { ltr: '\u2066', rtl: '\u2067', auto: '\u2068' };

function text(html: string): string {
  return html
    .replace(/<(span|a|bdi|p)\b[^>]*\bdir="(ltr|rtl|auto)"[^>]*>([\s\S]*?)<\/\1>/g, (_, _tag, dir: string, inner: string) => `${ISOLATE[dir]}${inner}\u2069`)
    .replace(/<\/p>/g, ' ')
    .replace(/<(td|th)\b[^>]*>/g, '\u0001')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The blocks of the summary's article, in reading order: headings, paragraphs, list items, table rows, label: value. */
export function summaryBlocks(html: string): PdfBlock[] {
  const start = html.indexOf('<article');
  const end = html.lastIndexOf('</article>');
  const article = (start >= 0 && end > start ? html.slice(start, end) : html).replace(/<p class="case-actions[^"]*">[\s\S]*?<\/p>/g, '');
  const blocks: PdfBlock[] = [];
  const re = /<(h1|h2|h3|caption|tr|li|p)\b[^>]*>([\s\S]*?)<\/\1>|<div class="summary-row"><dt>([\s\S]*?)<\/dt><dd>([\s\S]*?)<\/dd><\/div>/g;
  for (const m of article.matchAll(re)) {
    if (m[3] !== undefined) {
      blocks.push({ kind: 'p', text: `${text(m[3])}: ${text(m[4] ?? '')}` });
      continue;
    }
    const tag = m[1] as string;
    const inner = m[2] ?? '';
    if (tag === 'tr') {
      const cells = text(inner)
        .split('\u0001')
        .map((c) => c.trim())
        .filter(Boolean);
      // Each cell keeps its own direction, as in the page's table (a name beside a date does not run into it).
      if (cells.length) blocks.push({ kind: inner.includes('<th') ? 'head' : 'row', text: cells.map((c) => `\u2068${c}\u2069`).join('  |  ') });
    } else {
      const kind = tag === 'caption' ? 'h3' : tag === 'li' ? 'p' : (tag as PdfBlock['kind']);
      const value = text(inner).replaceAll('\u0001', ' ');
      if (value) blocks.push({ kind, text: tag === 'li' ? `• ${value}` : value });
    }
  }
  return blocks;
}

/** Lays the blocks out on A4 pages, right-aligned in a right-to-left language; undefined when no font can draw some of the text. */
export async function summaryPdf(
  blocks: PdfBlock[],
  title: string,
  { dir, lang }: { dir: 'ltr' | 'rtl'; lang: string } = { dir: 'ltr', lang: 'en' },
): Promise<Uint8Array | undefined> {
  const script = await import('./pdf-script.js');
  const faces = script.facesFor(await script.loadFaces(), lang);
  const paragraphs: Array<{ kind: PdfBlock['kind']; p: Paragraph }> = [];
  for (const b of blocks) {
    const p = script.paragraph({ text: b.text, weight: b.kind === 'p' || b.kind === 'row' ? 'regular' : 'bold', dir, faces });
    if ('missing' in p) return undefined;
    paragraphs.push({ kind: b.kind, p });
  }
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setProducer('Abri');
  doc.setCreator('Abri');
  doc.setLanguage(lang);
  doc.registerFontkit(script.fontkitOf(faces) as unknown as Parameters<typeof doc.registerFontkit>[0]);
  // Only the faces the text uses are embedded, each cut down to the glyphs drawn.
  const fonts = new Map<Face, PDFFont>();
  for (const { p } of paragraphs)
    for (const f of p.face) if (f && !fonts.has(f)) fonts.set(f, await doc.embedFont(f.bytes, { subset: true, features: f.features }));
  const pdfFont = (f: Face) => fonts.get(f) as PDFFont;
  const [width, height, margin] = [595.28, 841.89, 50];
  let page = doc.addPage([width, height]);
  let y = height - margin;
  const sizes: Record<PdfBlock['kind'], number> = { h1: 16, h2: 13, h3: 11, head: 9, row: 9, p: 10 };
  for (const { kind, p } of paragraphs) {
    const size = sizes[kind];
    const leading = size * (script.hasArabic(p) ? 1.75 : 1.35);
    y -= kind === 'h1' || kind === 'h2' ? size : size * 0.4;
    for (const line of script.wrap(p, (width - 2 * margin) / size)) {
      if (y < margin + leading) {
        page = doc.addPage([width, height]);
        y = height - margin;
      }
      const x = p.rtl ? width - margin - line.width * size : margin;
      script.drawLine(page, { pdfFont, p, line, at: { x, y: y - size, size } });
      y -= leading;
    }
  }
  return doc.save();
}
