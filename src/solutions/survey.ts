import { loadSurvey, type SurveyFile } from '../data/domain-data.js';
import type { Executor } from '../platform/db/database.js';
import { newId, nowIso } from '../platform/ids.js';
import * as repo from './survey.repository.js';

/**
 * The reintegration sustainability survey as data. DOMAIN.md §4: the dimensions and the four scores are
 * confirmed; the item wording, answer scores, weights and bands are NOT (Annex 4 could not be read). So every
 * one of them is configuration an office can change, versioned, and a survey keeps the version and weights it
 * was scored with.
 */
export const DIMENSIONS = ['economic', 'social', 'psychosocial'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface SurveyAnswer {
  value: number;
  /** English label from the source; the page shows the translated label when one exists. */
  label: string;
  /** 0..1, 1 = most favourable; null = left out of the score (don't know, refused, not applicable). */
  score: number | null;
}

export interface SurveyItem {
  id: string;
  dimension: Dimension;
  question: string;
  answers: SurveyAnswer[];
  /** Weight within its dimension; the weights of a dimension are normalised to add up to 1. */
  weight: number;
}

export interface SurveyBands {
  /** A score below `low` is low; at or above `high` is high; medium between. Programme choices, not IOM values. */
  low: number;
  high: number;
}

export interface SurveyConfig {
  items: SurveyItem[];
  /** Weight of each dimension in the composite. */
  dimensionWeights: Record<Dimension, number>;
  bands: SurveyBands;
  /** False until an office confirms the values against Handbook Annex 4. */
  confirmed: boolean;
}

export interface SurveyWeights {
  items: Record<string, number>;
  dimensions: Record<Dimension, number>;
}

export interface SurveyScores {
  economic: number | null;
  social: number | null;
  psychosocial: number | null;
  composite: number | null;
}

/** The survey as Abri ships it: src/data/reintegration-survey.json, checked against its schema at start-up. */
const SURVEY_FILE: SurveyFile = loadSurvey();

/**
 * The built-in version 1, from the survey data file: its weights are null (not found), so each item gets an
 * equal weight within its dimension and each dimension a third of the composite, marked unconfirmed.
 */
export function defaultSurveyConfig(): SurveyConfig {
  const items: SurveyItem[] = SURVEY_FILE.items
    .map((i) => ({
      id: i.id,
      dimension: i.dimension,
      question: i.question,
      answers: i.answers.map((a) => ({ value: a.value, label: a.label, score: a.score })),
      weight: i.weight ?? 1,
    }));
  return { items, dimensionWeights: { economic: 1, social: 1, psychosocial: 1 }, bands: { low: 0.4, high: 0.7 }, confirmed: false };
}

/** The id of the built-in version 1 (from the survey data file). */
export const BUILTIN_CONFIG_ID = '00000000-0000-7000-8000-000000000001';

export function weightsOf(config: SurveyConfig): SurveyWeights {
  return { items: Object.fromEntries(config.items.map((i) => [i.id, i.weight])), dimensions: { ...config.dimensionWeights } };
}

function round4(n: number): number {
  return Math.round(n * 10000) / 10000;
}

/**
 * Scores a survey. Each answer is mapped to its 0–1 score; a dimension score is the weighted mean of its answered
 * items (weights re-normalised over the items that have a score, so "don't know" neither helps nor hurts); the
 * composite is the weighted mean of the dimension scores that exist. Scores are rounded to 4 decimals.
 */
export function scoreSurvey(config: SurveyConfig, answers: Record<string, number>, weights: SurveyWeights = weightsOf(config)): SurveyScores {
  const sums: Record<Dimension, { w: number; s: number }> = { economic: { w: 0, s: 0 }, social: { w: 0, s: 0 }, psychosocial: { w: 0, s: 0 } };
  for (const item of config.items) {
    const value = answers[item.id];
    if (value === undefined) continue;
    const answer = item.answers.find((a) => a.value === value);
    if (!answer || answer.score === null) continue;
    const w = weights.items[item.id] ?? 0;
    if (w <= 0) continue;
    sums[item.dimension].w += w;
    sums[item.dimension].s += w * answer.score;
  }
  const dim = (d: Dimension) => (sums[d].w > 0 ? round4(sums[d].s / sums[d].w) : null);
  const scores: SurveyScores = { economic: dim('economic'), social: dim('social'), psychosocial: dim('psychosocial'), composite: null };
  let w = 0;
  let s = 0;
  for (const d of DIMENSIONS) {
    const v = scores[d];
    const dw = weights.dimensions[d] ?? 0;
    if (v === null || dw <= 0) continue;
    w += dw;
    s += dw * v;
  }
  scores.composite = w > 0 ? round4(s / w) : null;
  return scores;
}

export type Band = 'low' | 'medium' | 'high';

export function bandOf(score: number | null, bands: SurveyBands): Band | null {
  if (score === null) return null;
  if (score < bands.low) return 'low';
  if (score >= bands.high) return 'high';
  return 'medium';
}

/** The support a low dimension suggests (DOMAIN.md §4: compare dimensions to target support). */
export const SUPPORT_FOR_LOW: Record<Dimension, string> = {
  economic: 'livelihood',
  social: 'services',
  psychosocial: 'mentalHealth',
};

export function suggestions(scores: SurveyScores, bands: SurveyBands): Dimension[] {
  return DIMENSIONS.filter((d) => bandOf(scores[d], bands) === 'low');
}

/** Checks a configuration an office submits: known dimensions, scores within 0..1, non-negative weights, sane bands. */
export function validConfig(config: SurveyConfig): boolean {
  if (config.items.length === 0) return false;
  if (!(config.bands.low >= 0 && config.bands.high <= 1 && config.bands.low < config.bands.high)) return false;
  for (const d of DIMENSIONS) if (!(config.dimensionWeights[d] >= 0 && Number.isFinite(config.dimensionWeights[d]))) return false;
  if (DIMENSIONS.every((d) => config.dimensionWeights[d] === 0)) return false;
  for (const i of config.items) {
    if (!(i.weight >= 0 && Number.isFinite(i.weight))) return false;
    for (const a of i.answers) if (a.score !== null && !(a.score >= 0 && a.score <= 1)) return false;
  }
  return true;
}

/** The office's current survey version (its own latest, else the built-in default, stored on first use). */
export async function currentSurveyConfig(
  db: Executor,
  officeId: string,
): Promise<{ id: string; version: number; config: SurveyConfig; officeId: string | null }> {
  const own = await repo.latestSurveyConfig(db, officeId);
  if (own) return { id: own.id, version: own.version, config: JSON.parse(own.config) as SurveyConfig, officeId };
  const builtin = await repo.latestSurveyConfig(db, null);
  if (builtin) return { id: builtin.id, version: builtin.version, config: JSON.parse(builtin.config) as SurveyConfig, officeId: null };
  // A fixed id: two requests storing the built-in version at the same time store it once.
  const config = defaultSurveyConfig();
  await repo.insertSurveyConfigOnce(db, { id: BUILTIN_CONFIG_ID, office_id: null, version: 1, config: JSON.stringify(config), created_by: null, created_at: nowIso() });
  const row = await repo.latestSurveyConfig(db, null);
  if (!row) throw new Error('the built-in survey configuration was not stored');
  return { id: row.id, version: row.version, config: JSON.parse(row.config) as SurveyConfig, officeId: null };
}

export async function surveyConfigById(db: Executor, id: string): Promise<SurveyConfig | undefined> {
  const json = await repo.surveyConfigJson(db, id);
  return json === undefined ? undefined : (JSON.parse(json) as SurveyConfig);
}

/** Saves a new version for the office (the previous versions stay, so old surveys keep their own). */
export async function saveSurveyConfig(
  db: Executor,
  change: { officeId: string; actorId: string; config: SurveyConfig },
): Promise<{ id: string; version: number }> {
  const { officeId, actorId, config } = change;
  const last = await repo.latestSurveyConfig(db, officeId);
  const base = last ? last.version : ((await repo.latestSurveyConfig(db, null))?.version ?? 1);
  const id = newId();
  const version = base + 1;
  await repo.insertSurveyConfig(db, { id, office_id: officeId, version, config: JSON.stringify(config), created_by: actorId, created_at: nowIso() });
  return { id, version };
}
