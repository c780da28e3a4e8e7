import { CLOSURE_REASONS } from '../cases/cases.schema.js';

/** The durable solutions, their steps, the risk matrix and the plan's dates: the feature's vocabulary, no I/O. */

export const SOLUTION_OPTIONS = ['return', 'local_integration', 'resettlement'] as const;
export type SolutionOption = (typeof SOLUTION_OPTIONS)[number];

/** The risk factors of DOMAIN.md §6.1. */
export const RISK_FACTORS = [
  'traffickers_reach',
  'debts',
  'family_involvement',
  'threats',
  'stigma',
  're_trafficking',
  'health_continuity',
  'witness_status',
  'general_security',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export interface Risk {
  factor: RiskFactor;
  /** 1 unlikely, 2 possible, 3 likely. */
  likelihood: number;
  /** 1 minor, 2 serious, 3 severe. */
  impact: number;
  mitigation: string;
}

export type RiskLevel = 'low' | 'medium' | 'high';
const LEVELS: RiskLevel[] = ['low', 'medium', 'high'];

/** From which likelihood × impact score (1 to 9) a risk is medium, and from which it is high. */
export interface RiskThresholds {
  mediumFrom: number;
  highFrom: number;
}

/** The built-in thresholds, an office's until it sets its own: 6 or 9 is high, 3 or 4 medium, 1 or 2 low. */
export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { mediumFrom: 3, highFrom: 6 };

/** Whether thresholds can be used: whole scores, 2 ≤ medium < high ≤ 9 (a risk can always be low). */
export function validThresholds(t: RiskThresholds): boolean {
  return Number.isInteger(t.mediumFrom) && Number.isInteger(t.highFrom) && t.mediumFrom >= 2 && t.mediumFrom < t.highFrom && t.highFrom <= 9;
}

/**
 * Likelihood × impact on a 3 × 3 matrix, cut by the office's thresholds; the assessment takes its highest risk
 * (one severe and likely risk is enough to make return unsafe, whatever the others are).
 */
export function riskLevel(likelihood: number, impact: number, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): RiskLevel {
  const s = likelihood * impact;
  if (s >= thresholds.highFrom) return 'high';
  if (s >= thresholds.mediumFrom) return 'medium';
  return 'low';
}

export function overallRisk(risks: Risk[], thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): RiskLevel {
  return risks.reduce<RiskLevel>((acc, r) => {
    const level = riskLevel(r.likelihood, r.impact, thresholds);
    return LEVELS.indexOf(level) > LEVELS.indexOf(acc) ? level : acc;
  }, 'low');
}

/** The closure reasons of the case module (Reintegration Handbook 2.7, DOMAIN.md §2.2). */
export { CLOSURE_REASONS };
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const ACTION_TRACKS = {
  return: ['travel_document', 'travel_arrangements', 'escort', 'reception_at_arrival', 'medical_fitness'],
  integration: ['residence_status', 'housing', 'work', 'language', 'school'],
  resettlement: ['submission', 'interview', 'outcome', 'travel'],
  followup: ['followup_visit', 'phone_followup', 'post_closure_check'],
} as const;
export type ActionTrack = keyof typeof ACTION_TRACKS;

/** The tracks of steps a decision opens: its own, then follow-up. */
export function tracksFor(decision: string | null | undefined): ActionTrack[] {
  if (decision === 'return') return ['return', 'followup'];
  if (decision === 'resettlement') return ['resettlement', 'followup'];
  if (decision === 'local_integration') return ['integration', 'followup'];
  return [];
}

/** How long the sending office keeps its view of the outcome after a hand-over (policy: one year). */
export const OUTCOME_SHARE_DAYS = 365;

const DAY_MS = 86_400_000;

/** The plan's due date: a month (30 days) after arrival. */
export function planDueOn(arrivedOn: string): string {
  return new Date(Date.parse(`${arrivedOn}T00:00:00Z`) + 30 * DAY_MS).toISOString().slice(0, 10);
}

/** The arrival date before which a case without a plan is late on `today`. */
export function lateCutoff(today: string): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - 30 * DAY_MS).toISOString().slice(0, 10);
}

export function isPlanLate(arrivedOn: string | null, hasPlan: boolean, today = new Date().toISOString().slice(0, 10)): boolean {
  return !!arrivedOn && !hasPlan && planDueOn(arrivedOn) < today;
}

/** The additional data each sealed value of this feature is encrypted with (`<table>.<column>:<row id>`). */
export const SEALED = {
  wishes: (id: string) => `case_solutions.wishes:${id}`,
  overrideReason: (id: string) => `case_solutions.override_reason:${id}`,
  risks: (id: string) => `return_risk_assessments.risks:${id}`,
  objectives: (id: string) => `reintegration_plans.objectives:${id}`,
  answers: (id: string) => `reintegration_surveys.answers:${id}`,
  planAction: (id: string) => `plan_actions.description:${id}`,
};
