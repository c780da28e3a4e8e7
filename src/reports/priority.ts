import { readFileSync } from 'node:fs';
import { PRIORITY_LEVELS, type PriorityLevel } from './reports.schema.js';

/** What the priority rules look at: the coded answers of a report, never its free text. */
export interface PriorityFacts {
  dangerNow: string;
  children: string;
  recent24h: string;
  peopleCount: string;
  locationKnown: boolean;
  recruitment: readonly string[];
  control: readonly string[];
  exploitation: readonly string[];
}

interface Rule {
  id: string;
  if?: { field: keyof PriorityFacts; equals?: string | boolean; in?: string[] };
  points?: number;
  perIndicator?: number;
  perStrongIndicator?: number;
  maxPoints?: number;
  minLevel?: PriorityLevel;
}

export interface PriorityRules {
  strongControlCodes: string[];
  rules: Rule[];
  thresholds: Array<{ level: PriorityLevel; minPoints: number }>;
}

export interface PriorityReason {
  rule: string;
  points: number;
  count?: number;
}

export interface Priority {
  level: PriorityLevel;
  points: number;
  reasons: PriorityReason[];
}

export const PRIORITY_RULES: PriorityRules = JSON.parse(readFileSync(new URL('./priority-rules.json', import.meta.url), 'utf8'));

export function levelRank(level: string): number {
  return PRIORITY_LEVELS.indexOf(level as PriorityLevel);
}

/** Applies the rules in data: the level and the reasons that led to it, so staff can see why. */
export function computePriority(facts: PriorityFacts, rules: PriorityRules = PRIORITY_RULES): Priority {
  const reasons: PriorityReason[] = [];
  let points = 0;
  let floor: PriorityLevel = 'low';
  const indicators = facts.recruitment.length + facts.control.filter((c) => c !== 'Other').length + facts.exploitation.length;
  const strong = facts.control.filter((c) => rules.strongControlCodes.includes(c)).length;
  for (const rule of rules.rules) {
    let gained = 0;
    let count: number | undefined;
    if (rule.if) {
      const value = facts[rule.if.field];
      const applies = rule.if.in ? rule.if.in.includes(String(value)) : value === rule.if.equals;
      if (!applies) continue;
      gained = rule.points ?? 0;
    } else if (rule.perIndicator) {
      if (indicators === 0) continue;
      count = indicators;
      gained = Math.min(indicators * rule.perIndicator, rule.maxPoints ?? Number.POSITIVE_INFINITY);
    } else if (rule.perStrongIndicator) {
      if (strong === 0) continue;
      count = strong;
      gained = Math.min(strong * rule.perStrongIndicator, rule.maxPoints ?? Number.POSITIVE_INFINITY);
    } else continue;
    points += gained;
    if (rule.minLevel && levelRank(rule.minLevel) > levelRank(floor)) floor = rule.minLevel;
    reasons.push(count === undefined ? { rule: rule.id, points: gained } : { rule: rule.id, points: gained, count });
  }
  const reached = rules.thresholds.find((t) => points >= t.minPoints)?.level ?? 'low';
  const level = levelRank(floor) > levelRank(reached) ? floor : reached;
  return { level, points, reasons };
}
