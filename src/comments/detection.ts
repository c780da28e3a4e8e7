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
    String.raw`(?:شارع|نهج|عمارة|شقة|حي)\s*[\p{L}\p{N}]+`,
  ].join('|'),
  'iu',
);

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

export function detectFlags(...texts: string[]): FlagReason[] {
  const text = texts.join('\n').normalize('NFC');
  const lower = text.toLowerCase();
  const reasons = new Set<FlagReason>();
  if (EMAIL.test(text)) reasons.add('email');
  if (PHONE.test(text)) reasons.add('phone');
  if (ADDRESS.test(text)) reasons.add('address');
  if (REPORT_PHRASES.some((p) => lower.includes(p)) || NAME_AT_PLACE.test(text)) reasons.add('report');
  return [...reasons];
}
