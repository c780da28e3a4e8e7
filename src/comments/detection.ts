/**
 * Finds what must never be published in a public comment: contact details, addresses, and words that describe a
 * real situation happening to someone. Errs on the side of holding: a held comment costs a moderator a minute,
 * a published one could put a person in danger.
 */
export type FlagReason = 'phone' | 'email' | 'address' | 'report';

const EMAIL = /[\p{L}\p{N}._%+-]+\s*(?:@|\(at\)|\[at\])\s*[\p{L}\p{N}-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\p{L}\p{N}-]+)+/iu;
/** Seven or more digits, allowing the spaces, dots, dashes and brackets people write phone numbers with. */
const PHONE = /(?:\+|00)?[\d٠-٩۰-۹](?:[\s().-]{0,3}[\d٠-٩۰-۹]){6,}/u;
const ADDRESS = new RegExp(
  [
    String.raw`\b\d{1,5}\s*,?\s*(?:rue|avenue|av\.|boulevard|bd|impasse|chemin|route|place|allée|street|st\.|road|rd\.|lane|drive|calle|avenida|carrera|plaza|camino)\b`,
    String.raw`\b(?:rue|avenue|boulevard|impasse|street|road|calle|avenida|carrera)\s+[\p{L}'-]+(?:\s+[\p{L}'-]+)?\s*,?\s*(?:n[°º o]\.?\s*)?\d{1,5}\b`,
    String.raw`\b\d{1,5}\s+[\p{L}'-]+(?:\s+[\p{L}'-]+)?\s+(?:street|st\.|road|rd\.|avenue|lane|drive|boulevard)\b`,
    String.raw`\b(?:apartment|apt\.?|appartement|flat|building|bâtiment|immeuble|piso|edificio|apartamento)\s*\d+`,
    String.raw`(?<!\p{L})(?:شارع|نهج|عمارة|شقة|حي)\s+[\p{L}\p{N}]+`,
  ].join('|'),
  'iu',
);

import { readFileSync } from 'node:fs';

/** The vocabulary of situations, as data (situation-words.json): reviewed and extended without code. */
const WORDS = JSON.parse(readFileSync(new URL('./situation-words.json', import.meta.url), 'utf8')) as { indicators: Record<string, string[]>; pleas: string[]; telling: string[]; closePersons: string[] };

/** Phrases that say something is happening to a real person now; lower-case, accents kept. */
const REPORT_PHRASES = [
  // en
  'took my passport', 'took her passport', 'took his passport', 'has my passport', 'keeps my passport', 'locked in', 'locked up', 'not allowed to leave', "can't leave", 'cannot leave', 'help me', 'please help', 'they beat', 'he beats', 'forced to work', 'forced me', 'forced her', 'is being held', 'being held', 'my sister', 'my brother', 'my daughter', 'my son', 'my cousin', 'my friend is', 'my neighbour', 'my neighbor', 'i am trapped', "i'm trapped", 'they threaten', 'owe them', 'not paid',
  // fr
  'pris mon passeport', 'pris son passeport', 'garde mon passeport', 'enfermée', 'enfermé', 'pas le droit de sortir', 'ne peux pas partir', 'ne peut pas partir', 'aidez-moi', 'aidez moi', 'au secours', 'me frappe', 'la frappe', 'obligée de travailler', 'obligé de travailler', 'forcée', 'ma sœur', 'ma soeur', 'mon frère', 'ma fille', 'mon fils', 'ma cousine', 'mon cousin', 'ma voisine', 'mon voisin', 'ils menacent', 'je suis piégée', 'pas payée',
  // es
  'quitaron el pasaporte', 'quitaron mi pasaporte', 'tiene mi pasaporte', 'encerrada', 'encerrado', 'no me dejan salir', 'no la dejan salir', 'no puedo irme', 'ayúdenme', 'ayudenme', 'ayúdame', 'socorro', 'me pegan', 'obligada a trabajar', 'obligado a trabajar', 'me obligan', 'mi hermana', 'mi hermano', 'mi hija', 'mi hijo', 'mi prima', 'mi primo', 'mi vecina', 'mi vecino', 'amenazan', 'no me pagan',
  // ar
  'أخذوا جواز', 'أخذ جواز', 'جواز سفري', 'محبوسة', 'محبوس', 'لا يسمحون', 'ساعدوني', 'ساعدني', 'أنقذوني', 'يضربني', 'يضربونني', 'يجبرونني', 'أختي', 'أخي', 'ابنتي', 'ابني', 'جارتي', 'جاري', 'يهددون', 'لا يدفعون',
];

