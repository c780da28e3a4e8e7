import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { summaryBlocks, summaryPdf } from './export-pdf.js';
import { facesFor, loadFaces, paragraph, wrap } from './pdf-script.js';

/** Issue 22: the case summary as a PDF in every language Abri speaks, Cyrillic and Arabic script among them. */

/** A summary page as ExportPage renders it: heading, label: value rows, a table, a note in its own direction. */
function page(o: { title: string; label: string; value: string; cells: [string, string]; note: string; dir: 'ltr' | 'rtl' }): string {
  return `<html dir="${o.dir}"><body><article class="case-summary"><h1>${o.title}</h1>
    <p class="case-actions"><a href="/x.pdf">PDF</a></p>
    <dl><div class="summary-row"><dt>${o.label}</dt><dd>${o.value}</dd></div>
    <div class="summary-row"><dt>Tel</dt><dd><span dir="ltr">+216 20 123 456</span></dd></div></dl>
    <table><tr><th>${o.cells[0]}</th><th>${o.cells[1]}</th></tr><tr><td>${o.cells[1]}</td><td>2026-12-03</td></tr></table>
    <ul class="notes"><li><p class="hint">2026-12-03</p><p dir="auto">${o.note}</p></li></ul></article></body></html>`;
}

const SUMMARIES = {
  ru: {
    dir: 'ltr',
    title: 'Сводка по делу TN-2026-0042',
    label: 'Дата открытия',
    value: '3 декабря 2026 г.',
    cells: ['Согласие', 'Передача данных'],
    note: 'Встреча в приюте, спокойна и готова говорить.',
    words: ['Сводка по делу TN-2026-0042', 'Дата открытия: 3 декабря 2026 г.', 'Встреча в приюте, спокойна и готова говорить.'],
  },
  ar: {
    dir: 'rtl',
    title: 'ملخص الملف TN-2026-0042',
    label: 'تاريخ الفتح',
    value: '3 ديسمبر 2026',
    cells: ['الموافقة', 'مشاركة البيانات'],
    note: 'التقيت بها في مركز الإيواء وكانت هادئة ومستعدة للحديث',
    words: ['ملخص الملف', 'TN-2026-0042', 'تاريخ الفتح', 'ديسمبر', '2026', 'التقيت بها في مركز الإيواء وكانت هادئة ومستعدة للحديث'],
  },
  fa: {
    dir: 'rtl',
    title: 'خلاصه پرونده TN-2026-0042',
    label: 'تاریخ گشایش',
    value: '۱۲ آذر ۱۴۰۵',
    cells: ['رضایت', 'اشتراک داده‌ها'],
    note: 'در پناهگاه دیدمش، آرام بود و آماده صحبت',
    words: ['خلاصه پرونده', 'TN-2026-0042', 'تاریخ گشایش', 'آذر', 'در پناهگاه دیدمش', 'آرام بود و آماده صحبت'],
  },
  ur: {
    dir: 'rtl',
    title: 'کیس کا خلاصہ TN-2026-0042',
    label: 'کھولنے کی تاریخ',
    value: '3 دسمبر 2026',
    cells: ['رضامندی', 'معلومات کا اشتراک'],
    note: 'یہ شخص پناہ گاہ میں ہے اور بات کرنے کے لیے تیار ہے',
    words: ['کیس کا خلاصہ', 'TN-2026-0042', 'کھولنے کی تاریخ', 'دسمبر', 'یہ شخص پناہ گاہ میں ہے اور بات کرنے کے لیے تیار ہے'],
  },
  fr: {
    dir: 'ltr',
    title: 'Résumé du dossier TN-2026-0042',
    label: 'Ouvert le',
    value: '3 décembre 2026',
    cells: ['Consentement', 'Partage'],
    note: 'Rencontrée au foyer, calme et prête à parler (« ça va »).',
    words: ['Résumé du dossier TN-2026-0042', 'Ouvert le: 3 décembre 2026', 'Rencontrée au foyer, calme et prête à parler (« ça va »).'],
  },
} as const;

/** The names of the fonts a PDF embeds (their subsets carry a tag: ABCDEF+NotoSans-Regular). */
async function embeddedFonts(bytes: Uint8Array): Promise<{ pages: number; fonts: string[] }> {
  const doc = await PDFDocument.load(bytes);
  const fonts = new Set<string>();
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    if (!obj.get(PDFName.of('FontFile2'))) continue;
    fonts.add(
      String(obj.get(PDFName.of('FontName')))
        .replace(/^\/(\w+\+)?/, '')
        .replace(/-\d+$/, ''),
    );
  }
  return { pages: doc.getPageCount(), fonts: [...fonts].sort() };
}

const POPPLER = spawnSync('pdftotext', ['-v']).error === undefined;

