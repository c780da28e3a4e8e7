import type { AppContext } from '../platform/context.js';
import { organisationNames } from '../offices/offices.repository.js';
import { caseEvents, caseViews, userDisplayName } from './cases.repository.js';
import { correctionReasons } from './corrections.service.js';

/** One line of the history: the event's type, its codes (never personal values) and the names of staff and partners. */
export interface HistoryEvent {
  type: string;
  created_at: string;
  actor: string | null;
  data: Record<string, unknown>;
}

/** One line of the access log in words: what kind of page or request, and through which door. */
export interface HistoryView {
  /** The stored action (the API gives it as it is; the page shows it in words). */
  action: string;
  actor_id: string | null;
  created_at: string;
  actor: string | null;
  /** 'viewed' | 'changed' | 'api' | 'partner' | 'duplicate' | 'other' */
  kind: string;
  /** The part of the case: a tab's name ('overview', 'history', 'plan'…), or '' when not known. */
  section: string;
}

export interface HistoryModel {
  events: HistoryEvent[];
  views: HistoryView[];
  /** Display names of the staff and partner organisations the events name by id. */
  names: Record<string, string>;
}

const SECTIONS = new Set([
  'overview',
  'assessments',
  'assign',
  'child',
  'close',
  'consent',
  'consents',
  'edit',
  'export',
  'files',
  'history',
  'notes',
  'perpetrators',
  'plan',
  'referrals',
  'reintegration',
  'reminders',
  'reopen',
  'screening',
  'stage',
  'status',
  'solution',
  'summary',
]);

/** Reads an access-log action ("GET /staff/cases/:id/history", "partner.grant_read portal referral:…") as words. */
export function accessInWords(action: string): { kind: string; section: string } {
  if (action === 'cases.duplicate_hint') return { kind: 'duplicate', section: '' };
  if (action.startsWith('partner.grant_read')) return { kind: 'partner', section: 'referrals' };
  const m = /^([A-Z]+) (\/\S*)$/.exec(action);
  if (!m) return { kind: 'other', section: '' };
  const [, method, url] = m as unknown as [string, string, string];
  const after = /\/:id(?:\/([a-z-]+))?/.exec(url);
  const raw = after ? (after[1] ?? 'overview') : '';
  const section = SECTIONS.has(raw) ? (raw === 'consents' ? 'consent' : raw) : '';
  if (url.startsWith('/api/')) return { kind: 'api', section };
  return { kind: method === 'GET' || method === 'HEAD' ? 'viewed' : 'changed', section };
}

/**
 * The case's typed events (audit chain) and who looked at it (access log), newest first, in words: an event told
 * twice (a partner's service once as the plan's and once as the referral's, before issue 21) is shown once.
 */
export async function caseHistory(ctx: AppContext, caseId: string): Promise<HistoryModel> {
  const rows = await caseEvents(ctx.db, caseId);
  const parsed = rows.map((r) => ({ type: r.type, created_at: r.created_at, actor: r.actor, data: safeJson(r.data) }));
  const planServices = new Set(parsed.filter((e) => e.type === 'plan.service_recorded').map((e) => e.data.serviceId));
  const events = parsed.filter((e) => !(e.type === 'referral.service_recorded' && planServices.has(e.data.serviceId)));
  // A correction's or a withdrawal's reason is sealed with the correction; the reader of the history reads it.
  const correctionIds = events.map((e) => e.data.correctionId).filter((x): x is string => typeof x === 'string');
  const reasons = await correctionReasons(ctx, caseId, correctionIds);
  for (const e of events) if (typeof e.data.correctionId === 'string') e.data.reason = reasons.get(e.data.correctionId) ?? '';
  const userIds = new Set<string>();
  const orgIds = new Set<string>();
  for (const e of events) {
    for (const k of ['ownerId', 'previousOwnerId']) if (typeof e.data[k] === 'string') userIds.add(e.data[k] as string);
    if (typeof e.data.organisationId === 'string') orgIds.add(e.data.organisationId);
  }
  const names: Record<string, string> = {};
  for (const id of userIds) {
    const n = await userDisplayName(ctx.db, id);
    if (n) names[id] = n;
  }
  for (const [id, n] of await organisationNames(ctx.db, [...orgIds])) names[id] = n;
  const views = (await caseViews(ctx.db, caseId)).map((v) => ({
    action: v.action,
    actor_id: v.actor_id,
    created_at: v.created_at,
    actor: v.actor,
    ...accessInWords(v.action),
  }));
  return { events, views, names };
}

function safeJson(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
