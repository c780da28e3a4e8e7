import { PERMISSIONS } from '../platform/auth/roles.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { newId } from '../platform/ids.js';
import * as repo from './notifications.repository.js';
import { NOTIFICATION_EVENTS, type NotificationEvent } from './notifications.schema.js';

/*
 * The one way any feature tells staff that something waits for them. Call `notify` inside the transaction of the
 * change (pass that transaction): the in-app notifications and the outbox row are written with the change, so a
 * rolled-back change tells nobody, and the delivery job sends the mail after the commit, retrying while the mail
 * server is down. Nothing given here reaches a mail: a mail says only "something is waiting for you in Abri".
 * This module imports no other feature, so that every feature may call it.
 */

export { NOTIFICATION_EVENTS, type NotificationEvent };

const TRIAGE_ROLES = ['triage_operator', 'supervisor'] as const;
const SUPERVISORS = ['supervisor'] as const;
/** Who handles proceedings (`justice.proceedings`), and among them those who read every case of their office. */
const JUSTICE_ROLES = PERMISSIONS['justice.proceedings'];
const JUSTICE_SUPERVISORS = JUSTICE_ROLES.filter((r) => (SUPERVISORS as readonly string[]).includes(r));

/**
 * What happened, with ids only. `actorId`: the person who caused it, who is not told of their own act; `at`: when
 * (a job's clock; else now).
 */
export type Notice = { actorId?: string | null; at?: Date } & (
  | { event: 'report_new'; officeId: string | null; reportId: string; urgent: boolean }
  | { event: 'reporter_message'; officeId: string | null; reportId: string }
  | { event: 'report_escalated'; officeId: string | null; reportId: string; urgent: boolean }
  | { event: 'case_assigned'; userId: string; officeId: string; caseId: string }
  | { event: 'case_opened'; officeId: string; caseId: string }
  | { event: 'referral_received'; organisationId: string; officeId: string; referralId: string }
  | { event: 'referral_pending'; organisationId: string; officeId: string; referralId: string; caseId: string; caseWorkerId: string | null }
  | { event: 'referral_message'; to: 'partner'; organisationId: string; contactId: string | null; officeId: string; referralId: string }
  | { event: 'referral_message'; to: 'office'; userIds: string[]; officeId: string; caseId: string; referralId: string }
  | { event: 'handover_offered'; toOfficeId: string; caseId: string }
  | { event: 'plan_overdue'; userId: string | null; officeId: string; caseId: string }
  | { event: 'follow_up_due'; userId: string | null; officeId: string; caseId: string }
  | { event: 'justice_status_ending' | 'justice_status_ended'; ownerId: string | null; officeId: string; caseId: string }
);

interface Recipient {
  userId: string;
  link: string;
}

async function triageStaff(db: Executor, officeId: string | null): Promise<string[]> {
  if (officeId) return repo.officeRoleHolders(db, officeId, TRIAGE_ROLES);
  return [...new Set([...(await repo.inboxOperators(db)), ...(await repo.globalRoleHolders(db, TRIAGE_ROLES))])];
}

async function recipientsOf(db: Executor, n: Notice): Promise<Recipient[]> {
  const all = (ids: string[], link: string) => ids.map((userId) => ({ userId, link }));
  switch (n.event) {
    case 'report_new':
    case 'reporter_message':
      return all(await triageStaff(db, n.officeId), `/staff/reports/${n.reportId}`);
    case 'report_escalated': {
      const ids = n.officeId ? await repo.officeRoleHolders(db, n.officeId, SUPERVISORS) : await repo.globalRoleHolders(db, ['administrator', 'supervisor']);
      return all(ids, `/staff/reports/${n.reportId}`);
    }
    case 'case_assigned':
      return all(await repo.activeUserIds(db, [n.userId]), `/staff/cases/${n.caseId}`);
    case 'case_opened':
      return all(await repo.officeRoleHolders(db, n.officeId, SUPERVISORS), `/staff/cases/${n.caseId}`);
    case 'referral_received':
      return all(await repo.partnerUsers(db, n.organisationId), `/partner/referrals/${n.referralId}`);
    case 'referral_pending':
      return [
        ...all(await repo.partnerUsers(db, n.organisationId), `/partner/referrals/${n.referralId}`),
        ...all(await repo.activeUserIds(db, n.caseWorkerId ? [n.caseWorkerId] : []), `/staff/cases/${n.caseId}/referrals`),
      ];
    case 'referral_message': {
      // The other side's named contact; a partner without one yet: all its users (none of whom has answered).
      if (n.to === 'office') {
        // The office's contact and the case's owner; when neither works here any more, the office's supervisors.
        const ids = await repo.activeUserIds(db, n.userIds);
        const link = `/staff/cases/${n.caseId}/referrals/${n.referralId}#thread`;
        return all(ids.length > 0 ? ids : await repo.officeRoleHolders(db, n.officeId, SUPERVISORS), link);
      }
      const partners = await repo.partnerUsers(db, n.organisationId);
      const ids = n.contactId && partners.includes(n.contactId) ? [n.contactId] : partners;
      return all(ids, `/partner/referrals/${n.referralId}#thread`);
    }
    case 'handover_offered':
      return all(await repo.officeRoleHolders(db, n.toOfficeId, SUPERVISORS), '/staff/solutions');
    case 'plan_overdue':
    case 'follow_up_due': {
      const ids = n.userId ? await repo.activeUserIds(db, [n.userId]) : await repo.officeRoleHolders(db, n.officeId, SUPERVISORS);
      return all(ids, n.event === 'plan_overdue' ? `/staff/cases/${n.caseId}/plan` : `/staff/cases/${n.caseId}`);
    }
    case 'justice_status_ending':
    case 'justice_status_ended': {
      // The people of the office who may open the case's legal status: its owner if they handle proceedings there,
      // and the office's supervisors who do (a case worker reads only their own cases).
      const owner = n.ownerId ? await repo.officeRoleHoldersAmong(db, { userIds: [n.ownerId], officeId: n.officeId, roles: JUSTICE_ROLES }) : [];
      const supervisors = await repo.officeRoleHolders(db, n.officeId, JUSTICE_SUPERVISORS);
      return all([...owner, ...supervisors], `/staff/cases/${n.caseId}/legal-status`);
    }
  }
}