/** Names with places: "Fatou in Sfax", "Marie à Lyon", "Ana en Bogotá". */
const NAME_AT_PLACE = /\b\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?\s+(?:in|at|à|au|en|de|from|living in|who lives in|qui vit à|que vive en)\s+\p{Lu}\p{Ll}+/u;

/** Lower case, no accents, Arabic script without vowel marks and with one alef, ya, kaf, ha and taa marbuta; words split by spaces. */
export function foldText(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    // Farsi and Urdu letters, and Arabic ones typed on the other keyboard, read as one: ی ے → ي, ک → ك, ہ ۀ ھ → ه.
    .replace(/[یے]/g, 'ي')
    .replace(/ک/g, 'ك')
    .replace(/[ہۀھ]/g, 'ه')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .replace(/'/g, "' ")
    .replace(/\s+/g, ' ')
    .trim()} `;
}

const ARABIC = /[\u0600-\u06ff]/;
/** A stem at the start of a word; an Arabic one may follow the clitics written onto it (و ف ب ل ك ال). */
function stemPattern(stems: readonly string[]): RegExp {
  const fold = (x: string) => foldText(x).trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const latin = stems.filter((x) => !ARABIC.test(x)).map(fold);
  const arabic = stems.filter((x) => ARABIC.test(x)).map(fold);
  const parts: string[] = [];
  if (latin.length) parts.push(`(?:^|\\s)(?:${latin.join('|')})`);
  if (arabic.length) parts.push(`(?:^|\\s)(?:[وفبلك]|ال|وال|بال|فال|لل)?(?:${arabic.join('|')})`);
  return new RegExp(parts.join('|'), 'u');
}

const INDICATORS = Object.entries(WORDS.indicators).map(([dimension, stems]) => ({ dimension, pattern: stemPattern(stems) }));
const PLEA = stemPattern(WORDS.pleas);
const CLOSE = stemPattern(WORDS.closePersons);
const TELLING = new Set(WORDS.telling.map((w) => foldText(w).trim()));
/** Arabic first person written onto a word: "-ني" (me), "-نا" (us, our), "-ي" (my); broad on purpose. */
const ARABIC_FIRST_PERSON = /[\u0600-\u06ff]{2,}(?:ني|نا)(?=\s)|[\u0600-\u06ff]{3,}ي(?=\s)/u;
/** A child's age: "14 year old", "de 12 ans", "de diez años", "عمرها 12", "عشر سنوات". */
const AGE = /(?:^|\s)(?:\d{1,2}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|dix|onze|douze|treize|quatorze|quinze|seize|diez|once|doce|trece|catorce|quince|dieciseis|diecisiete|عشر|[\u0660-\u0669]{1,2})\s?(?:years?|yr|ans|anos|سنه|سنوات|عاما)(?=\s)|(?:^|\s)(?:عمره|عمرها|boy of|girl of|garcon de|fille de|nino de|nina de)\s(?:\d{1,2}|ten|eleven|twelve|dix|douze|diez|doce|عشر)(?=\s)/u;

/** The indicator dimensions a text speaks of, and whether someone tells it (first person, a person close to them). */
export function situationSigns(text: string): { dimensions: string[]; telling: boolean; plea: boolean } {
  const folded = foldText(text);
  const dimensions = INDICATORS.filter((i) => i.pattern.test(folded)).map((i) => i.dimension);
  if (!dimensions.includes('minors') && AGE.test(folded)) dimensions.push('minors');
  const words = folded.trim().split(' ');
  const telling = words.some((w) => TELLING.has(w) || TELLING.has(w.replace(/'$/, ''))) || CLOSE.test(folded) || ARABIC_FIRST_PERSON.test(folded);
  return { dimensions, telling, plea: PLEA.test(folded) };
}

/**
 * A comment that reads like a report: a plea for help; or an indicator of exploitation (documents kept, locked in,
 * unpaid, a debt, threats, violence, a child...) told by someone in the first person or about someone close; or
 * two dimensions at once. Held for review when in doubt: a moderator spends a minute, triage sees the rest.
 */
export function readsLikeReport(text: string): boolean {
  const s = situationSigns(text);
  return s.plea || (s.dimensions.length >= 1 && s.telling) || s.dimensions.length >= 2;
}

export function detectFlags(...texts: string[]): FlagReason[] {
  const text = texts.join('\n').normalize('NFC');
  const lower = text.toLowerCase();
  const reasons = new Set<FlagReason>();
  if (EMAIL.test(text)) reasons.add('email');
  if (PHONE.test(text)) reasons.add('phone');
  if (ADDRESS.test(text)) reasons.add('address');
  if (REPORT_PHRASES.some((p) => lower.includes(p)) || NAME_AT_PLACE.test(text) || readsLikeReport(text)) reasons.add('report');
  return [...reasons];
}
