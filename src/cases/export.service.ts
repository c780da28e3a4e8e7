import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { CaseSummarySection } from '../platform/features/feature.js';
import { ForbiddenError } from '../platform/http/errors.js';
import { findOffice } from '../offices/offices.repository.js';
import { assessments } from './assessments.service.js';
import { childRecords } from './children.service.js';
import { can } from './cases.policy.js';
import { userDisplayName } from './cases.repository.js';
import type { CaseRow } from './cases.table.js';
import { consentsOf } from './consent.service.js';
import { notesOf } from './notes.service.js';
import { perpetrators, readPerson } from './record.service.js';
import { screenings } from './screening/screening.service.js';
import { recordCaseEvent } from './case-events.js';
import { caseStory } from './case-reports.service.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.exported': { format: 'html' | 'json' | 'pdf' };
  }
}

/** Everything of one case, decrypted, for the person or for a transfer; the export itself is audited. */
export async function caseBundle(ctx: AppContext, { actor, record, format }: { actor: AuthUser; record: CaseRow; format: 'html' | 'json' | 'pdf' }) {
  if (!can(actor, 'read', record)) throw new ForbiddenError();
  const [person, perps, consents, screens, assess, child, notes, office, owner] = await Promise.all([
    readPerson(ctx, record),
    perpetrators(ctx, record.id),
    consentsOf(ctx, record.id),
    screenings(ctx, record.id),
    assessments(ctx, record.id),
    childRecords(ctx, record.id),
    notesOf(ctx, record.id),
    findOffice(ctx.db, record.office_id).then((o) => (o ? { name: o.name, code: o.code } : undefined)),
    record.owner_id ? userDisplayName(ctx.db, record.owner_id) : Promise.resolve(undefined),
  ]);
  const story = await caseStory(ctx, actor, record);
  await recordCaseEvent(ctx.db, { actorId: actor.id, record, type: 'case.exported', data: { format } });
  return { record, person, perps, consents, screens, assess, child, notes, office, owner: owner ?? null, story };
}

export type CaseBundle = Awaited<ReturnType<typeof caseBundle>>;

/**
 * The parts other features contribute to the summary (plan, referrals, solution), each loaded as this reader may
 * see it: a part whose owner says "nothing for this reader" is left out.
 */
export async function summaryParts(
  ctx: AppContext,
  { actor, record, sections }: { actor: AuthUser; record: CaseRow; sections: readonly CaseSummarySection[] },
) {
  const parts: Array<{ section: CaseSummarySection; model: unknown }> = [];
  for (const section of sections) {
    const model = await section.load(ctx, actor, record);
    if (model !== undefined && model !== null) parts.push({ section, model });
  }
  return parts;
}

/** The case as HTCDS v2.0 field names (prs_, vic_, per_, cas_, con_, cco_), with Abri's extras under `abri_`. */
export function toHtcds(b: CaseBundle) {
  const { record: r, person: p } = b;
  const id = p.identity;
  return {
    standard: 'HTCDS 2.0',
    prs_FirstName: id.firstName ?? null,
    prs_MiddleName: id.middleName ?? null,
    prs_SecondName: id.lastName ?? null,
    prs_Aliases: id.aliases ?? [],
    prs_Birthdate: id.birthDate ?? null,
    prs_EstimatedAge: id.estimatedAge ?? null,
    prs_Gender: r.prs_gender,
    prs_Citizenship: r.prs_citizenship ? JSON.parse(r.prs_citizenship) : [],
    prs_PrimaryLanguage: id.languages?.[0] ?? null,
    prs_SecondaryLanguage: id.languages?.[1] ?? null,
    prs_IdentityNumber: id.documents?.[0]?.number ?? null,
    prs_MobilePhone: p.contact.phones?.[0] ?? null,
    prs_Email: p.contact.email ?? null,
    prs_MailingStreet: p.contact.address ?? null,
    vic_TraffickingStatus: r.vic_trafficking_status,
    vic_TraffickingStatusDecisionMakingOrg: r.vic_status_decision_org,
    vic_RelationshipToTrafficker: p.context.relationship ?? null,
    vic_MethodOfRecruitment: p.context.recruitmentMethod ?? null,
    vic_LocationOfRecruitment: p.context.recruitmentPlace ?? null,
    vic_MethodsOfControl: p.context.methodsOfControl ?? [],
    vic_TypeOfExploitation: p.context.exploitationTypes ?? [],
    vic_ForcedLabourIndustry: p.context.industry ?? null,
    vic_LocationOfExploitation: p.context.exploitationPlace ?? null,
    per_Perpetrators: b.perps.map((x) => ({ per_RoleInProcess: x.per_role_in_process, per_RoleDetails: x.details || null })),
    cas_CaseNumber: r.case_number,
    cas_Status: r.cas_status,
    cas_ReasonForCaseClosure: r.cas_reason_for_case_closure,
    cas_CaseOwner: b.owner,
    cas_ReferringOrganisation: p.referral.referringOrganisation ?? null,
    cas_IncomingReferralDate: p.referral.referralDate ?? null,
    cas_ReasonForIncomingReferral: p.referral.referralReason ?? null,
    cas_IncomingReferralDetails: p.referral.referralDetails ?? null,
    con_Consent: b.consents.map((c) => ({
      purpose: c.purpose,
      given: c.given === 1,
      organisation: c.org_name ?? null,
      decidedAt: c.decided_at,
      withdrawnAt: c.withdrawn_at,
      language: c.language,
      interpreter: c.interpreter === 1,
      childAssent: c.child_assent === null ? null : c.child_assent === 1,
      guardianConsent: c.guardian_consent === null ? null : c.guardian_consent === 1,
    })),
    cco_CaseComment: b.notes.map((n) => ({ createdAt: n.createdAt, author: n.author, text: n.body })),
    abri_Office: b.office?.code ?? null,
    abri_Stage: r.stage,
    abri_AgeStatus: r.age_status,
    abri_IsChild: r.is_child === 1,
    abri_OpenedAt: r.opened_at,
    abri_ClosedAt: r.closed_at,
    abri_Screenings: b.screens.map((s) => ({
      date: s.created_at,
      list: s.list_id,
      listVersion: s.list_version,
      outcome: s.outcome,
      reasons: s.reasonList,
      elements: s.elementsObj,
      indicators: s.indicatorList,
    })),
    abri_Assessments: b.assess.map((a) => ({ date: a.assessed_on, riskLevel: a.risk_level, safety: a.safetyObj, needs: a.needList, factors: a.factorObj })),
    abri_Guardians: b.child.guardians.map((g) => ({
      kind: g.kind,
      name: g.details.name,
      organisation: g.details.organisation ?? null,
      appointedOn: g.appointed_on,
      endedOn: g.ended_on,
    })),
    abri_BestInterestsAssessments: b.child.bias.map((x) => ({ date: x.assessed_on, childHeard: x.child_heard === 1, summary: x.summary })),
    abri_BestInterestsDeterminations: b.child.bids.map((x) => ({
      date: x.decided_on,
      question: x.question,
      decision: x.decision,
      panel: x.panelList,
      status: x.status,
    })),
    abri_FamilyAssessments: b.child.families.map((x) => ({
      date: x.assessed_on,
      familyAgrees: x.family_agrees,
      familyAble: x.family_able,
      outcome: x.outcome,
    })),
  };
}
