/*
 * Writing of every language Abri speaks, for the PDF summary. Each character gets a face (Noto Sans: Latin, Cyrillic,
 * Greek; Noto Naskh Arabic: Arabic script, for Arabic, Farsi and Urdu); each line is put in visual order by the Unicode
 * bidirectional algorithm (bidi-js), cut into runs of one face and one direction, and each run shaped by fontkit
 * (Arabic joining forms, lam-alef, marks, kerning), its glyphs drawn where the layout puts them.
 * The fonts are files of the repository (fonts/, SIL Open Font License), never the system's.
 */
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import bidiFactory, { type EmbeddingLevels } from 'bidi-js';
import { beginText, endText, type PDFFont, type PDFName, type PDFPage, setFontAndSize, setTextMatrix, showText } from 'pdf-lib';
import { PDFHexString } from 'pdf-lib';

type Kit = ReturnType<typeof fontkit.create>;
export type Weight = 'regular' | 'bold';

const FILES = {
  'latin-regular': 'NotoSans-Regular.ttf',
  'latin-bold': 'NotoSans-Bold.ttf',
  'arabic-regular': 'NotoNaskhArabic-Regular.ttf',
  'arabic-bold': 'NotoNaskhArabic-Bold.ttf',
} as const;
export type FaceKey = keyof typeof FILES;
export interface Face {
  key: FaceKey;
  kit: Kit;
  bytes: Uint8Array;
  /** OpenType features other than fontkit's defaults (the same for measuring, drawing and pdf-lib's encoding). */
  features?: typeof NO_LOCAL_FORMS;
}
export type Faces = Record<FaceKey, Face>;

const bidi = bidiFactory();
const ARABIC = /\p{Script=Arabic}/u;
/** Digits, spaces, punctuation and combining marks: drawn by the face of the text around them. */
const SHARED = /[\p{Script=Common}\p{Script=Inherited}]/u;
/** What fontkit reads a run's direction from: its first character of a script of its own. */
const OWN_SCRIPT = /[^\p{Script=Common}\p{Script=Inherited}]/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
/** Directional marks and isolates steer the order and draw nothing; so do invisible joiners, soft hyphens and selectors. */
const CONTROL = /[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]|\p{Variation_Selector}/u;

/**
 * Laid out by fontkit, Noto Naskh draws ۴ and ۶ in their local (Urdu) forms whatever language is asked for; Farsi
 * turns local forms off and gets the Persian ones.
 */
const NO_LOCAL_FORMS = { locl: false };

/** The faces for a language: Farsi draws Arabic script without the Urdu local forms. */
export function facesFor(faces: Faces, lang: string): Faces {
  if (lang !== 'fa') return faces;
  return {
    ...faces,
    'arabic-regular': { ...faces['arabic-regular'], features: NO_LOCAL_FORMS },
    'arabic-bold': { ...faces['arabic-bold'], features: NO_LOCAL_FORMS },
  };
}

let loading: Promise<Faces> | undefined;

/** The four faces, read once per process from the repository. */
export function loadFaces(): Promise<Faces> {
  loading ??= Promise.all(
    Object.entries(FILES).map(async ([key, file]) => {
      const bytes = new Uint8Array(await readFile(new URL(`./fonts/${file}`, import.meta.url)));
      return { key: key as FaceKey, bytes, kit: remembering(fontkit.create(bytes)) };
    }),
  )
    .then((list) => Object.fromEntries(list.map((f) => [f.key, f])) as Faces)
    .catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
  return loading;
}

/**
 * Shaping is the costly part, and summaries say the same words again and again: the face keeps its recent layouts
 * (without extra features: the only ones Abri asks for), and every PDF shares the parsed face (fontkitOf).
 * fontkit keeps one glyph object per id with the characters it was first asked for; the subsetter asks for the parts
 * of composite glyphs with none, so a glyph met that way first takes its characters from the next layout, else the
 * PDF's text layer would lose the letter (copying, searching and screen readers read it).
 */
function remembering(kit: Kit): Kit {
  const layout = kit.layout.bind(kit);
  const getGlyph = kit.getGlyph.bind(kit);
  kit.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (codePoints?.length && !glyph.codePoints.length) glyph.codePoints = codePoints;
    return glyph;
  };
  let recent = new Map<string, ReturnType<Kit['layout']>>();
  kit.layout = (text, features) => {
    if (features !== undefined && features !== NO_LOCAL_FORMS) return layout(text, features);
    const key = features ? `\u0000${text}` : text;
    let run = recent.get(key);
    if (!run) {
      if (recent.size >= 4000) recent = new Map();
      run = layout(text, features);
      recent.set(key, run);
    }
    return run;
  };
  return kit;
}

