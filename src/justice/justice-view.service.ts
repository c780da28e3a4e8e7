import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { canOnCase, hasConsent } from '../cases/index.js';
import { caseReferrals } from '../referrals/referrals.service.js';
import { type CaseRef, daysBetween, sealedLabel, todayIso } from './justice.service.js';
import * as repo from './justice.repository.js';
import * as prepo from './proceedings.repository.js';
import { STAGES, type Stage } from './justice.schema.js';

/*
 * What people see of justice on a case, decrypted for its staff (the caller loaded the case through loadCaseFor:
 * policy and access log), and the due list in the user's scope. Another office's part of a shared proceeding (its
 * cases, hearings, measures) is never read here: only the proceeding's own fields are shared.
 */

const open = <T>(ctx: AppContext, enc: string | null, label: string): Promise<T | null> => (enc ? ctx.keys.decrypt<T>(enc, label) : Promise.resolve(null));

export interface KindView {
  id: string;
  code: string;
  label: string | null;
  category: string;
  defaultDays: number | null;
  warnDays: number;
  own: boolean;
}

export interface StatusView {
  id: string;
  kind: string;
  kindLabel: string | null;
  category: string;
  status: string;
  appliedOn: string | null;
  startOn: string | null;
  endOn: string | null;
  grantedBy: string | null;
  reference: string | null;
  renewal: string | null;
  /** Days until the end (negative once passed), for a granted status with an end. */
  daysLeft: number | null;
  /** Within its warning days before the end. */
  ending: boolean;
  warnedAt: string | null;
  endedNoticeAt: string | null;
  extensions: number;
  version: number;
}

export interface LegalPageModel {
  profile: {
    cooperation: string;
    cooperationOn: string | null;
    risk: string;
    riskAction: string | null;
    riskReviewedOn: string | null;
    version: number;
  } | null;
  statuses: StatusView[];
  kinds: KindView[];
  disclosures: Array<{ id: string; recipient: string; sharedOn: string; what: string; consentOverridden: boolean }>;
  proceedings: Array<{ id: string; label: string }>;
  justiceConsent: boolean;
  canOverride: boolean;
  today: string;
}

export async function kindViews(ctx: AppContext, officeId: string): Promise<KindView[]> {
  const rows = await repo.kindsFor(ctx.db, officeId);
  return rows.map((k) => ({
    id: k.id,
    code: k.code,
    label: k.label,
    category: k.category,
    defaultDays: k.default_days,
    warnDays: k.warn_days,
    own: k.office_id !== null,
  }));
}

export async function statusViews(ctx: AppContext, record: CaseRef, today = todayIso()): Promise<StatusView[]> {
  const kinds = await repo.kindsFor(ctx.db, record.office_id);
  const rows = await repo.statusesOf(ctx.db, record.id);
  return Promise.all(
    rows.map(async (s) => {
      const daysLeft = s.status === 'granted' && s.end_on ? daysBetween(today, s.end_on) : null;
      return {
        id: s.id,
        kind: s.kind_code,
        kindLabel: kinds.find((k) => k.code === s.kind_code)?.label ?? null,
        category: s.category,
        status: s.status,
        appliedOn: s.applied_on,
        startOn: s.start_on,
        endOn: s.end_on,
        grantedBy: await open<string>(ctx, s.granted_by_enc, sealedLabel('justice_statuses.granted_by', s.id)),
        reference: await open<string>(ctx, s.reference_enc, sealedLabel('justice_statuses.reference', s.id)),
        renewal: await open<string>(ctx, s.renewal_enc, sealedLabel('justice_statuses.renewal', s.id)),
        daysLeft,
        ending: daysLeft !== null && daysLeft <= s.warn_days,
        warnedAt: s.warned_at,
        endedNoticeAt: s.ended_notice_at,
        extensions: s.extensions,
        version: s.version,
      };
    }),
  );
}

function proceedingLabel(p: { kind: string; jurisdiction: string; court: string | null }): string {
  return [p.jurisdiction, p.court].filter(Boolean).join(' · ');
}

