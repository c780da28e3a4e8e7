import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { ForbiddenError } from '../platform/http/errors.js';
import { isId } from '../platform/ids.js';
import { officeNames, officeSummaries } from '../offices/offices.repository.js';
import { incomingHandovers, sharedWithOffices } from './handover.repository.js';
import { lateCutoff } from './solutions.model.js';
import { canConfigureSurvey, workingOffices } from './solutions.policy.js';
import * as repo from './solutions.repository.js';
import { currentSurveyConfig } from './survey.js';

/** The office's own list: hand-overs waiting for it, cases shared with it, late plans, the surveys it configures. */
export interface OfficeView {
  incoming: Array<{ id: string; caseNumber: string; isChild: boolean; requestedAt: string; fromOffice: string; workers: Array<{ id: string; name: string }> }>;
  shared: Array<{ caseId: string; caseNumber: string; scope: string; until: string | null }>;
  late: Array<{ id: string; caseNumber: string; arrivedOn: string | null }>;
  configOffices: Array<{ id: string; name: string }>;
}

export async function officeView(ctx: AppContext, user: AuthUser): Promise<OfficeView> {
  const all = await officeSummaries(ctx.db, { orderBy: 'name' });
  const work = workingOffices(user);
  const offices = work === 'all' ? all.map((o) => o.id) : work;
  const sup = officesWith(user, 'cases.supervise');
  const receiving = sup === 'all' ? offices : sup;
  const incoming = receiving.length ? await incomingHandovers(ctx.db, receiving) : [];
  const shared = offices.length ? await sharedWithOffices(ctx.db, offices) : [];
  const from = await officeNames(ctx.db, [...new Set(incoming.map((h) => h.from_office_id))]);
  const workers = new Map<string, Array<{ id: string; name: string }>>();
  for (const o of new Set(incoming.map((h) => h.to_office_id)))
    workers.set(
      o,
      (await repo.caseWorkersOf(ctx.db, o)).map((w) => ({ id: w.id, name: w.display_name })),
    );
  const late = await repo.latePlans(ctx.db, user, lateCutoff(new Date().toISOString().slice(0, 10)));
  return {
    incoming: incoming.map((h) => ({
      id: h.id,
      caseNumber: h.case_number,
      isChild: !!h.is_child,
      requestedAt: h.requested_at,
      fromOffice: from.get(h.from_office_id) ?? '',
      workers: workers.get(h.to_office_id) ?? [],
    })),
    shared: shared.map((s) => ({ caseId: s.case_id, caseNumber: s.case_number, scope: s.scope, until: s.until })),
    late: late.map((c) => ({ id: c.id, caseNumber: c.case_number, arrivedOn: c.arrived_on })),
    configOffices: all.filter((o) => canConfigureSurvey(user, o.id)).map((o) => ({ id: o.id, name: o.name })),
  };
}

/** The office whose survey a supervisor configures: the one asked for, or their first; refused for anyone else. */
export function surveyConfigOffice(user: AuthUser, asked: unknown): string {
  const sup = officesWith(user, 'cases.supervise');
  const officeId = isId(asked) ? asked : sup === 'all' ? undefined : sup[0];
  if (!officeId || !canConfigureSurvey(user, officeId)) throw new ForbiddenError();
  return officeId;
}

export async function surveyConfigView(ctx: AppContext, user: AuthUser, asked: unknown) {
  const officeId = surveyConfigOffice(user, asked);
  const current = await currentSurveyConfig(ctx.db, officeId);
  return { officeId, version: current.version, config: current.config };
}