/** fontkit for pdf-lib, handing back the faces already parsed: the PDF's glyphs are those this module laid out. */
export function fontkitOf(faces: Faces): { create(bytes: Uint8Array, name?: string): Kit } {
  const parsed = new Map(Object.values(faces).map((f) => [f.bytes, f.kit]));
  return { create: (bytes, name) => parsed.get(bytes) ?? fontkit.create(bytes, name) };
}

export interface Paragraph {
  text: string;
  /** The face of each UTF-16 unit; null for a control that draws nothing. */
  face: Array<Face | null>;
  levels: EmbeddingLevels;
  rtl: boolean;
}

/** A paragraph ready to lay out, or the first character no face can draw. */
export function paragraph({ text, weight, dir, faces }: { text: string; weight: Weight; dir: 'ltr' | 'rtl'; faces: Faces }): Paragraph | { missing: string } {
  const latin = faces[`latin-${weight}`];
  const arabic = faces[`arabic-${weight}`];
  const order = dir === 'rtl' ? [arabic, latin] : [latin, arabic];
  const face: Array<Face | null> = [];
  let prev: Face | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    let f: Face | null | undefined;
    if (CONTROL.test(ch)) f = null;
    else if (ARABIC.test(ch)) f = arabic;
    else if (SHARED.test(ch)) f = [prev, ...order].find((c) => c?.kit.hasGlyphForCodePoint(cp));
    else f = latin;
    if (f === undefined || (f && !f.kit.hasGlyphForCodePoint(cp))) return { missing: ch };
    for (let u = 0; u < ch.length; u++) face.push(f);
    if (f) prev = f;
  }
  return { text, face, levels: bidi.getEmbeddingLevels(text, dir), rtl: dir === 'rtl' };
}

/** Advance of a string in one face, in ems, as fontkit shapes it. */
function advance(face: Face, s: string): number {
  let units = 0;
  for (const p of face.kit.layout(s, face.features).positions) units += p.xAdvance;
  return units / face.kit.unitsPerEm;
}

/** Width in ems of text[start, end), shaped run by run of one face. */
function widthOf(p: Paragraph, start: number, end: number): number {
  let width = 0;
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && p.face[i] === p.face[from]) continue;
    const f = p.face[from];
    if (f && i > from) width += advance(f, p.text.slice(from, i));
    from = i;
  }
  return width;
}

export interface Line {
  start: number;
  end: number;
  /** In ems: multiply by the size. */
  width: number;
}

/** A word wider than a line (an address, a long reference) is cut where it fills the line, never inside a character. */
function cutWord(p: Paragraph, start: number, end: number, maxEm: number): Line[] {
  const parts: Line[] = [];
  let from = start;
  let last = start;
  for (let i = start + 1; i <= end; i++) {
    if (i < end && !CUT_BEFORE.test(p.text.slice(i, i + 2))) continue;
    if (widthOf(p, from, i) > maxEm && last > from) {
      parts.push({ start: from, end: last, width: widthOf(p, from, last) });
      from = last;
    }
    last = i;
  }
  parts.push({ start: from, end, width: widthOf(p, from, end) });
  return parts;
}
/** Where a long word may be cut: before a character that is neither a mark nor the second half of a surrogate pair. */
const CUT_BEFORE = /^[^\p{M}\udc00-\udfff\u200c\u200d]/u;