export async function legalPage(ctx: AppContext, actor: AuthUser, record: CaseRef): Promise<LegalPageModel> {
  const profile = await repo.findProfile(ctx.db, record.id);
  const links = await prepo.linksOfCase(ctx.db, record.id);
  const disclosures = await repo.disclosuresOf(ctx.db, record.id);
  return {
    profile: profile
      ? {
          cooperation: profile.cooperation,
          cooperationOn: profile.cooperation_on,
          risk: profile.risk,
          riskAction: await open<string>(ctx, profile.risk_action_enc, sealedLabel('justice_profiles.risk_action', record.id)),
          riskReviewedOn: profile.risk_reviewed_on,
          version: profile.version,
        }
      : null,
    statuses: await statusViews(ctx, record),
    kinds: await kindViews(ctx, record.office_id),
    disclosures: await Promise.all(
      disclosures.map(async (d) => ({
        id: d.id,
        recipient: d.recipient,
        sharedOn: d.shared_on,
        what: (await open<string>(ctx, d.what_enc, sealedLabel('justice_disclosures.what', d.id))) ?? '',
        consentOverridden: d.consent_overridden === 1,
      })),
    ),
    proceedings: links.map((l) => ({ id: l.id, label: proceedingLabel(l) })),
    justiceConsent: await hasConsent(ctx.db, { caseId: record.id, purpose: 'justice' }),
    canOverride: canOnCase(actor, 'override-consent', record),
    today: todayIso(),
  };
}

export interface HearingView {
  id: string;
  heldOn: string;
  place: string | null;
  mine: { mustAttend: boolean; supportPerson: string | null; interpreter: string | null; guardian: string | null } | null;
}

export interface LinkView {
  linkId: string;
  linkVersion: number;
  role: string;
  testified: boolean;
  legalReferralId: string | null;
  proceeding: {
    id: string;
    /** The code to give another office whose case is part of it. */
    shareCode: string;
    kind: string;
    jurisdiction: string;
    court: string | null;
    reference: string | null;
    stage: string;
    stageDates: Array<{ stage: Stage; on: string }>;
    outcome: string;
    version: number;
  };
  /** This office's cases in the proceeding (this one included); other offices' are not counted. */
  officeCases: number;
  hearings: HearingView[];
  measures: Array<{ id: string; measure: string; status: string; requestedOn: string; decidedOn: string | null; byDefault: boolean; version: number }>;
}

export interface ProceedingsPageModel {
  isChild: boolean;
  links: LinkView[];
  joinable: Array<{ id: string; label: string }>;
  legalReferrals: Array<{ id: string; label: string }>;
  today: string;
}

export async function proceedingsPage(ctx: AppContext, record: CaseRef): Promise<ProceedingsPageModel> {
  const links = await prepo.linksOfCase(ctx.db, record.id);
  const ids = links.map((l) => l.id);
  const [hearings, people, measures, counts, office, referrals] = await Promise.all([
    prepo.hearingsOf(ctx.db, record.office_id, ids),
    prepo.hearingPeopleOfCase(ctx.db, record.id),
    prepo.measuresOfCase(ctx.db, record.id),
    prepo.officeCaseCounts(ctx.db, record.office_id, ids),
    prepo.proceedingsOfOffice(ctx.db, record.office_id),
    caseReferrals(ctx, record),
  ]);
  const views: LinkView[] = [];
  for (const l of links) {
    const stageDates: LinkView['proceeding']['stageDates'] = [];
    for (const s of STAGES) {
      const on = l[`${s}_on`];
      if (on) stageDates.push({ stage: s, on });
    }
    views.push({
      linkId: l.link_id,
      linkVersion: l.link_version,
      role: l.role,
      testified: l.testified === 1,
      legalReferralId: l.legal_referral_id,
      proceeding: {
        id: l.id,
        shareCode: l.share_code,
        kind: l.kind,
        jurisdiction: l.jurisdiction,
        court: l.court,
        reference: await open<string>(ctx, l.reference_enc, sealedLabel('justice_proceedings.reference', l.id)),
        stage: l.stage,
        stageDates,
        outcome: l.outcome,
        version: l.version,
      },
      officeCases: counts.get(l.id) ?? 1,
      hearings: await Promise.all(
        hearings
          .filter((h) => h.proceeding_id === l.id)
          .map(async (h) => {
            const p = people.find((x) => x.hearing_id === h.id && x.link_id === l.link_id);
            return {
              id: h.id,
              heldOn: h.held_on,
              place: h.place,
              mine: p
                ? {
                    mustAttend: p.must_attend === 1,
                    supportPerson: await open<string>(ctx, p.support_person_enc, sealedLabel('justice_hearing_people.support_person', p.id)),
                    interpreter: p.interpreter,
                    guardian: await open<string>(ctx, p.guardian_enc, sealedLabel('justice_hearing_people.guardian', p.id)),
                  }
                : null,
            };
          }),
      ),
      measures: measures
        .filter((m) => m.link_id === l.link_id)
        .map((m) => ({
          id: m.id,
          measure: m.measure,
          status: m.status,
          requestedOn: m.requested_on,
          decidedOn: m.decided_on,
          byDefault: m.by_default === 1,
          version: m.version,
        })),
    });
  }
  return {
    isChild: record.is_child === 1,
    links: views,
    joinable: office.filter((p) => !ids.includes(p.id)).map((p) => ({ id: p.id, label: proceedingLabel(p) })),
    legalReferrals: referrals
      .filter((r) => r.direction === 'outgoing' && r.service === 'legal')
      .map((r) => ({ id: r.id, label: `${r.organisationName} · ${r.referralDate}` })),
    today: todayIso(),
  };
}

