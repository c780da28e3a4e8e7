import type { TraffickingContext } from '../person.js';

/*
 * Screening answers and the case's trafficking context are one set of facts (issue 21): what a screening records of
 * the purpose of exploitation and of the means of control fills the context's HTCDS lists, so nobody types them
 * twice. Only answers with a clear HTCDS counterpart are carried; nothing already in the context is removed.
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

/** The context with the screening's facts added, and the names of the fields that changed (none: unchanged). */
export function contextWithScreening(
  context: TraffickingContext,
  answers: { means: readonly string[]; purposes: readonly string[]; indicators: readonly string[] },
): { context: TraffickingContext; fields: string[] } {
  const union = (have: string[] | undefined, add: Array<string | undefined>) => {
    const out = [...(have ?? [])];
    for (const v of add) if (v && !out.includes(v)) out.push(v);
    return out;
  };
  const exploitation = union(
    context.exploitationTypes,
    answers.purposes.map((p) => PURPOSE_TO_EXPLOITATION[p]),
  );
  const control = union(context.methodsOfControl, [
    ...answers.means.map((m) => MEANS_TO_CONTROL[m]),
    ...answers.indicators.map((i) => INDICATOR_TO_CONTROL[i.slice(i.indexOf(':') + 1)]),
  ]);
  const fields = [
    ...(exploitation.length !== (context.exploitationTypes?.length ?? 0) ? ['exploitationTypes'] : []),
    ...(control.length !== (context.methodsOfControl?.length ?? 0) ? ['methodsOfControl'] : []),
  ];
  return {
    context: { ...context, ...(exploitation.length ? { exploitationTypes: exploitation } : {}), ...(control.length ? { methodsOfControl: control } : {}) },
    fields,
  };
}
