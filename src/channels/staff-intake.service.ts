import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { ValidationError } from '../platform/http/errors.js';
import { checkCountry } from '../reports/reports.schema.js';
import { submitReport } from '../reports/reports.service.js';
import type { StaffReportInput } from './staff-intake.schema.js';

/**
 * A report taken by a triage operator during a call or a visit. It goes through the reports service like a web
 * report (routing, sealing, lookups, priority, receipt code), with its channel and the operator as the audit actor.
 * The code is returned once, to be read back to the caller; it is not stored anywhere but as its slow hash.
 */
export async function recordStaffReport(
  ctx: AppContext,
  { user, input, locale }: { user: AuthUser; input: StaffReportInput; locale: string },
): Promise<{ code: string; id: string }> {
  const countryError = checkCountry(input.country);
  if (countryError) throw new ValidationError({ country: countryError });
  const { channel, ...answers } = input;
  const { code, id } = await submitReport(ctx, { input: answers, files: [], locale, options: { channel, actorId: user.id } });
  return { code, id };
}
