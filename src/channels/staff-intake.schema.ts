import { type Static, Type } from '@sinclair/typebox';
import { ReportBody } from '../reports/reports.schema.js';

/** The channels a triage operator records by hand: a hotline call or a visit in person. */
export const STAFF_CHANNELS = ['hotline', 'walk_in'] as const;

/**
 * A report taken during a call or a visit: the public form's questions (the same schema, so the same checks and
 * the same scoring), plus how it came. The caller's preferred safe way and time to be contacted are the public
 * form's contactHow / contactWhen, sealed with the rest of what they said.
 */
export const StaffReportBody = Type.Object({
  channel: Type.Union(STAFF_CHANNELS.map((c) => Type.Literal(c))),
  ...ReportBody.properties,
});
export type StaffReportInput = Static<typeof StaffReportBody>;
