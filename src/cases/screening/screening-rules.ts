import { countByDimension, DESTINATION_DIMENSIONS, DIMENSIONS, dimensionPositive, EXPLOITATION_DIMENSION, ILO_VERSION, type ListId, listFor, RECRUITMENT_DIMENSIONS } from './ilo.js';

/** Palermo Protocol Art. 3 elements (DOMAIN.md §1). */
export const ACTS = ['recruitment', 'transportation', 'transfer', 'harbouring', 'receipt'] as const;
export const MEANS = ['threat_or_force', 'coercion', 'abduction', 'fraud', 'deception', 'abuse_of_power', 'abuse_of_vulnerability', 'payments'] as const;
export const PURPOSES = ['sexual_exploitation', 'forced_labour', 'slavery', 'servitude', 'organ_removal', 'other_exploitation'] as const;

export type Outcome = 'strong_indication' | 'possible' | 'insufficient';

/** A reason is a message code with values that are themselves codes (translated when shown). */
export interface Reason {
  code: string;
  values?: Record<string, string | number>;
}

export interface ScreeningInput {
  isChild: boolean;
  exploitation: 'labour' | 'sexual';
  acts: string[];
  means: string[];
  purposes: string[];
  indicators: string[];
}

export interface ScreeningResult {
  listId: ListId;
  listVersion: string;
  outcome: Outcome;
  palermoMet: boolean;
  iloMet: boolean;
  positiveDimensions: string[];
  reasons: Reason[];
}

/**
 * The indicative outcome of a screening, with its reasons. Adults: act + means + purpose (Palermo) and the ILO rule
 * (a recruitment dimension, exploitative conditions and a destination dimension). Children: act + purpose, and
 * exploitative conditions; means are supporting evidence only. Never a legal determination: a supervisor decides.
 */
export function screen(input: ScreeningInput): ScreeningResult {
  const reasons: Reason[] = [];
  const { id: listId, fallback } = listFor(input.isChild, input.exploitation);
  if (fallback) reasons.push({ code: 'listFallback', values: { list: listId } });
  const act = input.acts.length > 0;
  const means = input.means.length > 0;
  const purpose = input.purposes.length > 0;
  reasons.push(act ? { code: 'actPresent', values: { items: input.acts.join(',') } } : { code: 'actAbsent' });
  if (input.isChild) reasons.push({ code: 'meansNotNeeded' });
  else reasons.push(means ? { code: 'meansPresent', values: { items: input.means.join(',') } } : { code: 'meansAbsent' });
  reasons.push(purpose ? { code: 'purposePresent', values: { items: input.purposes.join(',') } } : { code: 'purposeAbsent' });
  const palermoMet = act && purpose && (input.isChild || means);
  reasons.push({ code: palermoMet ? 'palermoMet' : 'palermoNotMet' });

  const counts = countByDimension(listId, input.indicators);
  const positive = DIMENSIONS.filter((d) => dimensionPositive(counts[d] ?? { strong: 0, medium: 0, weak: 0 }));
  for (const d of DIMENSIONS) {
    const c = counts[d];
    if (!c || c.strong + c.medium + c.weak === 0) continue;
    reasons.push({ code: positive.includes(d) ? 'dimensionPositive' : 'dimensionNegative', values: { dimension: d, strong: c.strong, medium: c.medium, weak: c.weak } });
  }
  const recruitment = RECRUITMENT_DIMENSIONS.some((d) => positive.includes(d));
  const exploitation = positive.includes(EXPLOITATION_DIMENSION);
  const destination = DESTINATION_DIMENSIONS.some((d) => positive.includes(d));
  let iloMet: boolean;
  if (input.isChild) {
    iloMet = exploitation;
    reasons.push({ code: iloMet ? 'iloChildMet' : 'iloChildNotMet' });
  } else {
    iloMet = recruitment && exploitation && destination;
    if (iloMet) reasons.push({ code: 'iloAdultMet' });
    else {
      const missing = [!recruitment ? 'recruitment' : '', !exploitation ? 'exploitation' : '', !destination ? 'destination' : ''].filter(Boolean);
      reasons.push({ code: 'iloAdultNotMet', values: { missing: missing.join(',') } });
    }
  }
  const outcome: Outcome = palermoMet && iloMet ? 'strong_indication' : palermoMet || iloMet || positive.length > 0 || (act && purpose) ? 'possible' : 'insufficient';
  reasons.push({ code: 'indicativeOnly' });
  return { listId, listVersion: ILO_VERSION, outcome, palermoMet, iloMet, positiveDimensions: positive, reasons };
}
