import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../platform/http/errors.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { AssessmentBody } from './assessments.schema.js';
import { recordAssessment } from './assessments.service.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, idParam } from './case-http.js';
import type { Stage } from './case-values.js';
import { childGates } from './children.service.js';
import { findCase } from './cases.repository.js';
import {
  AssignBody,
  CloseBody,
  ConsentBody,
  DuplicateBody,
  EditCaseBody,
  ListQuery,
  NewCaseBody,
  NoteBody,
  ReminderBody,
  ReopenBody,
  ScreeningBody,
  StageBody,
  StatusDecisionBody,
} from './cases.schema.js';
import { openNewCase } from './cases.service.js';
import { closeCase, openItems, reopenCase } from './closure.service.js';
import { consentsOf, recordConsentDecision, withdrawConsentDecision } from './consent.service.js';
import { findDuplicates } from './duplicates.service.js';
import { caseBundle, toHtcds } from './export.service.js';
import { caseHistory } from './history.service.js';
import { addNote } from './notes.service.js';
import { personFrom } from './person.js';
import { assignCase, decideStatus, moveStage, updateCaseRecord } from './record.service.js';
import { addReminder } from './reminders.service.js';
import { recordScreening, screenings } from './screening/screening.service.js';
import { listCases } from './worklist.service.js';

