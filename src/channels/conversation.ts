import { LOCALES, type Locale, languageOwnName } from '../platform/i18n/i18n.js';

/*
 * The guided conversation by SMS or WhatsApp, as a pure state machine: a step, the answers so far and one message
 * in; the next step, the answers and what to answer out. Six short questions, the safety question first; the
 * sender's language is detected from their first message or chosen with a number. Stored between messages in
 * channel_conversations (sealed), so any server process can take the next message.
 */

/** Every configured language, in the order the menu numbers them. */
export const CONVERSATION_LOCALES: readonly Locale[] = LOCALES;
export type ConversationLocale = Locale;
export type Step = 'language' | 'danger' | 'children' | 'what' | 'where' | 'contact';
type Tri = 'yes' | 'no' | 'unknown';

export interface Answers {
  /** What the sender wrote before the first question, kept as the start of their description. */
  opening?: string;
  dangerNow?: Tri;
  children?: Tri;
  description?: string;
  place?: string | null;
  contactOk?: 'yes' | 'no';
}

/** A message key of channels.conversation, with its values. */
export interface Say {
  key: string;
  values?: Record<string, string>;
}

export type Outcome =
  | { kind: 'ask'; step: Step; locale: ConversationLocale | null; answers: Answers; say: Say[] }
  | { kind: 'submit'; locale: ConversationLocale; answers: Required<Pick<Answers, 'dangerNow' | 'children' | 'description' | 'contactOk'>> & Answers };

/**
 * Words that end the conversation, by language: Twilio's and carriers' usual ones (understood in every language) and
 * their equivalents in Abri's languages. A word of several languages (توقف in Arabic and Farsi) answers in the
 * conversation's language when it is one of them, else in the first.
 */
const STOP_WORDS_BY_LANGUAGE: Record<string, readonly string[]> = {
  '*': ['stop', 'stopall'],
  en: ['unsubscribe', 'end', 'quit'],
  fr: ['arret', 'arrêt', 'arreter', 'arrêter'],
  es: ['alto', 'parar'],
  ar: ['توقف', 'قف', 'الغاء', 'إلغاء'],
  pt: ['parar', 'cancelar', 'basta', 'chega', 'descadastrar'],
  ru: ['стоп', 'отписаться', 'отписка', 'хватит', 'прекратить', 'остановить'],
  uk: ['стоп', 'відписатися', 'відписатись', 'відписка', 'досить', 'припинити', 'зупинити'],
  sw: ['acha', 'acheni', 'sitisha', 'simamisha', 'inatosha', 'usinitumie', 'ondoa', 'jiondoe', 'futa'],
  fa: ['توقف', 'لغو', 'بس', 'نفرستید', 'استاپ', 'قطع'],
  ur: ['بند', 'روکیں', 'رکیں', 'اسٹاپ', 'سٹاپ', 'ختم', 'band'],
};

/** Each stop word with the languages it belongs to (empty: every language). */
const STOP_WORDS = new Map<string, ConversationLocale[]>();
for (const [language, words] of Object.entries(STOP_WORDS_BY_LANGUAGE)) {
  for (const w of words) {
    const list = STOP_WORDS.get(w) ?? [];
    if (language !== '*') list.push(language);
    STOP_WORDS.set(w, list);
  }
}

/**
 * Undefined unless the message is a stop word; otherwise the language to answer in: the conversation's when the word
 * is one of its language's, else the word's first language, else (a word of every language, e.g. STOP) null.
 */
export function stopWord(text: string, conversationLocale: ConversationLocale | null = null): { locale: ConversationLocale | null } | undefined {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[.!?¡¿،؛\s]+$/u, '')
    .replace(/^[.!?¡¿\s]+/u, '');
  const languages = STOP_WORDS.get(word);
  if (!languages) return undefined;
  if (conversationLocale && languages.includes(conversationLocale)) return { locale: conversationLocale };
  return { locale: languages[0] ?? null };
}

/** Arabic-Indic and Persian digits read as ASCII digits; the answer's first character when it is a digit. */
function digit(text: string): string | undefined {
  const ascii = text
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  const m = /^(\d)(?:\D|$)/.exec(ascii);
  return m?.[1];
}

const YES = /^(oui|yes|y|si|sí|sim|نعم|ايوه|أيوه|да|так|ndiyo|ndio|بله|آره|ہاں|جی|haan|han)$/iu;
const NO = /^(non|no|n|não|nao|нет|ні|hapana|لا|نه|خیر|نہیں|nahi|nahin)$/iu;