/** Cuts a paragraph into lines of at most maxEm, between words. */
export function wrap(p: Paragraph, maxEm: number): Line[] {
  const lines: Line[] = [];
  let line: Line | undefined;
  for (const m of p.text.matchAll(/[^ ]+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    const word = widthOf(p, start, end);
    if (line) {
      const gap = widthOf(p, line.end, start);
      if (line.width + gap + word <= maxEm) {
        line.end = end;
        line.width += gap + word;
        continue;
      }
      lines.push(line);
    }
    const parts = word > maxEm ? cutWord(p, start, end, maxEm) : [{ start, end, width: word }];
    line = parts.pop();
    lines.push(...parts);
  }
  if (line) lines.push(line);
  return lines;
}

/** Whether the paragraph holds Arabic script (its lines need more room: Naskh's marks and descenders are tall). */
export function hasArabic(p: Paragraph): boolean {
  return ARABIC.test(p.text);
}

interface Run {
  face: Face;
  rtl: boolean;
  from: number;
  to: number;
}

/** The runs of one line, left to right: one face, one direction, contiguous in the text. */
function visualRuns(p: Paragraph, line: Line): Run[] {
  const runs: Run[] = [];
  // bidi-js gives the whole string's indices, the line's part reordered.
  for (const i of bidi.getReorderedIndices(p.text, p.levels, line.start, line.end - 1).slice(line.start, line.end)) {
    const face = p.face[i];
    if (!face) continue;
    const rtl = ((p.levels.levels[i] ?? 0) & 1) === 1;
    const last = runs.at(-1);
    if (last && last.face === face && last.rtl === rtl && (rtl ? i === last.from - 1 : i === last.to + 1)) {
      if (rtl) last.from = i;
      else last.to = i;
    } else runs.push({ face, rtl, from: i, to: i });
  }
  return runs;
}

/**
 * The string to give fontkit for a run so that its glyphs come out left to right: fontkit reverses a run whose own
 * script is right to left, so a run whose direction differs from its script's (Persian digits, punctuation alone
 * between Arabic words) is reversed first. Right-to-left runs take mirrored brackets.
 */
function shapingText(p: Paragraph, run: Run): string {
  const chars = [...p.text.slice(run.from, run.to + 1)].map((c) => (run.rtl ? (bidi.getMirroredCharacter(c) ?? c) : c));
  const own = chars.join('').match(OWN_SCRIPT)?.[0];
  const fontkitRtl = own !== undefined && RTL_SCRIPT.test(own);
  return (fontkitRtl === run.rtl ? chars : chars.reverse()).join('');
}

const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

function fontKey(page: PDFPage, font: PDFFont): PDFName {
  const keys = fontKeys.get(page) ?? new Map<PDFFont, PDFName>();
  fontKeys.set(page, keys);
  const key = keys.get(font) ?? page.node.newFontDictionary(font.name, font.ref);
  keys.set(font, key);
  return key;
}

/**
 * Draws one line with its left edge at x (its right edge at x + width for a right-to-left paragraph, aligned by the
 * caller): every glyph where fontkit's layout puts it, as few text strings as positions allow.
 */
export function drawLine(
  page: PDFPage,
  { pdfFont, p, line, at }: { pdfFont: (f: Face) => PDFFont; p: Paragraph; line: Line; at: { x: number; y: number; size: number } },
): void {
  const ops = [beginText()];
  let x = at.x;
  let group: { font: PDFFont; hex: string; y: number; next: number } | undefined;
  const flush = () => {
    if (group) ops.push(showText(PDFHexString.of(group.hex)));
  };
  let current: PDFFont | undefined;
  for (const run of visualRuns(p, line)) {
    const text = shapingText(p, run);
    const font = pdfFont(run.face);
    const hex = font.encodeText(text).asString();
    const { glyphs, positions } = run.face.kit.layout(text, run.face.features);
    // pdf-lib encodes the run from the same layout (remembered): the glyphs are these, one for one.
    if (hex.length !== glyphs.length * 4) throw new Error(`PDF text: ${glyphs.length} glyphs laid out, ${hex.length / 4} encoded`);
    const k = at.size / run.face.kit.unitsPerEm;
    glyphs.forEach((g, n) => {
      const pos = positions[n];
      if (!pos) return;
      const gx = x + pos.xOffset * k;
      const gy = at.y + pos.yOffset * k;
      const id = hex.slice(n * 4, n * 4 + 4);
      if (group && group.font === font && Math.abs(group.next - gx) < 0.01 && group.y === gy) group.hex += id;
      else {
        flush();
        if (current !== font) ops.push(setFontAndSize(fontKey(page, font), at.size));
        current = font;
        ops.push(setTextMatrix(1, 0, 0, 1, gx, gy));
        group = { font, hex: id, y: gy, next: gx };
      }
      group.next = gx + g.advanceWidth * k;
      x += pos.xAdvance * k;
    });
  }
  flush();
  ops.push(endText());
  page.pushOperators(...ops);
}
