import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The ILO/EC operational indicators (DOMAIN.md §3) as versioned data: the file is a copy of
 * shared/domain/ilo-indicators.json, and its version (revision + content hash) is stored with every screening,
 * so an outcome can always be traced to the grades it was computed from.
 */
export type Grade = 'strong' | 'medium' | 'weak';
export interface Indicator {
  dimension: string;
  id: string;
  label: string;
  grade: Grade;
}
export type ListId = 'adultsLabour' | 'adultsSexual' | 'childrenLabour' | 'childrenSexual';

interface IloData {
  source: { revised: string };
  dimensions: Array<{ id: string; phase: string }>;
  combinationRule: { dimensionPositiveIfAny: Array<Partial<Record<'strong' | 'medium' | 'weak' | 'mediumOrWeak', number>>> };
  lists: Record<ListId, Indicator[]>;
}

export const ILO_FILE = fileURLToPath(new URL('./ilo-indicators.json', import.meta.url));
const raw = readFileSync(ILO_FILE, 'utf8');
export const ILO: IloData = JSON.parse(raw);
export const ILO_VERSION = `${ILO.source.revised}+${createHash('sha256').update(raw).digest('hex').slice(0, 12)}`;
export const DIMENSIONS = ILO.dimensions.map((d) => d.id);
export const RECRUITMENT_DIMENSIONS = ['deceptive-recruitment', 'coercive-recruitment', 'recruitment-abuse-of-vulnerability'];
export const EXPLOITATION_DIMENSION = 'exploitative-conditions';
export const DESTINATION_DIMENSIONS = ['coercion-at-destination', 'abuse-of-vulnerability-at-destination'];

/**
 * The list for a screening. The sexual-exploitation lists are not transcribed yet (empty in the data), so the
 * labour list of the same age group is used; the outcome says so in its reasons.
 */
export function listFor(isChild: boolean, exploitation: 'labour' | 'sexual'): { id: ListId; fallback: boolean } {
  const wanted: ListId = isChild ? (exploitation === 'sexual' ? 'childrenSexual' : 'childrenLabour') : exploitation === 'sexual' ? 'adultsSexual' : 'adultsLabour';
  if (ILO.lists[wanted].length > 0) return { id: wanted, fallback: false };
  return { id: isChild ? 'childrenLabour' : 'adultsLabour', fallback: true };
}

export interface DimensionCount {
  strong: number;
  medium: number;
  weak: number;
}

/** A dimension is positive under any of the data's combinations (2 strong; 1 strong + 1 medium or weak; 3 medium; 2 medium + 1 weak). */
export function dimensionPositive(c: DimensionCount): boolean {
  return ILO.combinationRule.dimensionPositiveIfAny.some(
    (r) =>
      c.strong >= (r.strong ?? 0) &&
      c.medium >= (r.medium ?? 0) &&
      c.weak >= (r.weak ?? 0) &&
      c.medium + c.weak >= (r.mediumOrWeak ?? 0),
  );
}

/** Counts the selected indicators ("dimension:id") per dimension by their grade in the list; unknown ones are ignored. */
export function countByDimension(list: ListId, selected: string[]): Record<string, DimensionCount> {
  const byKey = new Map(ILO.lists[list].map((i) => [`${i.dimension}:${i.id}`, i]));
  const out: Record<string, DimensionCount> = {};
  for (const d of DIMENSIONS) out[d] = { strong: 0, medium: 0, weak: 0 };
  for (const key of new Set(selected)) {
    const ind = byKey.get(key);
    const c = ind ? out[ind.dimension] : undefined;
    if (ind && c) c[ind.grade]++;
  }
  return out;
}