function tri(text: string): Tri | undefined {
  const d = digit(text);
  if (d === '1') return 'yes';
  if (d === '2') return 'no';
  if (d === '3') return 'unknown';
  const w = text.trim();
  if (YES.test(w)) return 'yes';
  if (NO.test(w)) return 'no';
  return undefined;
}

function yesNo(text: string): 'yes' | 'no' | undefined {
  const v = tri(text);
  return v === 'unknown' ? undefined : v;
}

/** A whole answer that is a number of one or two digits (ASCII, Arabic-Indic or Persian). */
function menuNumber(text: string): number | undefined {
  const ascii = text
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  const m = /^(\d{1,2})[.)]?$/.exec(ascii);
  return m ? Number(m[1]) : undefined;
}

/** The language menu: every configured language by its own name, numbered ("1 Français · 2 English · …"). */
export function languageMenu(): string {
  return CONVERSATION_LOCALES.map((l, i) => `${i + 1} ${languageOwnName(l)}`).join(' · ');
}

const MENU: Say = { key: 'menu', values: { languages: languageMenu() } };

const ask = (step: Step, locale: ConversationLocale | null, answers: Answers, say: Say[]): Outcome => ({ kind: 'ask', step, locale, answers, say });

const MIN_DESCRIPTION = 10;

/** The language menu's answer: its number (1 to the number of languages, in any digits), or the detected language. */
function chooseLocale(text: string, detected: string | null): ConversationLocale | undefined {
  const n = menuNumber(text);
  if (n !== undefined) return CONVERSATION_LOCALES[n - 1];
  return (CONVERSATION_LOCALES as readonly string[]).includes(detected ?? '') ? (detected as ConversationLocale) : undefined;
}

/**
 * The first message of a new conversation. `detected` is the language of the text (null when unsure). A text long
 * enough to be a story is kept as the start of the description.
 */
export function start(text: string, detected: string | null): Outcome {
  const locale = chooseLocale(text, detected);
  const answers: Answers = text.trim().length >= MIN_DESCRIPTION ? { opening: text.trim() } : {};
  if (!locale) return ask('language', null, answers, [MENU]);
  return ask('danger', locale, answers, [{ key: 'danger' }]);
}

/** One answer to the question of `step`. */
export function advance({
  step,
  locale,
  answers,
  text,
  detected,
}: {
  step: Step;
  locale: ConversationLocale | null;
  answers: Answers;
  text: string;
  detected: string | null;
}): Outcome {
  if (step === 'language' || !locale) {
    const chosen = chooseLocale(text, detected);
    if (!chosen) return ask('language', null, answers, [MENU]);
    return ask('danger', chosen, answers, [{ key: 'danger' }]);
  }
  const again = (key: string): Outcome => ask(step, locale, answers, [{ key: 'choose' }, { key }]);
  switch (step) {
    case 'danger': {
      const v = tri(text);
      return v ? ask('children', locale, { ...answers, dangerNow: v }, [{ key: 'children' }]) : again('danger');
    }
    case 'children': {
      const v = tri(text);
      return v ? ask('what', locale, { ...answers, children: v }, [{ key: 'what' }]) : again('children');
    }
    case 'what': {
      const story = text.trim();
      const description = [answers.opening, story].filter(Boolean).join('\n\n');
      if (story.length < MIN_DESCRIPTION && description.length < MIN_DESCRIPTION * 2) return ask('what', locale, answers, [{ key: 'whatShort' }]);
      return ask('where', locale, { ...answers, description: description.slice(0, 10000) }, [{ key: 'where' }]);
    }
    case 'where': {
      const place = text.trim();
      return ask('contact', locale, { ...answers, place: digit(place) === '0' && place.length <= 2 ? null : place.slice(0, 200) }, [{ key: 'contact' }]);
    }
    case 'contact': {
      const v = yesNo(text);
      if (!v) return again('contact');
      const done = { ...answers, contactOk: v };
      if (!done.dangerNow || !done.children || !done.description) return ask('danger', locale, {}, [{ key: 'danger' }]);
      return { kind: 'submit', locale, answers: { ...done, dangerNow: done.dangerNow, children: done.children, description: done.description, contactOk: v } };
    }
  }
}
