/**
 * The arithmetic of trainings, kept pure so that it is tested on its own.
 *
 * - A score is a whole number from 0 to the test's maximum; the same test is taken before and after.
 * - Change for one participant = (post − pre) / maximum × 100, in percentage points, so trainings with tests
 *   of different lengths can be averaged together.
 * - Mean change = the arithmetic mean of those changes over the participants who have both scores; nobody
 *   else counts (a missing test is not a zero).
 * - Completed = the training has at least one session, the participant attended every required session
 *   (when no session is marked required, every session is), and took the test after the training.
 */

export interface ScorePair {
  pre: number | null;
  post: number | null;
  max: number;
}

export function scoreChange(p: ScorePair): number | null {
  if (p.pre === null || p.post === null || !(p.max > 0)) return null;
  return ((p.post - p.pre) / p.max) * 100;
}

export interface ScoreSummary {
  /** Participants with both scores. */
  n: number;
  meanPre: number | null;
  meanPost: number | null;
  meanChange: number | null;
}

export function summariseScores(pairs: readonly ScorePair[]): ScoreSummary {
  const both = pairs.filter((p) => p.pre !== null && p.post !== null && p.max > 0);
  if (both.length === 0) return { n: 0, meanPre: null, meanPost: null, meanChange: null };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    n: both.length,
    meanPre: mean(both.map((p) => ((p.pre as number) / p.max) * 100)),
    meanPost: mean(both.map((p) => ((p.post as number) / p.max) * 100)),
    meanChange: mean(both.map((p) => scoreChange(p) as number)),
  };
}

/** The sessions a participant must attend: those marked required, or all of them when none is. */
export function requiredSessionIds(sessions: ReadonlyArray<{ id: string; required: number }>): string[] {
  const marked = sessions.filter((s) => s.required === 1);
  return (marked.length > 0 ? marked : sessions).map((s) => s.id);
}

export function isCompleted(input: { sessions: ReadonlyArray<{ id: string; required: number }>; attended: ReadonlySet<string>; postScore: number | null }): boolean {
  if (input.sessions.length === 0 || input.postScore === null) return false;
  return requiredSessionIds(input.sessions).every((id) => input.attended.has(id));
}

/** Reads `pre_<id>` and `post_<id>` fields of the scores form; blank means "not taken". */
export function parseScores(
  body: unknown,
  participantIds: readonly string[],
  max: number,
): { ok: true; value: Map<string, { pre: number | null; post: number | null }> } | { ok: false; errors: Record<string, string> } {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const value = new Map<string, { pre: number | null; post: number | null }>();
  const errors: Record<string, string> = {};
  const read = (field: string): number | null => {
    let raw = input[field];
    if (Array.isArray(raw)) raw = raw[raw.length - 1];
    if (raw === undefined || raw === null) return null;
    if (typeof raw !== 'string') {
      errors[field] = 'training.errors.score';
      return null;
    }
    const s = raw.trim();
    if (s === '') return null;
    if (!/^\d{1,4}$/.test(s) || Number(s) > max) {
      errors[field] = 'training.errors.score';
      return null;
    }
    return Number(s);
  };
  for (const id of participantIds) value.set(id, { pre: read(`pre_${id}`), post: read(`post_${id}`) });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}
