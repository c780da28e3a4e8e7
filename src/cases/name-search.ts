import { normaliseName } from '../platform/crypto/normalise.js';

/*
 * Partial, accent-insensitive and phonetic name search over sealed names, without decrypting a caseload.
 *
 * Each word of a person's names and aliases (accents removed, lower case) gives keyed blind-index tokens:
 * - its prefixes of 3 to 12 letters ("ami", "amin", "amina"), so "Ami" finds "Amina" and "Kone" finds "Koné";
 *   a word shorter than 3 letters gives itself;
 * - one phonetic key (namePhonetic), so "Mohamed", "Mouhammad" and "Muhammed" meet.
 * A search word must match one token of the case (its prefix, cut at 12, or its phonetic key); every word of the
 * search must match (AND). The privacy cost of the method is written down in docs/NAME-SEARCH.md.
 */

export const PREFIX_MIN = 3;
export const PREFIX_MAX = 12;

/** The words of a name, normalised as the exact-match blind index does (accents off, lower case, punctuation out). */
export function nameWords(value: string): string[] {
  const n = normaliseName(value);
  return n ? [...new Set(n.split(' '))] : [];
}

/** Arabic letters to a Latin consonant skeleton, so that a name written in Arabic script meets its transliteration. */
const ARABIC: Record<string, string> = {
  ا: 'a',
  أ: 'a',
  إ: 'i',
  آ: 'a',
  ب: 'b',
  ت: 't',
  ث: 't',
  ج: 'j',
  ح: 'h',
  خ: 'k',
  د: 'd',
  ذ: 'd',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'ch',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: 'a',
  غ: 'g',
  ف: 'f',
  ق: 'k',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'a',
  و: 'u',
  ي: 'i',
  ى: 'a',
  ء: '',
  ئ: 'i',
  ؤ: 'u',
};

/**
 * A phonetic key tuned for West African, Maghrebi and Arabic names written in French or English spelling: common
 * spellings of one sound are folded (ou/oo/u, ph/f, c/k/q, dj/j, sh/ch, kh, th, gh, y/i, z/s), doubled letters and
 * silent h collapsed, vowels dropped after the first letter. Two spellings that sound alike give the same key
 * more often than not; it proposes candidates that a person confirms.
 */
export function namePhonetic(word: string): string {
  let w = [...word].map((c) => ARABIC[c] ?? c).join('');
  w = w.replace(/[^a-z]/g, '');
  if (!w) return '';
  w = w
    .replace(/ph/g, 'f')
    .replace(/dj|dh|dz/g, 'j')
    .replace(/sch|sh|ch/g, 'x')
    .replace(/kh|gh/g, 'k')
    .replace(/th/g, 't')
    .replace(/ck|q|c(?=[aouklrt]|$)/g, 'k')
    .replace(/c/g, 's')
    .replace(/ou|oo|w/g, 'u')
    .replace(/y/g, 'i')
    .replace(/z/g, 's')
    .replace(/h/g, '')
    .replace(/(.)\1+/g, '$1');
  const first = w[0] ?? '';
  const rest = w
    .slice(1)
    .replace(/[aeiou]/g, '')
    .replace(/(.)\1+/g, '$1');
  // The first letter's vowels are folded too (a/e/i/o/u), so "Ousmane" and "Usman" start alike.
  const head = /[aeiou]/.test(first) ? 'v' : first;
  return `${head}${rest}`.replace(/(.)\1+/g, '$1').slice(0, 8);
}

/** The plain token inputs of a name's words (before keyed hashing): prefixes and the phonetic key. */
export function nameTokenInputs(names: string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    for (const w of nameWords(name)) {
      const chars = [...w];
      if (chars.length < PREFIX_MIN) out.add(`p:${w}`);
      for (let n = PREFIX_MIN; n <= Math.min(chars.length, PREFIX_MAX); n++) out.add(`p:${chars.slice(0, n).join('')}`);
      const ph = namePhonetic(w);
      if (ph.length >= 2) out.add(`f:${ph}`);
    }
  }
  return [...out];
}

/**
 * What each search word may match: its prefix (cut at PREFIX_MAX) and its phonetic key. Null when the search
 * cannot be answered (nothing left after normalising); a word of 1 or 2 letters matches only a word of that length.
 */
export function nameQueryInputs(query: string): string[][] | null {
  const words = nameWords(query);
  if (words.length === 0) return null;
  return words.slice(0, 5).map((w) => {
    const chars = [...w];
    const alts = [`p:${chars.slice(0, PREFIX_MAX).join('')}`];
    const ph = namePhonetic(w);
    if (ph.length >= 2 && chars.length >= 4) alts.push(`f:${ph}`);
    return alts;
  });
}
