import type { Translator } from '../platform/i18n/i18n.js';
import { Table } from '../platform/views/components.js';
import { type CaseFrame, CaseFrameView } from './case-frame.views.js';
import type { HistoryEvent, HistoryModel, HistoryView } from './history.service.js';

export type { HistoryModel } from './history.service.js';

/** A code in the user's language through a catalog list, or nothing when the list does not know it. */
function code(t: Translator, list: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const key = `${list}.${value}`;
  return t.has(key) ? t(key) : undefined;
}

function codes(t: Translator, list: string, values: unknown): string {
  return (Array.isArray(values) ? values : [])
    .map((v) => code(t, list, v))
    .filter(Boolean)
    .join(', ');
}

/** The event's name in words: "Referral made", never `referral.created`. */
export function eventTitle(t: Translator, type: string): string {
  const key = `caseHistory.event.${type}`;
  if (t.has(key)) return t(key);
  const older = `cases.events.${type}`;
  return t.has(older) ? t(older) : t('caseHistory.event.other');
}

/**
 * What changed, in words: field names, codes and staff or partner names, never the person's values (the audit
 * holds none: ids and codes only).
 */
export function eventDetail(t: Translator, e: HistoryEvent, names: Record<string, string>): string {
  const d = e.data;
  const name = (id: unknown) => (typeof id === 'string' ? (names[id] ?? t('caseHistory.detail.someone')) : undefined);
  const change = (list: string, from: unknown, to: unknown) =>
    t('caseHistory.detail.change', { from: code(t, list, from) ?? t('caseHistory.detail.none'), to: code(t, list, to) ?? t('caseHistory.detail.none') });
  const fields = (list: unknown) => codes(t, 'caseHistory.field', list);
  const parts: Array<string | undefined> = [];
  switch (e.type) {
    case 'case.opened':
      parts.push(code(t, 'cases.source', d.source));
      break;
    case 'case.updated':
      parts.push(
        Array.isArray(d.fields)
          ? d.fields.length
            ? t('caseHistory.detail.fields', { fields: fields(d.fields) })
            : t('caseHistory.detail.noChange')
          : undefined,
      );
      break;
    case 'case.assigned':
      parts.push(t('caseHistory.detail.assigned', { to: name(d.ownerId) ?? '', from: name(d.previousOwnerId) ?? t('caseHistory.detail.nobody') }));
      break;
    case 'case.status_decided':
      parts.push(change('cases.values.trafficking', d.from, d.status), code(t, 'cases.values.decisionOrg', d.decisionOrg));
      if (typeof d.reason === 'string' && d.reason) parts.push(t('caseHistory.detail.reason', { reason: d.reason }));
      break;
    case 'case.stage_changed':
      parts.push(change('cases.stage', d.from, d.to));
      break;
    case 'case.closed':
      parts.push(code(t, 'cases.values.closure', d.reason));
      break;
    case 'case.assessed':
      parts.push(code(t, 'cases.risk', d.riskLevel));
      break;
    case 'case.screened':
      parts.push(
        code(t, 'cases.screening.outcome', d.outcome),
        Array.isArray(d.contextFilled) && d.contextFilled.length ? t('caseHistory.detail.fields', { fields: fields(d.contextFilled) }) : undefined,
      );
      break;
    case 'case.age_status_set':
      parts.push(code(t, 'cases.values.ageStatus', d.ageStatus));
      break;
    case 'case.perpetrator_added':
      parts.push(code(t, 'cases.values.perpetrator', d.role));
      break;
    case 'case.guardian_appointed':
      parts.push(code(t, 'cases.children.guardianKinds', d.kind));
      break;
    case 'case.family_assessed':
      parts.push(code(t, 'cases.children.familyOutcomes', d.outcome));
      break;
    case 'case.bid_submitted':
      parts.push(code(t, 'cases.children.questions', d.question), code(t, 'cases.children.decisions', d.decision));
      break;
    case 'case.bid_reviewed':
      parts.push(code(t, 'cases.children.bidStatuses', d.status));
      break;
    case 'case.reminder_added':
      parts.push(code(t, 'cases.values.reminder', d.kind), typeof d.dueOn === 'string' ? t('caseHistory.detail.due', { date: t.date(d.dueOn) }) : undefined);
      break;
    case 'case.note_corrected':
    case 'case.note_withdrawn':
    case 'plan.service_corrected':
    case 'plan.service_withdrawn':
      if (Array.isArray(d.fields) && d.fields.length) parts.push(t('corrections.history.fields', { fields: fields(d.fields) }));
      if (typeof d.reason === 'string' && d.reason) parts.push(t('caseHistory.detail.reason', { reason: d.reason }));
      break;
    case 'consent.recorded':
      parts.push(
        t('caseHistory.detail.consent', { purpose: code(t, 'cases.consent.purposes', d.purpose) ?? '', given: d.given ? 'yes' : 'no' }),
        typeof d.organisationId === 'string' ? name(d.organisationId) : undefined,
      );
      break;
    case 'consent.withdrawn':
    case 'consent.overridden':
      parts.push(code(t, 'cases.consent.purposes', d.purpose), typeof d.organisationId === 'string' ? name(d.organisationId) : undefined);
      break;
    case 'referral.created':
      parts.push(
        t('caseHistory.detail.referral', { service: code(t, 'plans.types', d.service) ?? '', organisation: name(d.organisationId) ?? '' }),
        Array.isArray(d.fields) && d.fields.length ? t('caseHistory.detail.shared', { fields: codes(t, 'referrals.fields', d.fields) }) : undefined,
        d.consentOverridden ? t('caseHistory.detail.withoutConsent') : undefined,
      );
      break;
    case 'referral.transition':
      parts.push(name(d.organisationId), change('referrals.status', d.from, d.to));
      break;
    case 'referral.incoming_recorded':
    case 'referral.follow_up_due':
      parts.push(name(d.organisationId));
      break;
    case 'plan.objective_added':
      parts.push(code(t, 'plans.splTypes', d.splType));
      break;
    case 'plan.objective_updated':
      parts.push(code(t, 'plans.objectiveStatus', d.status));
      break;
    case 'plan.action_added':
      parts.push(
        code(t, 'plans.types', d.type),
        typeof d.ownerId === 'string' ? t('caseHistory.detail.owner', { name: name(d.ownerId) ?? '' }) : undefined,
        typeof d.dueDate === 'string' ? t('caseHistory.detail.due', { date: t.date(d.dueDate) }) : undefined,
      );
      break;
    case 'plan.action_updated':
      parts.push(
        Array.isArray(d.fields) && d.fields.length ? t('caseHistory.detail.fields', { fields: fields(d.fields) }) : undefined,
        code(t, 'plans.actionStatus', d.status),
      );
      break;
    case 'plan.action_overdue':
      parts.push(typeof d.dueDate === 'string' ? t('caseHistory.detail.due', { date: t.date(d.dueDate) }) : undefined);
      break;
    case 'plan.service_recorded':
    case 'referral.service_recorded':
      parts.push(code(t, 'plans.types', d.service), typeof d.organisationId === 'string' ? name(d.organisationId) : undefined);
      break;
  }
  return parts.filter((p): p is string => Boolean(p)).join(' · ');
}

