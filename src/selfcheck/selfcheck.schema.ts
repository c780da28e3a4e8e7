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
  levels: Array<{ level: Level; minScore: number }>;
}
export type Level = 'low' | 'some' | 'serious' | 'high';

/** The questions and weights are data (selfcheck.data.json), so they can be reviewed and changed without code. */
export const SELF_CHECK: SelfCheckData = JSON.parse(readFileSync(new URL('./selfcheck.data.json', import.meta.url), 'utf8')) as SelfCheckData;

/** Every question is optional: a visitor may not know. Answers must be one of the listed values. */
export const SelfCheckBody: TObject = Type.Object(
  Object.fromEntries(SELF_CHECK.questions.map((q) => [q.id, Type.Optional(Type.Union(q.options.map((o) => Type.Literal(o.value))))])),
);

/** What the self-check found: how many questions were answered, the score, its level and the signs, in order. */
export interface SelfCheckResult {
  answered: number;
  score: number;
  level: Level;
  signs: string[];
}
