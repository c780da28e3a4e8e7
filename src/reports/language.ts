
/** franc answers in ISO 639-3; Abri stores ISO 639-1 where one exists (the languages franc-min knows). */
const TO_639_1: Record<string, string> = {
  eng: 'en', fra: 'fr', spa: 'es', arb: 'ar', por: 'pt', deu: 'de', ita: 'it', nld: 'nl', rus: 'ru', ukr: 'uk',
  pol: 'pl', ron: 'ro', tur: 'tr', cmn: 'zh', jpn: 'ja', kor: 'ko', vie: 'vi', tha: 'th', ind: 'id', zlm: 'ms',
  hin: 'hi', ben: 'bn', urd: 'ur', pes: 'fa', pbu: 'ps', tgl: 'tl', swh: 'sw', hau: 'ha', yor: 'yo', ibo: 'ig',
  amh: 'am', som: 'so', uzn: 'uz', kaz: 'kk', azj: 'az', ell: 'el', hun: 'hu', ces: 'cs', bul: 'bg', srp: 'sr',
  hrv: 'hr', bos: 'bs', slk: 'sk', swe: 'sv', dan: 'da', nob: 'no', fin: 'fi', tam: 'ta', tel: 'te', mar: 'mr',
  guj: 'gu', kan: 'kn', mal: 'ml', pan: 'pa', npi: 'ne', sin: 'si', mya: 'my', khm: 'km', zul: 'zu', xho: 'xh',
  kin: 'rw', run: 'rn', lin: 'ln', nya: 'ny', sna: 'sn', mad: 'mad', sun: 'su', jav: 'jv', ceb: 'ceb', ilo: 'ilo',
  bel: 'be', mag: 'mag', mai: 'mai', bho: 'bho', ori: 'or', ful: 'ff', aka: 'ak', ewe: 'ee', wol: 'wo', bam: 'bm',
  fuv: 'ff', tir: 'ti', heb: 'he', kat: 'ka', hye: 'hy',
};

/** The language of a text as ISO 639-1 (or 639-3 when there is no two-letter code), or null when undetermined. */
export async function detectLanguage(text: string): Promise<string | null> {
  // Loaded on the first report (about 9 MB of memory), not at start.
  const { franc } = await import('franc-min');
  const code = franc(text, { minLength: 10 });
  if (code === 'und') return null;
  const short = TO_639_1[code] ?? code;
  return /^[a-z]{2,3}$/.test(short) ? short : null;
}
