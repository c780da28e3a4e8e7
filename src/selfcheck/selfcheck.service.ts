import { SELF_CHECK, type Level, type SelfCheckData, type SelfCheckResult } from './selfcheck.schema.js';

export { SELF_CHECK, SelfCheckBody } from './selfcheck.schema.js';
export type { SelfCheckResult } from './selfcheck.schema.js';

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
