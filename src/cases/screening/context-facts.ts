import type { TraffickingContext } from '../person.js';

/*
 * Screening answers and the case's trafficking context are one set of facts (issue 21): what a screening records of
 * the purpose of exploitation and of the means of control fills the context's HTCDS lists, so nobody types them
 * twice. Only answers with a clear HTCDS counterpart are carried, and only into a list of the context that is still
 * empty: what a person recorded in the context is never overwritten. The other way, the screening form starts from
 * the context (as the report carried it, or as a person recorded it): `screeningFromContext`.
 */

const PURPOSE_TO_EXPLOITATION: Record<string, string> = {
  sexual_exploitation: 'SexualExploitation',
  forced_labour: 'ForcedLabour',
  slavery: 'Servitude',
  servitude: 'Servitude',
  organ_removal: 'OrganRemoval',
  other_exploitation: 'Other',
};

const MEANS_TO_CONTROL: Record<string, string> = {
  threat_or_force: 'PhysicalThreats',
  deception: 'FalsePromises',
  fraud: 'FalsePromises',
};

/** ILO indicators (the part after "dimension:") that are an HTCDS method of control. */
const INDICATOR_TO_CONTROL: Record<string, string> = {
  'document-confiscation': 'WithholdsDocuments',
  'debt-bondage': 'DebtBondage',
  'withholding-of-wages': 'TakesEarnings',
  'wage-manipulation': 'TakesEarnings',
  'excessive-hours': 'ExcessiveWorkingHours',
  'violence-on-victim': 'PhysicalAbuse',
  'threats-of-violence': 'PhysicalThreats',
  'threat-denunciation-authorities': 'ThreatsLawEnforcement',
  'violence-on-family': 'ThreatensChildrenFamily',
  'threat-inform-family-community': 'ThreatensChildrenFamily',
};

/** The context with the screening's facts in its empty lists, and the names of the fields filled (none: unchanged). */
export function contextWithScreening(
  context: TraffickingContext,
  answers: { means: readonly string[]; purposes: readonly string[]; indicators: readonly string[] },
): { context: TraffickingContext; fields: string[] } {
  const distinct = (add: Array<string | undefined>) => [...new Set(add.filter((v): v is string => Boolean(v)))];
  const exploitation = context.exploitationTypes?.length ? [] : distinct(answers.purposes.map((p) => PURPOSE_TO_EXPLOITATION[p]));
  const control = context.methodsOfControl?.length
    ? []
    : distinct([...answers.means.map((m) => MEANS_TO_CONTROL[m]), ...answers.indicators.map((i) => INDICATOR_TO_CONTROL[i.slice(i.indexOf(':') + 1)])]);
  const fields = [...(exploitation.length ? ['exploitationTypes'] : []), ...(control.length ? ['methodsOfControl'] : [])];
  return {
    context: { ...context, ...(exploitation.length ? { exploitationTypes: exploitation } : {}), ...(control.length ? { methodsOfControl: control } : {}) },
    fields,
  };
}

/** What the screening form starts from: the answers the case's context already gives (each for a person to check). */
export interface ScreeningPrefill {
  exploitation: 'labour' | 'sexual';
  means: string[];
  purposes: string[];
  /** ILO indicator ids (without their dimension: the list shown decides it). */
  indicatorIds: string[];
}

const invert = (m: Record<string, string>) => {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(m)) out[v] = [...(out[v] ?? []), k];
  return out;
};
const EXPLOITATION_TO_PURPOSES = invert(PURPOSE_TO_EXPLOITATION);
const CONTROL_TO_MEANS = invert(MEANS_TO_CONTROL);
const CONTROL_TO_INDICATORS = invert(INDICATOR_TO_CONTROL);

export function screeningFromContext(context: TraffickingContext): ScreeningPrefill | undefined {
  const types = context.exploitationTypes ?? [];
  const control = context.methodsOfControl ?? [];
  if (types.length === 0 && control.length === 0) return undefined;
  // One answer per HTCDS code where several lead to it (the closest: servitude, not slavery; deception, not fraud).
  const from = (codes: string[], map: Record<string, string[]>, pick: (a: string[]) => string | undefined) => [
    ...new Set(codes.map((c) => pick(map[c] ?? [])).filter((v): v is string => Boolean(v))),
  ];
  return {
    exploitation: types.includes('SexualExploitation') && !types.includes('ForcedLabour') ? 'sexual' : 'labour',
    purposes: from(types, EXPLOITATION_TO_PURPOSES, (a) => a.at(-1)),
    means: from(control, CONTROL_TO_MEANS, (a) => a[0]),
    indicatorIds: from(control, CONTROL_TO_INDICATORS, (a) => a[0]),
  };
}
