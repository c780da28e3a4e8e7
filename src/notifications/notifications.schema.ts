import { Type } from '@sinclair/typebox';
import { UUID_PATTERN } from '../platform/ids.js';

/** Every event a person may be told of (the order of the preferences page). */
export const NOTIFICATION_EVENTS = [
  'report_new',
  'reporter_message',
  'report_escalated',
  'case_assigned',
  'case_opened',
  'referral_received',
  'referral_pending',
  'referral_message',
  'handover_offered',
  'plan_overdue',
  'follow_up_due',
  'justice_status_ending',
  'justice_status_ended',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const DELIVERIES = ['immediate', 'digest', 'none'] as const;

export const PreferencesBody = Type.Object({
  events: Type.Array(Type.Union(NOTIFICATION_EVENTS.map((e) => Type.Literal(e))), { maxItems: NOTIFICATION_EVENTS.length }),
  delivery: Type.Union(DELIVERIES.map((d) => Type.Literal(d))),
});

/** Who takes a case opened from triage when the operator chooses nobody (an office setting beside its clocks). */
export const CASE_ASSIGNMENT_RULES = ['none', 'round_robin', 'fewest_open'] as const;
export type CaseAssignmentRule = (typeof CASE_ASSIGNMENT_RULES)[number];

export const ClockBody = Type.Object({
  untriagedHours: Type.Integer({ minimum: 1, maximum: 720, 'x-error': 'notifications.errors.hours' }),
  urgentHours: Type.Integer({ minimum: 1, maximum: 168, 'x-error': 'notifications.errors.urgentHours' }),
  referralDays: Type.Integer({ minimum: 1, maximum: 90, 'x-error': 'notifications.errors.days' }),
  caseAssignment: Type.Optional(
    Type.Union(
      CASE_ASSIGNMENT_RULES.map((r) => Type.Literal(r)),
      { 'x-error': 'errors.invalid' },
    ),
  ),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const EmptyBody = Type.Object({});

export const IdParam = Type.String({ pattern: UUID_PATTERN });
