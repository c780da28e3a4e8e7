import { readFileSync } from 'node:fs';
import { type TObject, Type } from '@sinclair/typebox';

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

export interface SelfCheckResult {
  answered: number;
  score: number;
  level: Level;
  signs: string[];
}

/** Scores the answers: the warning signs found, in question order, and how serious they are together. */
export function assess(answers: Record<string, unknown>, data: SelfCheckData = SELF_CHECK): SelfCheckResult {
  let score = 0;
  let answered = 0;
  const signs: string[] = [];
  for (const q of data.questions) {
    const option = q.options.find((o) => o.value === answers[q.id]);
    if (!option) continue;
    answered++;
    score += option.weight;
    if (option.sign && !signs.includes(option.sign)) signs.push(option.sign);
  }
  let level: Level = 'low';
  for (const l of [...data.levels].sort((a, b) => a.minScore - b.minScore)) if (score >= l.minScore) level = l.level;
  if (signs.some((s) => data.critical.includes(s))) level = 'high';
  return { answered, score, level, signs };
}