function officeOf(n: Notice): string | null {
  return 'officeId' in n ? n.officeId : 'toOfficeId' in n ? n.toOfficeId : null;
}

/** Urgent reports and escalations are mailed at once, even to people who chose the daily digest. */
function isUrgent(n: Notice): boolean {
  return (n.event === 'report_new' || n.event === 'report_escalated') && n.urgent;
}

export function parseMuted(raw: string | undefined): NotificationEvent[] {
  try {
    const list = JSON.parse(raw ?? '[]') as unknown;
    return Array.isArray(list) ? (list.filter((e) => (NOTIFICATION_EVENTS as readonly string[]).includes(e)) as NotificationEvent[]) : [];
  } catch {
    return [];
  }
}

/**
 * Tells everyone concerned, inside the caller's transaction `tx`: an in-app notification for each (unless they
 * muted the event), and a mail in the outbox for those who want it now (or a place in their daily digest). Returns
 * how many people were told. With SMTP_URL unset, nothing is queued for mail.
 */
export async function notify(ctx: AppContext, tx: Executor, notice: Notice): Promise<number> {
  const now = notice.at ?? new Date();
  const seen = new Set<string>();
  const recipients = (await recipientsOf(tx, notice)).filter((r) => r.userId !== notice.actorId && !seen.has(r.userId) && seen.add(r.userId));
  if (recipients.length === 0) return 0;
  const prefs = await repo.preferencesOf(
    tx,
    recipients.map((r) => r.userId),
  );
  const mail = !!ctx.config.smtpUrl;
  const at = now.toISOString();
  const rows = [];
  for (const r of recipients) {
    const pref = prefs.get(r.userId);
    if (parseMuted(pref?.muted).includes(notice.event)) continue;
    const delivery = pref?.delivery ?? 'immediate';
    let mailState = 'none';
    if (mail && delivery !== 'none') {
      if (delivery === 'digest' && !isUrgent(notice)) mailState = 'digest';
      else {
        mailState = 'queued';
        if (!(await repo.hasFreshImmediate(tx, r.userId))) {
          await repo.insertOutbox(tx, { id: newId(now.getTime()), user_id: r.userId, kind: 'immediate', items: 1, next_attempt_at: at, created_at: at });
        }
      }
    }
    rows.push({
      id: newId(now.getTime()),
      user_id: r.userId,
      event: notice.event,
      urgent: isUrgent(notice) ? 1 : 0,
      office_id: officeOf(notice),
      link: r.link,
      mail_state: mailState,
      created_at: at,
    });
  }
  await repo.insertNotifications(tx, rows);
  return rows.length;
}

/**
 * For the channels of issue 17 (SMS, WhatsApp, email intake, the web follow-up): a reporter wrote on a report.
 * Call it inside the transaction that stores the message.
 */
export function notifyReporterMessage(ctx: AppContext, tx: Executor, report: { id: string; office_id: string | null }): Promise<number> {
  return notify(ctx, tx, { event: 'reporter_message', officeId: report.office_id, reportId: report.id });
}

/**
 * For the justice feature's hourly pass: a granted reflection period or residence permit of the case ends soon
 * (`ending`) or has ended (`ended`). Inside the transaction that marks the warning as given.
 */
export function notifyJusticeStatus(
  ctx: AppContext,
  tx: Executor,
  { which, status }: { which: 'ending' | 'ended'; status: { office_id: string; case_id: string; owner_id: string | null } },
): Promise<number> {
  return notify(ctx, tx, {
    event: which === 'ending' ? 'justice_status_ending' : 'justice_status_ended',
    ownerId: status.owner_id,
    officeId: status.office_id,
    caseId: status.case_id,
  });
}

/** For every way a report arrives: a new report, in an office or the national inbox. Inside the storing transaction. */
export function notifyNewReport(ctx: AppContext, tx: Executor, report: { id: string; office_id: string | null; priority: string }): Promise<number> {
  return notify(ctx, tx, { event: 'report_new', officeId: report.office_id, reportId: report.id, urgent: report.priority === 'urgent' });
}

/** The reports of the given ids that the clock escalated, with when: triage shows a mark on them. */
export function escalatedReports(ctx: AppContext, reportIds: readonly string[]): Promise<Map<string, string>> {
  return repo.escalatedAmong(ctx.db, reportIds);
}

export function unreadCount(ctx: AppContext, userId: string): Promise<number> {
  return repo.countUnread(ctx.db, userId);
}