/** An access-log line in words: "Viewed the history", "Changed the plan", "Read through the API". */
export function viewText(t: Translator, v: Pick<HistoryView, 'kind' | 'section'>): string {
  const section = v.section ? t(`caseHistory.section.${v.section}`) : t('caseHistory.section.unknown');
  return t(`caseHistory.access.${v.kind}`, { section });
}

/** The case's events in words and who looked at it. */
export function HistoryPage(frame: CaseFrame, h: HistoryModel) {
  const { t } = frame;
  return (
    <CaseFrameView frame={frame}>
      <>
        <Table
          caption={t('cases.history.events')}
          head={[t('cases.history.when'), t('cases.history.who'), t('cases.history.what'), t('caseHistory.details')]}
          rows={h.events.map((e) => [
            t.date(e.created_at, undefined, true),
            e.actor ?? t('cases.history.system'),
            eventTitle(t, e.type),
            eventDetail(t, e, h.names) || '—',
          ])}
          empty={t('cases.history.none')}
        />
        <Table
          caption={t('cases.history.views')}
          head={[t('cases.history.when'), t('cases.history.who'), t('caseHistory.accessWhat')]}
          rows={h.views.map((v) => [t.date(v.created_at, undefined, true), v.actor ?? '—', viewText(t, v)])}
          empty={t('cases.history.none')}
        />
      </>
    </CaseFrameView>
  );
}
