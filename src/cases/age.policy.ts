import type { PersonIdentity } from './person.js';

/** documented | claimed | presumed_minor | assessed | unknown (DOMAIN.md §5). */
export type AgeStatus = 'documented' | 'claimed' | 'presumed_minor' | 'assessed' | 'unknown';

/** The person's age today from a birth date, else from an estimated age; undefined when neither is known. */
export function ageFrom(identity: Pick<PersonIdentity, 'birthDate' | 'estimatedAge'>, today = new Date()): number | undefined {
  if (identity.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(identity.birthDate)) {
    const b = new Date(`${identity.birthDate}T00:00:00Z`);
    if (!Number.isNaN(b.getTime())) {
      let age = today.getUTCFullYear() - b.getUTCFullYear();
      const m = today.getUTCMonth() - b.getUTCMonth();
      if (m < 0 || (m === 0 && today.getUTCDate() < b.getUTCDate())) age--;
      return age;
    }
  }
  return typeof identity.estimatedAge === 'number' ? identity.estimatedAge : undefined;
}

/**
 * Whether the case is treated as a child's. The presumption of minority: when there are grounds to think the person
 * may be under 18, they are a child while age is checked; an assessed range counts by its lower bound (benefit of
 * the doubt).
 */
export function presumeChild(ageStatus: string, identity: PersonIdentity, doubt: boolean): { isChild: boolean; ageStatus: string } {
  if (doubt && ageStatus !== 'documented') return { isChild: true, ageStatus: ageStatus === 'assessed' ? 'assessed' : 'presumed_minor' };
  if (ageStatus === 'presumed_minor') return { isChild: true, ageStatus };
  const age = ageFrom(identity);
  if (age === undefined) return { isChild: false, ageStatus };
  return { isChild: age < 18, ageStatus };
}

export interface NewCaseAgeInput {
  /** The case worker's answer to "may this person be under 18?", when given. */
  mayBeChild?: 'yes' | 'no' | 'unknown' | undefined;
  birthDate?: string | undefined;
  estimatedAge?: number | undefined;
}

/**
 * The age presumption when a case is opened, the same through the form and the API (CoE Convention Art. 10(3),
 * EU 2011/36 Art. 13(2)): in doubt, a child. Doubt is an "unknown" answer, or no answer without an adult age; a
 * "yes", or a birth date or estimated age under 18, makes a child too. Only "no" or an adult age clears it.
 */
export function ageOnOpening(input: NewCaseAgeInput, today = new Date()): { mayBeChild: boolean; ageStatus?: AgeStatus } {
  const age = ageFrom(input, today);
  const minorByAge = age !== undefined && age < 18;
  const inDoubt = input.mayBeChild === 'unknown' || (input.mayBeChild === undefined && !(age !== undefined && age >= 18));
  const mayBeChild = input.mayBeChild === 'yes' || inDoubt || minorByAge;
  if (inDoubt || (mayBeChild && !input.birthDate)) return { mayBeChild, ageStatus: 'presumed_minor' };
  if (input.birthDate) return { mayBeChild, ageStatus: 'claimed' };
  return { mayBeChild };
}
