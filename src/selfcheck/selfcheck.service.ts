import { type Level, SELF_CHECK, type SelfCheckData, type SelfCheckResult } from './selfcheck.schema.js';

export { SELF_CHECK, SelfCheckBody } from './selfcheck.schema.js';
export type { SelfCheckResult } from './selfcheck.schema.js';

/**
 * Weighs the questions answered, and only those: "I don't know" is never a sign (it is listed as something to find
 * out), no answer says "no warning signs" before `enoughKnown` questions have a real answer, and the level can never
 * disagree with the count of signs shown under it: "some" is one sign, "serious" several, "high" a critical sign
 * or several that weigh as much as the highest level.
 */
export function assess(answers: Record<string, unknown>, data: SelfCheckData = SELF_CHECK): SelfCheckResult {
  let score = 0;
  let answered = 0;
  let known = 0;
  const signs: string[] = [];
  const toFindOut: string[] = [];
  for (const q of data.questions) {
    const option = q.options.find((o) => o.value === answers[q.id]);
    if (!option) continue;
    answered++;
    if (option.value === 'unknown') {
      toFindOut.push(q.id);
      continue;
    }
    known++;
    score += option.weight;
    if (option.sign && !signs.includes(option.sign)) signs.push(option.sign);
  }
  const highScore = data.levels.find((l) => l.level === 'high')?.minScore ?? Number.POSITIVE_INFINITY;
  let level: Level;
  if (signs.some((s) => data.critical.includes(s))) level = 'high';
  else if (signs.length >= 2) level = score >= highScore ? 'high' : 'serious';
  else if (signs.length === 1) level = 'some';
  else level = known >= data.enoughKnown ? 'low' : 'unclear';
  return { answered, known, total: data.questions.length, toFindOut, score, level, signs };
}
