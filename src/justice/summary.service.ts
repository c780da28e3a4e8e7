import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { canJustice } from './justice.policy.js';
import { type CaseRef, todayIso } from './justice.service.js';
import { type LegalPageModel, legalPage, type ProceedingsPageModel, proceedingsPage, type RedressPageModel, redressPage } from './justice-view.service.js';

/** The justice part of a case's summary export: what its staff see on the three tabs, in one model. */
export interface JusticeSummary {
  cooperation: LegalPageModel['profile'];
  statuses: LegalPageModel['statuses'];
  disclosures: LegalPageModel['disclosures'];
  proceedings: ProceedingsPageModel['links'];
  compensation: RedressPageModel['compensation'];
  nonPunishment: RedressPageModel['nonPunishment'];
  today: string;
}

/** Null when the user does not handle the case's legal side (the export then leaves it out). */
export async function justiceSummary(ctx: AppContext, user: AuthUser, record: CaseRef): Promise<JusticeSummary | null> {
  if (!canJustice(user, 'read', record)) return null;
  const [legal, proceedings, redress] = await Promise.all([legalPage(ctx, user, record), proceedingsPage(ctx, record), redressPage(ctx, record)]);
  return {
    cooperation: legal.profile,
    statuses: legal.statuses,
    disclosures: legal.disclosures,
    proceedings: proceedings.links,
    compensation: redress.compensation,
    nonPunishment: redress.nonPunishment,
    today: todayIso(),
  };
}
