import type { TObject } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CaseParams, Created, decodeCursor, encodeCursor, IdParams, NoBody, Ok, op } from '../platform/http/api-schema.js';
import {
  CaseAnswer,
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseOpened,
  DuplicateAnswer,
  HistoryAnswer,
  HtcdsExport,
  ScreeningAnswer,
} from './cases-api.schema.js';
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
  /** A change of the case record that answers with the case as it now is. */
  const change = (summary: string, body: TObject) =>
    op({ summary, tags: ['cases'], params: CaseParams, body, response: { 200: CaseAnswer }, errors: [409, 422] });
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

  app.get(
    base,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: 'List the cases the caller may see (filters, columns and sorting as on the case list)',
        tags: ['cases'],
        querystring: CaseListQuery,
        response: { 200: CaseList },
      }),
    },
    async (request) => {
      const auth = requireAuth(request);
      const raw = request.query as Record<string, unknown>;
      // The case list pages by number; the cursor carries the next page's number, opaque to the client.
      const cursor = decodeCursor(raw.cursor);
      const q = parseBody(ListQuery, cursor?.key === 'page' ? { ...raw, page: cursor.id } : raw);
      const res = await listCases(ctx, { user: auth.user, f: q });
      const hasMore = res.page < res.pages;
      return {
        cases: res.rows.map((r) => ({
          id: r.id,
          caseNumber: r.caseNumber,
          cas_Status: r.status,
          stage: r.stage,
          isChild: r.isChild,
          riskLevel: r.risk,
          nextDueOn: r.nextDue,
          ownerId: r.ownerId,
          officeId: r.officeId,
          // Name and age only when asked for (cols) and only for those who may see names in the case's office.
          ...(res.columns.includes('name') ? { name: r.name } : {}),
          ...(res.columns.includes('age') ? { age: r.age } : {}),
        })),
        page: res.page,
        pages: res.pages,
        total: res.total,
        hasMore,
        nextCursor: hasMore ? encodeCursor({ key: 'page', id: String(res.page + 1) }) : null,
      };
    },
  );

  app.post(
    `${base}/duplicates`,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: 'Find possible duplicates of a person before opening a case',
        tags: ['cases'],
        body: DuplicateBody,
        response: { 200: DuplicateAnswer },
      }),
    },
    async (request) => {
      const auth = requireAuth(request);
      const v = parseBody(DuplicateBody, request.body);
      const { identity, contact } = personFrom(v);
      const d = await findDuplicates(ctx, { user: auth.user, identity, contact });
      return {
        candidates: d.candidates,
        elsewhere: d.elsewhere.map((e) => ({ office: e.officeName, message: request.t('cases.duplicates.elsewhere', { office: e.officeName }) })),
      };
    },
  );

  app.post(
    base,
    { config: CASE_ACCESS, schema: op({ summary: 'Open a case', tags: ['cases'], body: NewCaseBody, response: { 201: CaseOpened }, errors: [422] }) },
    async (request, reply) => {
      const auth = requireAuth(request);
      const v = parseBody(NewCaseBody, request.body);
      const opened = await openNewCase(ctx, auth.user, v);
      return reply.code(201).send({ id: opened.id, caseNumber: opened.caseNumber });
    },
  );

  app.get(
    `${base}/:id`,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: 'Read a case: summary, consents, child safeguards, open items',
        tags: ['cases'],
        params: CaseParams,
        response: { 200: CaseDetail },
      }),
    },
    async (request) => {
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
    },
  );

  app.patch(`${base}/:id`, { config: CASE_ACCESS, schema: change('Edit the case record (with the version read)', EditCaseBody) }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const v = parseBody(EditCaseBody, request.body);
    await updateCaseRecord(ctx, { actor: auth.user, record, v });
    return { case: summary(await reload(record.id)) };
  });

  app.post(
    `${base}/:id/consents`,
    {
      config: CASE_ACCESS,
      schema: op({ summary: 'Record a consent decision', tags: ['cases'], params: CaseParams, body: ConsentBody, response: { 201: Created }, errors: [422] }),
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      const id = await recordConsentDecision(ctx, { actor: auth.user, record, v: parseBody(ConsentBody, request.body) });
      return reply.code(201).send({ id });
    },
  );

  app.post(
    `${base}/:id/consents/:cid/withdraw`,
    {
      config: CASE_ACCESS,
      schema: op({ summary: 'Withdraw a consent', tags: ['cases'], params: IdParams('id', 'cid'), body: NoBody, response: { 200: Ok }, errors: [409] }),
    },
    async (request) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      await withdrawConsentDecision(ctx, { actor: auth.user, record, consentId: idParam(request, 'cid') });
      return { ok: true };
    },
  );

  app.post(
    `${base}/:id/screenings`,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: 'Record a screening (Palermo elements, ILO indicators)',
        tags: ['cases'],
        params: CaseParams,
        body: ScreeningBody,
        response: { 201: ScreeningAnswer },
        errors: [422],
      }),
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      const v = parseBody(ScreeningBody, request.body);
      const r = await recordScreening(ctx, {
        actor: auth.user,
        record,
        input: {
          exploitation: v.exploitation,
          acts: v.acts,
          means: v.means,
          purposes: v.purposes,
          indicators: v.indicators,
          notes: v.notes,
          overrideReason: v.overrideReason,
        },
      });
      const saved = (await screenings(ctx, record.id)).find((s) => s.id === r.id);
      return reply.code(201).send({ id: r.id, outcome: r.outcome, listId: saved?.list_id, listVersion: saved?.list_version, reasons: saved?.reasonList ?? [] });
    },
  );

  app.post(`${base}/:id/status`, { config: CASE_ACCESS, schema: change('Decide the trafficking status', StatusDecisionBody) }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'decide');
    const v = parseBody(StatusDecisionBody, request.body);
    await decideStatus(ctx, { actor: auth.user, record, status: v.status, decisionOrg: v.decisionOrg, version: v.version, reason: v.reason });
    return { case: summary(await reload(record.id)) };
  });

  app.post(`${base}/:id/assign`, { config: CASE_ACCESS, schema: change('Assign the case to a worker', AssignBody) }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'assign');
    const v = parseBody(AssignBody, request.body);
    await assignCase(ctx, { actor: auth.user, record, ownerId: v.ownerId, version: v.version });
    return { case: summary(await reload(record.id)) };
  });

  app.post(`${base}/:id/stage`, { config: CASE_ACCESS, schema: change('Move the case to another stage', StageBody) }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const v = parseBody(StageBody, request.body);
    await moveStage(ctx, { actor: auth.user, record, stage: v.stage as Stage, version: v.version, overrideReason: v.overrideReason });
    return { case: summary(await reload(record.id)) };
  });

  app.post(
    `${base}/:id/assessments`,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: 'Record a safety and needs assessment',
        tags: ['cases'],
        params: CaseParams,
        body: AssessmentBody,
        response: { 201: Created },
        errors: [422],
      }),
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      const id = await recordAssessment(ctx, { actor: auth.user, record, v: parseBody(AssessmentBody, request.body) });
      return reply.code(201).send({ id });
    },
  );

  app.post(
    `${base}/:id/notes`,
    {
      config: CASE_ACCESS,
      schema: op({ summary: 'Add a case note (sealed)', tags: ['cases'], params: CaseParams, body: NoteBody, response: { 201: Created } }),
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      const id = await addNote(ctx, { actor: auth.user, record, body: parseBody(NoteBody, request.body).body });
      return reply.code(201).send({ id });
    },
  );

  app.post(
    `${base}/:id/reminders`,
    { config: CASE_ACCESS, schema: op({ summary: 'Add a reminder', tags: ['cases'], params: CaseParams, body: ReminderBody, response: { 201: Created } }) },
    async (request, reply) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      const v = parseBody(ReminderBody, request.body);
      const id = await addReminder(ctx, { actor: auth.user, record, input: { dueOn: v.dueOn, kind: v.kind, required: v.required === 'yes', text: v.text } });
      return reply.code(201).send({ id });
    },
  );

  app.post(`${base}/:id/close`, { config: CASE_ACCESS, schema: change('Close the case with a reason', CloseBody) }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'close');
    await closeCase(ctx, { actor: auth.user, record, input: parseBody(CloseBody, request.body) });
    return { case: summary(await reload(record.id)) };
  });

  app.post(`${base}/:id/reopen`, { config: CASE_ACCESS, schema: change('Reopen a closed case', ReopenBody) }, async (request) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'reopen');
    await reopenCase(ctx, { actor: auth.user, record, input: parseBody(ReopenBody, request.body) });
    return { case: summary(await reload(record.id)) };
  });

  // The case's typed events and who viewed it.
  app.get(
    `${base}/:id/history`,
    {
      config: CASE_ACCESS,
      schema: op({ summary: "The case's typed events and who viewed it", tags: ['cases'], params: CaseParams, response: { 200: HistoryAnswer } }),
    },
    async (request) => {
      const record = await loadCaseFor(request);
      const h = await caseHistory(ctx, record.id);
      return {
        events: h.events.map((e) => ({ type: e.type, at: e.created_at, actor: e.actor, data: e.data })),
        views: h.views.map((v) => ({ at: v.created_at, actor: v.actor, action: v.action, kind: v.kind, section: v.section })),
      };
    },
  );

  app.get(
    `${base}/:id/export`,
    {
      config: CASE_ACCESS,
      schema: op({ summary: 'Export the case in HTCDS field names', tags: ['cases'], params: CaseParams, response: { 200: HtcdsExport } }),
    },
    async (request) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request);
      return toHtcds(await caseBundle(ctx, { actor: auth.user, record, format: 'json' }));
    },
  );
}
