import { readFileSync } from 'node:fs';
import { type TObject, Type } from '@sinclair/typebox';

/*
 * The self-check's questions, options and weights (selfcheck.data.json) and the body schema built from them.
 */

export interface SelfCheckOption {
  value: string;
  weight: number;
  sign?: string;
}
export interface SelfCheckQuestion {
  id: string;
  options: SelfCheckOption[];
}
export interface SelfCheckData {
  questions: SelfCheckQuestion[];
  critical: string[];
  /** Questions that need a real answer (not "I don't know") before a result may say "no warning signs". */
  enoughKnown: number;
  levels: Array<{ level: Level; minScore: number }>;
}
/** unclear: no sign found, but too few real answers to say there is none. */
export type Level = 'unclear' | 'low' | 'some' | 'serious' | 'high';
export const LEVEL_ORDER: readonly Level[] = ['unclear', 'low', 'some', 'serious', 'high'];

/** The questions and weights are data (selfcheck.data.json), so they can be reviewed and changed without code. */
export const SELF_CHECK: SelfCheckData = JSON.parse(readFileSync(new URL('./selfcheck.data.json', import.meta.url), 'utf8')) as SelfCheckData;

/** Every question is optional: a visitor may not know. Answers must be one of the listed values. */
export const SelfCheckBody: TObject = Type.Object(
  Object.fromEntries(SELF_CHECK.questions.map((q) => [q.id, Type.Optional(Type.Union(q.options.map((o) => Type.Literal(o.value))))])),
);

/**
 * What the self-check found: how many questions were answered (and how many of them with "I don't know"), the
 * questions still to find out, the score of the real answers, its level and the signs, in question order.
 */
export interface SelfCheckResult {
  answered: number;
  known: number;
  total: number;
  toFindOut: string[];
  score: number;
  level: Level;
  signs: string[];
}
