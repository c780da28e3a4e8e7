/* The value lists of case management that schemas, services and views share (no code, no imports). */

/** Lifecycle steps of DOMAIN.md §2.2, in order; a case moves forward as its records come in. */
export const STAGES = ['intake', 'safety', 'consent', 'screening', 'assessment', 'plan', 'assistance', 'solution', 'followup', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export function laterStage(current: string, next: Stage): Stage {
  const a = STAGES.indexOf(current as Stage);
  const b = STAGES.indexOf(next);
  return (a > b ? current : next) as Stage;
}

export const AGE_STATUSES = ['documented', 'claimed', 'presumed_minor', 'assessed', 'unknown'] as const;
export const GUARDIAN_KINDS = ['legal_guardian', 'parent', 'social_welfare', 'appointed_representative'] as const;
export const BID_QUESTIONS = ['durable_solution', 'temporary_care', 'separation'] as const;
export const BID_DECISIONS = ['return', 'local_integration', 'resettlement', 'interim_care', 'other'] as const;
export const FAMILY_OUTCOMES = ['positive', 'negative', 'inconclusive'] as const;

/**
 * 'justice': sharing with police, prosecutors or courts for proceedings (justice feature); its own decision, never
 * implied by 'police', 'sharing' or any other purpose.
 */
export const CONSENT_PURPOSES = ['screening', 'assistance', 'sharing', 'research', 'return', 'medical', 'transfer', 'contact', 'police', 'justice'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** A closed case (closed, or closed by referral elsewhere) takes no new records. */
export function isClosedStatus(status: string): boolean {
  return status === 'Closed' || status === 'ClosedReferred';
}
