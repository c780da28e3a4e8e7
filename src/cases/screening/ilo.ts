import { createHash } from 'node:crypto';
import { checkIlo, IloFileSchema, parseDomainData, readDomainData } from '../../data/domain-data.js';

/**
 * The ILO/EC operational indicators (DOMAIN.md §3) as versioned data: src/data/ilo-indicators.json, checked
 * against its schema at start-up, and its version (revision + content hash) is stored with every screening,
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

export const ILO_DATA_FILE = 'ilo-indicators.json';
const raw = readDomainData(ILO_DATA_FILE);
export const ILO: IloData = parseDomainData({ name: ILO_DATA_FILE, text: raw, schema: IloFileSchema, check: checkIlo });
export const ILO_VERSION = `${ILO.source.revised}+${createHash('sha256').update(raw).digest('hex').slice(0, 12)}`;
export const DIMENSIONS = ILO.dimensions.map((d) => d.id);
export const RECRUITMENT_DIMENSIONS = ['deceptive-recruitment', 'coercive-recruitment', 'recruitment-abuse-of-vulnerability'];
export const EXPLOITATION_DIMENSION = 'exploitative-conditions';
export const DESTINATION_DIMENSIONS = ['coercion-at-destination', 'abuse-of-vulnerability-at-destination'];

/**
 * The list for a screening: by age group and form of exploitation. The schema requires all four lists; the
 * fallback to the labour list (said in the outcome's reasons) only guards data an office might have emptied.
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