export interface RedressPageModel {
  compensation: Array<{
    id: string;
    kind: string;
    currency: string;
    claimed: number;
    awarded: number | null;
    received: number | null;
    claimedOn: string;
    awardedOn: string | null;
    receivedOn: string | null;
    outcome: string;
    version: number;
  }>;
  nonPunishment: Array<{
    id: string;
    offence: string;
    details: string | null;
    requestKind: string;
    requestedOn: string;
    outcome: string;
    decidedOn: string | null;
    version: number;
  }>;
  proceedings: Array<{ id: string; label: string }>;
  today: string;
}

export async function redressPage(ctx: AppContext, record: CaseRef): Promise<RedressPageModel> {
  const [claims, requests, links] = await Promise.all([
    repo.compensationOf(ctx.db, record.id),
    repo.nonPunishmentOf(ctx.db, record.id),
    prepo.linksOfCase(ctx.db, record.id),
  ]);
  return {
    compensation: claims.map((c) => ({
      id: c.id,
      kind: c.kind,
      currency: c.currency,
      claimed: Number(c.claimed_minor) / 100,
      awarded: c.awarded_minor === null ? null : Number(c.awarded_minor) / 100,
      received: c.received_minor === null ? null : Number(c.received_minor) / 100,
      claimedOn: c.claimed_on,
      awardedOn: c.awarded_on,
      receivedOn: c.received_on,
      outcome: c.outcome,
      version: c.version,
    })),
    nonPunishment: await Promise.all(
      requests.map(async (r) => ({
        id: r.id,
        offence: r.offence,
        details: await open<string>(ctx, r.details_enc, sealedLabel('justice_non_punishment.details', r.id)),
        requestKind: r.request_kind,
        requestedOn: r.requested_on,
        outcome: r.outcome,
        decidedOn: r.decided_on,
        version: r.version,
      })),
    ),
    proceedings: links.map((l) => ({ id: l.id, label: proceedingLabel(l) })),
    today: todayIso(),
  };
}

export interface DueModel {
  statuses: Array<{ id: string; caseId: string; caseNumber: string; kind: string; category: string; endOn: string; daysLeft: number; warned: boolean }>;
  hearings: Array<{ id: string; caseId: string; caseNumber: string; heldOn: string; place: string | null; mustAttend: boolean }>;
  kindLabels: Record<string, string>;
}

/** Periods and permits ending within 120 days (or already ended) and hearings within 60 days, in the user's cases. */
export async function dueList(ctx: AppContext, user: AuthUser, today = todayIso()): Promise<DueModel> {
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + 120 * 86_400_000).toISOString().slice(0, 10);
  const hearingsUntil = new Date(Date.parse(`${today}T00:00:00Z`) + 60 * 86_400_000).toISOString().slice(0, 10);
  const [statuses, hearings] = await Promise.all([
    repo.dueStatusesFor(ctx.db, user, until),
    repo.dueHearingsFor(ctx.db, { user, from: today, until: hearingsUntil }),
  ]);
  const kindLabels: Record<string, string> = {};
  for (const officeId of new Set(statuses.map((s) => s.office_id))) {
    for (const k of await repo.kindsFor(ctx.db, officeId)) if (k.label) kindLabels[k.code] = k.label;
  }
  return {
    statuses: statuses
      .filter((s) => s.end_on)
      .map((s) => ({
        id: s.id,
        caseId: s.case_id,
        caseNumber: s.case_number,
        kind: s.kind_code,
        category: s.category,
        endOn: s.end_on as string,
        daysLeft: daysBetween(today, s.end_on as string),
        warned: s.warned_at !== null,
      })),
    hearings: hearings.map((h) => ({
      id: h.id,
      caseId: h.case_id,
      caseNumber: h.case_number,
      heldOn: h.held_on,
      place: h.place,
      mustAttend: h.must_attend === 1,
    })),
    kindLabels,
  };
}