/** The PDF's text as poppler extracts it, without the directional marks it adds around right-to-left lines. */
function extract(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'abri-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), bytes);
    const out = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    return out.stdout.replace(/[\u200e\u200f\u202a-\u202e]/g, '').replace(/[ \t]+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the case summary as a PDF in every script (issue 22)', () => {
  for (const [lang, s] of Object.entries(SUMMARIES)) {
    it(`draws a summary in ${lang}: a valid PDF with its fonts embedded${lang === 'fr' ? ' (Latin still works)' : ''}`, async (t) => {
      const blocks = summaryBlocks(page({ ...s, cells: [...s.cells] }));
      assert.ok(!blocks.some((b) => b.text.includes('PDF')), 'no links in the PDF');
      const pdf = await summaryPdf(blocks, s.title, { dir: s.dir, lang });
      assert.ok(pdf, 'drawn, not refused');
      assert.equal(Buffer.from(pdf.subarray(0, 5)).toString(), '%PDF-');
      const { pages, fonts } = await embeddedFonts(pdf);
      assert.equal(pages, 1);
      const arabicScript = s.dir === 'rtl';
      assert.deepEqual(
        fonts,
        arabicScript ? ['NotoNaskhArabic-Bold', 'NotoNaskhArabic-Regular', 'NotoSans-Bold', 'NotoSans-Regular'] : ['NotoSans-Bold', 'NotoSans-Regular'],
      );
      assert.ok(pdf.length < (arabicScript ? 80_000 : 40_000), `subset fonts keep it small (${pdf.length} bytes)`);
      if (!POPPLER) return t.skip('pdftotext (poppler-utils) is not installed: text extraction not checked');
      const text = extract(pdf);
      // Words come back in logical order: the Arabic script was drawn right to left, the case number and dates left to right.
      for (const w of s.words) assert.ok(text.includes(w), `"${w}" in ${JSON.stringify(text)}`);
      assert.ok(text.includes('+216 20 123 456'), 'a phone number isolated left to right keeps its order');
    });
  }

  it('shapes Arabic: letters take their joined forms, lam-alef its required ligature', async () => {
    const kit = (await loadFaces())['arabic-regular'].kit;
    const isolated = (word: string) => [...word].map((c) => kit.glyphForCodePoint(c.codePointAt(0) ?? 0).id);
    for (const word of ['مرحبا', 'بيت', 'لا']) {
      const run = kit.layout(word);
      // Laid out left to right (the last letter first), every letter in a joined form, none in its isolated one.
      assert.deepEqual(
        run.glyphs.flatMap((g) => g.codePoints),
        [...word].reverse().map((c) => c.codePointAt(0)),
        word,
      );
      assert.ok(
        run.glyphs.every((g) => !isolated(word).includes(g.id)),
        word,
      );
    }
  });

  it('draws Persian digits in Farsi; Urdu keeps the font’s local forms', async () => {
    const faces = await loadFaces();
    const persian = facesFor(faces, 'fa')['arabic-regular'];
    const urdu = facesFor(faces, 'ur')['arabic-regular'];
    const six = persian.kit.glyphForCodePoint(0x6f6).id;
    assert.equal(persian.kit.layout('۶', persian.features).glyphs[0]?.id, six);
    assert.notEqual(urdu.kit.layout('۶', urdu.features).glyphs[0]?.id, six);
  });

  it('refuses a summary holding a character no font draws, rather than drop it', async () => {
    assert.ok(await summaryPdf([{ kind: 'p', text: 'in\u00advisible\u200b marks\u2060 draw nothing\ufe0f' }], 't'), 'invisible characters are not refused');
    for (const text of ['Note: 你好', 'ملاحظة 😀', 'שלום']) {
      assert.equal(await summaryPdf([{ kind: 'p', text }], 't'), undefined, text);
      const p = paragraph({ text, weight: 'regular', dir: 'ltr', faces: await loadFaces() });
      assert.ok('missing' in p);
    }
  });

  it('cuts a word longer than a line rather than run it off the page', async (t) => {
    const url = `https://example.org/${'abcdefghij'.repeat(30)}`;
    const faces = await loadFaces();
    const p = paragraph({ text: `See ${url} and الملف`, weight: 'regular', dir: 'ltr', faces });
    assert.ok(!('missing' in p));
    const lines = wrap(p, 495 / 10);
    assert.ok(lines.length >= 3, String(lines.length));
    assert.ok(lines.every((l) => l.width <= 495 / 10 + 1e-9));
    assert.equal(
      lines
        .map((l) => p.text.slice(l.start, l.end))
        .join('')
        .replaceAll(' ', ''),
      `See${url}andالملف`,
    );
    const pdf = await summaryPdf([{ kind: 'p', text: `See ${url}` }], 't');
    assert.ok(pdf);
    if (!POPPLER) return t.skip('pdftotext (poppler-utils) is not installed');
    assert.ok(extract(pdf).replace(/\s+/g, '').includes(url), 'every letter of the address is on the page');
  });

  it('puts a right-to-left paragraph against the right margin, a left-to-right one against the left', async () => {
    const ar = await summaryPdf([{ kind: 'p', text: 'مرحبا' }], 't', { dir: 'rtl', lang: 'ar' });
    const en = await summaryPdf([{ kind: 'p', text: 'Hello' }], 't', { dir: 'ltr', lang: 'en' });
    assert.ok(ar && en);
    const tm = async (bytes: Uint8Array) => {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      const contents = doc.getPage(0).node.Contents();
      const stream = contents instanceof PDFArray ? doc.context.lookup(contents.get(0)) : contents;
      assert.ok(stream instanceof PDFRawStream);
      const raw = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      return Number(/1 0 0 1 ([\d.]+) [\d.]+ Tm/.exec(raw)?.[1]);
    };
    assert.ok((await tm(ar)) > 400, 'Arabic starts near the right edge');
    assert.equal(await tm(en), 50);
  });
});
