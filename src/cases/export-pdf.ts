/*
 * The case summary as a PDF, made from the same HTML the reader sees (one source: the PDF cannot hold more or less
 * than the printed page). pdf-lib is loaded only when a PDF is asked for. Its standard fonts cover the Latin
 * alphabets (WinAnsi): a summary holding text they cannot draw (Arabic script, for one) is refused with a message
 * pointing to the browser's "print to PDF", never drawn with missing letters.
 */

export interface PdfBlock {
  kind: 'h1' | 'h2' | 'h3' | 'p' | 'row' | 'head';
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

function text(html: string): string {
  return html
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
      if (cells.length) blocks.push({ kind: inner.includes('<th') ? 'head' : 'row', text: cells.join('  |  ') });
    } else {
      const kind = tag === 'caption' ? 'h3' : tag === 'li' ? 'p' : (tag as PdfBlock['kind']);
      const value = text(inner).replaceAll('\u0001', ' ');
      if (value) blocks.push({ kind, text: tag === 'li' ? `• ${value}` : value });
    }
  }
  return blocks;
}

/** Lays the blocks out on A4 pages; undefined when the standard font cannot draw some of the text. */
export async function summaryPdf(blocks: PdfBlock[], title: string): Promise<Uint8Array | undefined> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setProducer('Abri');
  doc.setCreator('Abri');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  try {
    for (const b of blocks) (b.kind === 'p' || b.kind === 'row' ? regular : bold).encodeText(b.text);
  } catch {
    return undefined;
  }
  const [width, height, margin] = [595.28, 841.89, 50];
  let page = doc.addPage([width, height]);
  let y = height - margin;
  const sizes: Record<PdfBlock['kind'], number> = { h1: 16, h2: 13, h3: 11, head: 9, row: 9, p: 10 };
  for (const b of blocks) {
    const size = sizes[b.kind];
    const font = b.kind === 'p' || b.kind === 'row' ? regular : bold;
    const gap = b.kind === 'h1' || b.kind === 'h2' ? size : size * 0.4;
    const lines: string[] = [];
    let line = '';
    for (const word of b.text.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > width - 2 * margin && line) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    y -= gap;
    for (const l of lines) {
      if (y < margin + size) {
        page = doc.addPage([width, height]);
        y = height - margin;
      }
      page.drawText(l, { x: margin, y: y - size, size, font });
      y -= size * 1.35;
    }
  }
  return doc.save();
}