/** The JSON API of case management: the same services and policies as the pages. */
export async function casesApi(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const base = '/api/v1/cases';
  const reload = async (id: string) => {
    const r = await findCase(ctx.db, id);
    if (!r) throw new NotFoundError();
    return r;
  };
  const summary = (r: Awaited<ReturnType<typeof reload>>) => ({
    id: r.id,
    caseNumber: r.case_number,
    cas_Status: r.cas_status,
    stage: r.stage,
    isChild: r.is_child === 1,
    ageStatus: r.age_status,
    riskLevel: r.risk_level,
    nextDueOn: r.next_due_on,
    vic_TraffickingStatus: r.vic_trafficking_status,
    vic_TraffickingStatusDecisionMakingOrg: r.vic_status_decision_org,
    cas_ReasonForCaseClosure: r.cas_reason_for_case_closure,
    ownerId: r.owner_id,
    officeId: r.office_id,
    version: r.version,
  });

  app.get(base, { config: CASE_ACCESS }, async (request) => {
    const auth = requireAuth(request);
    const q = parseBody(ListQuery, request.query);
    const res = await listCases(ctx, auth.user, q);
    return {
      cases: res.rows.map((r) => ({
        id: r.id,
        caseNumber: r.case_number,
        cas_Status: r.cas_status,
        stage: r.stage,
        isChild: r.is_child === 1,
        riskLevel: r.risk_level,
        nextDueOn: r.next_due_on,
        ownerId: r.owner_id,
        officeId: r.office_id,
      })),
      page: res.page,
      hasMore: res.hasMore,
    };
  });

  app.post(`${base}/duplicates`, { config: CASE_ACCESS }, async (request) => {
    const auth = requireAuth(request);
    const v = parseBody(DuplicateBody, request.body);
    const { identity, contact } = personFrom(v);
    const d = await findDuplicates(ctx, auth.user, identity, contact);
    return {
      candidates: d.candidates,
      elsewhere: d.elsewhere.map((e) => ({ office: e.officeName, message: request.t('cases.duplicates.elsewhere', { office: e.officeName }) })),
    };
  });

  app.post(base, { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const v = parseBody(NewCaseBody, request.body);
    const opened = await openNewCase(ctx, auth.user, v);
    return reply.code(201).send({ id: opened.id, caseNumber: opened.caseNumber });
  });

  app.get(`${base}/:id`, { config: CASE_ACCESS }, async (request) => {
    const record = await loadCaseFor(request);
    return {
      case: summary(record),
      consents: (await consentsOf(ctx, record.id)).map((c) => ({
        id: c.id,
        purpose: c.purpose,
        given: c.given === 1,
        organisationId: c.organisation_id,
        decidedAt: c.decided_at,
        withdrawnAt: c.withdrawn_at,
      })),
      childGates: await childGates(ctx.db, record.id),
      openItems: await openItems(ctx.db, record),
    };
  });

  app.patch(`${base}/:id`, { config: CASE_ACCESS }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const v = parseBody(EditCaseBody, request.body);
    await updateCaseRecord(ctx, auth.user, record, v);
    return { case: summary(await reload(record.id)) };
  });

  app.post(`${base}/:id/consents`, { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const id = await recordConsentDecision(ctx, auth.user, record, parseBody(ConsentBody, request.body));
    return reply.code(201).send({ id });
  });

  app.post(`${base}/:id/consents/:cid/withdraw`, { config: CASE_ACCESS }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    await withdrawConsentDecision(ctx, auth.user, record, idParam(request, 'cid'));
    return { ok: true };
  });

  app.post(`${base}/:id/screenings`, { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const v = parseBody(ScreeningBody, request.body);
    const r = await recordScreening(ctx, auth.user, record, {
      exploitation: v.exploitation,
      acts: v.acts,
      means: v.means,
      purposes: v.purposes,
      indicators: v.indicators,
      notes: v.notes,
      overrideReason: v.overrideReason,
    });
    const saved = (await screenings(ctx, record.id)).find((s) => s.id === r.id);
    return reply.code(201).send({ id: r.id, outcome: r.outcome, listId: saved?.list_id, listVersion: saved?.list_version, reasons: saved?.reasonList ?? [] });
  });

  app.post(`${base}/:id/status`, { config: CASE_ACCESS }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'decide');
    const v = parseBody(StatusDecisionBody, request.body);
    await decideStatus(ctx, auth.user, record, v.status, v.decisionOrg, v.version, v.reason);
    return { case: summary(await reload(record.id)) };
  });

  app.post(`${base}/:id/assign`, { config: CASE_ACCESS }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'assign');
    const v = parseBody(AssignBody, request.body);
    await assignCase(ctx, auth.user, record, v.ownerId, v.version);
    return { case: summary(await reload(record.id)) };
  });

  app.post(`${base}/:id/stage`, { config: CASE_ACCESS }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const v = parseBody(StageBody, request.body);
    await moveStage(ctx, auth.user, record, v.stage as Stage, v.version, v.overrideReason);
    return { case: summary(await reload(record.id)) };
  });

  app.post(`${base}/:id/assessments`, { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const id = await recordAssessment(ctx, auth.user, record, parseBody(AssessmentBody, request.body));
    return reply.code(201).send({ id });
  });

  app.post(`${base}/:id/notes`, { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const id = await addNote(ctx, auth.user, record, parseBody(NoteBody, request.body).body);
    return reply.code(201).send({ id });
  });

  app.post(`${base}/:id/reminders`, { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const v = parseBody(ReminderBody, request.body);
    const id = await addReminder(ctx, auth.user, record, { dueOn: v.dueOn, kind: v.kind, required: v.required === 'yes', text: v.text });
    return reply.code(201).send({ id });
  });

  app.post(`${base}/:id/close`, { config: CASE_ACCESS }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'close');
    await closeCase(ctx, auth.user, record, parseBody(CloseBody, request.body));
    return { case: summary(await reload(record.id)) };
  });

  app.post(`${base}/:id/reopen`, { config: CASE_ACCESS }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'reopen');
    await reopenCase(ctx, auth.user, record, parseBody(ReopenBody, request.body));
    return { case: summary(await reload(record.id)) };
  });

  // The case's typed events and who viewed it.
  app.get(`${base}/:id/history`, { config: CASE_ACCESS }, async (request) => {
    const record = await loadCaseFor(request);
    const h = await caseHistory(ctx, record.id);
    return {
      events: h.events.map((e) => ({ type: e.type, at: e.created_at, actor: e.actor, data: e.data })),
      views: h.views.map((v) => ({ at: v.created_at, actor: v.actor, action: v.action, kind: v.kind, section: v.section })),
    };
  });

  app.get(`${base}/:id/export`, { config: CASE_ACCESS }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request);
    return toHtcds(await caseBundle(ctx, auth.user, record, 'json'));
  });
}
