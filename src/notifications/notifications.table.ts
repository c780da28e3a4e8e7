import type { Generated, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/*
 * Notifications hold no personal data: an event code, a link inside the app (ids only), and who it is for.
 * The outbox names a user, never an address: the address is read when the mail is sent.
 */

export interface NotificationTable {
  id: string;
  user_id: string;
  /** An event code of NOTIFICATION_EVENTS. */
  event: string;
  urgent: Generated<number>;
  office_id: string | null;
  /** A path inside the staff app (ids only), e.g. /staff/reports/<id>. */
  link: string;
  /** none (in-app only) | queued (an immediate mail is in the outbox) | digest (waits for the daily digest) | digested */
  mail_state: string;
  created_at: Iso;
  read_at: Iso | null;
}

export interface NotificationOutboxTable {
  id: string;
  user_id: string;
  /** immediate | digest */
  kind: string;
  /** How many notifications the mail stands for (the digest's count). */
  items: Generated<number>;
  /** pending | sent | failed | cancelled */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Iso;
  /** An error code only (ECONNREFUSED, 450...), never a server message, which may quote an address. */
  last_error: string | null;
  created_at: Iso;
  sent_at: Iso | null;
}

export interface NotificationPreferenceTable {
  user_id: string;
  /** JSON array of the event codes this person does not want. */
  muted: Generated<string>;
  /** immediate | digest | none (in-app only) */
  delivery: string;
  /** The person's local date (YYYY-MM-DD) of the last digest. */
  last_digest_on: string | null;
  version: Generated<number>;
  updated_at: Iso;
}

export interface OfficeClockTable {
  office_id: string;
  untriaged_hours: number;
  urgent_hours: number;
  referral_days: number;
  /** Who takes a case opened from triage when nobody is chosen (CASE_ASSIGNMENT_RULES). */
  case_assignment: Generated<string>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Iso;
}

export interface ReportEscalationTable {
  report_id: string;
  office_id: string | null;
  limit_hours: number;
  escalated_at: Iso;
}

export interface ReferralReminderTable {
  referral_id: string;
  office_id: string;
  reminded_at: Iso;
}

/** A follow-up reminder (case_reminder) or a plan objective (plan_objective) notified as past due on `due_on`. */
export interface DueNoticeTable {
  subject_type: string;
  subject_id: string;
  due_on: string;
  office_id: string;
  notified_at: Iso;
}

export type NotificationRow = Selectable<NotificationTable>;
export type OutboxRow = Selectable<NotificationOutboxTable>;
export type PreferenceRow = Selectable<NotificationPreferenceTable>;
export type OfficeClockRow = Selectable<OfficeClockTable>;
