import type { Static } from '@sinclair/typebox';
import type { PersonIdentity } from '../cases/cases.service.js';
import type { CaseRow } from '../cases/cases.table.js';
import { identityKeyLabel } from '../cases/index.js';
import type { AppContext } from '../platform/context.js';
import { ValidationError } from '../platform/http/errors.js';
import { type GrantableField, type ReferralBody, WRITTEN_FIELDS } from './referrals.schema.js';

/*
 * The grant of a referral: the named, minimal fields a partner may read, with their values fixed when the
 * referral is made. Built here once; read back only through `namedGrant`, so no other value can leave.
 */

/** The granted values, by field code. Values are what the partner needs, nothing more. */
export type GrantValues = Partial<Record<GrantableField, string | string[]>>;

/** An age band instead of a birth date: enough to plan a service, not enough to identify. */
export function ageBand(identity: PersonIdentity | null, isChild: boolean, now = new Date()): string {
  let age: number | undefined;
  if (identity?.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(identity.birthDate)) {
    const b = new Date(`${identity.birthDate}T00:00:00Z`);
    age =
      now.getUTCFullYear() -
      b.getUTCFullYear() -
      (now.getUTCMonth() < b.getUTCMonth() || (now.getUTCMonth() === b.getUTCMonth() && now.getUTCDate() < b.getUTCDate()) ? 1 : 0);
  } else if (typeof identity?.estimatedAge === 'number') {
    age = identity.estimatedAge;
  }
  if (age === undefined || Number.isNaN(age)) return isChild ? 'minor' : 'unknown';
  if (age < 12) return 'under12';
  if (age < 18) return '12to17';
  if (isChild) return 'minor';
  if (age < 25) return '18to24';
  if (age < 35) return '25to34';
  if (age < 50) return '35to49';
  return '50plus';
}

/** The values of the chosen fields, from the case (decrypted) and from what the case worker wrote for the partner. */
export async function buildGrant(ctx: AppContext, record: CaseRow, input: Static<typeof ReferralBody>): Promise<GrantValues> {
  const fields = [...new Set(input.fields)];
  const missing: Record<string, string> = {};
  for (const f of WRITTEN_FIELDS) if (fields.includes(f) && !input[f]?.trim()) missing[f] = 'referrals.errors.writeField';
  if (Object.keys(missing).length > 0) throw new ValidationError(missing);
  const identity = record.identity_enc ? await ctx.keys.decrypt<PersonIdentity>(record.identity_enc, identityKeyLabel(record.id)) : null;
  const values: GrantValues = {};
  for (const f of fields) {
    switch (f) {
      case 'firstName':
        if (identity?.firstName) values.firstName = identity.firstName;
        break;
      case 'ageBand':
        values.ageBand = ageBand(identity, record.is_child === 1);
        break;
      case 'gender':
        if (record.prs_gender) values.gender = record.prs_gender;
        break;
      case 'languages':
        if (identity?.languages?.length) values.languages = identity.languages;
        break;
      case 'citizenship':
        if (record.prs_citizenship) values.citizenship = JSON.parse(record.prs_citizenship) as string[];
        break;
      case 'needsSummary':
      case 'safeContact':
      case 'medicalNotes':
        values[f] = (input[f] ?? '').trim();
        break;
    }
  }
  return values;
}

/** The stored grant of a referral, decrypted (empty for an incoming referral). */
export async function storedGrant(ctx: AppContext, row: { id: string; grant_enc: string | null }): Promise<GrantValues> {
  return row.grant_enc ? await ctx.keys.decrypt<GrantValues>(row.grant_enc, `referrals.grant:${row.id}`) : {};
}

/** The granted field codes of a referral, as recorded in the clear. */
export function grantFields(row: { grant_fields: string }): GrantableField[] {
  return JSON.parse(row.grant_fields) as GrantableField[];
}

/** Only the named fields leave, even if the stored grant held more. */
export function namedGrant(fields: readonly GrantableField[], stored: GrantValues): GrantValues {
  const grant: GrantValues = {};
  for (const f of fields) if (stored[f] !== undefined) grant[f] = stored[f];
  return grant;
}
