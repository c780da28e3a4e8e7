import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadCaseFor } from '../cases/case-access.js';
import { CasePage } from '../cases/case-layout.js';
import type { CaseRow } from '../cases/cases.table.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseBody, parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, type FieldErrors, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import './plans.jobs.js';
import { officeStaff } from './plans.repository.js';
import { ActionBody, ActionUpdateBody, ObjectiveBody, ObjectiveStatusBody, PLAN_ACTION_TYPES, SPL_TYPES, ServiceBody } from './plans.schema.js';
import * as service from './plans.service.js';

const STAFF = { access: { permission: 'cases.work' } } as const;

type FormName = 'objective' | 'action' | 'service';
interface FormState {
  form: FormName;
  errors: FieldErrors;
  raw: Record<string, unknown>;
}

function subId(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string | undefined>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

export function actionTypeOptions(t: Translator) {
  return PLAN_ACTION_TYPES.map((v) => ({ value: v, label: t(`plans.types.${v}`) }));
}

async function planPage(request: FastifyRequest, record: CaseRow, state?: FormState) {
  const t = request.t;
  const ctx = request.server.ctx;
  const auth = requireAuth(request);
  const csrf = auth.session?.csrf_secret ?? '';
  const plan = await service.loadPlan(ctx, record);
  const staff = await officeStaff(ctx.db, record.office_id);
  const base = `/staff/cases/${record.id}/plan`;
  const err = (f: FormName) => (state?.form === f ? state.errors : undefined);
  const raw = (f: FormName, k: string) => (state?.form === f ? String(state.raw[k] ?? '') : '');
  const objectiveLabels = { splType: t('plans.objective.type'), objective: t('plans.objective.text'), plannedEndDate: t('plans.objective.plannedEnd') };
  const actionLabels = {
    objectiveId: t('plans.action.objective'),
    type: t('plans.action.type'),
    description: t('plans.action.description'),
    ownerId: t('plans.action.owner'),
    dueDate: t('plans.action.due'),
  };
  const serviceLabels = {
    service: t('plans.service.type'),
    deliveredOn: t('plans.service.date'),
    notes: t('plans.service.notes'),
    actionId: t('plans.service.action'),
  };
  const objectiveOptions = plan.objectives.map((o) => ({ value: o.id, label: `${t(`plans.splTypes.${o.splType}`)} · ${o.objective.slice(0, 60)}` }));
  return await CasePage({
    request,
    record,
    tab: 'plan',
    title: t('plans.title'),
    children: (
      <>
        <p>
          <a href="/staff/plans/overdue">{t('plans.overdue.link')}</a>
        </p>
        <section aria-labelledby="objectives-h">
          <h2 id="objectives-h">{t('plans.objectives')}</h2>
          <Table
            caption={t('plans.objectives')}
            head={[t('plans.objective.type'), t('plans.objective.text'), t('plans.objective.plannedEnd'), t('plans.status'), t('plans.change')]}
            rows={plan.objectives.map((o) => [
              t(`plans.splTypes.${o.splType}`),
              <span dir="auto">{o.objective}</span>,
              o.plannedEndDate ? t.date(o.plannedEndDate) : '—',
              t(`plans.objectiveStatus.${o.status}`),
              o.status === 'open' ? (
                <>
                  <ActionButton
                    action={`${base}/objectives/${o.id}`}
                    csrf={csrf}
                    label={t('plans.objective.achieve')}
                    fields={{ status: 'achieved', version: String(o.version) }}
                  />{' '}
                  <ActionButton
                    action={`${base}/objectives/${o.id}`}
                    csrf={csrf}
                    label={t('plans.objective.drop')}
                    fields={{ status: 'dropped', version: String(o.version) }}
                  />
                </>
              ) : (
                <ActionButton
                  action={`${base}/objectives/${o.id}`}
                  csrf={csrf}
                  label={t('plans.reopen')}
                  fields={{ status: 'open', version: String(o.version) }}
                />
              ),
            ])}
            empty={t('plans.noObjectives')}
          />
          <details class="card" open={state?.form === 'objective' || plan.objectives.length === 0}>
            <summary>{t('plans.objective.add')}</summary>
            <Form t={t} id="objective-form" action={`${base}/objectives`} csrf={csrf} errors={err('objective')} labels={objectiveLabels} hasRequired>
              <Select
                t={t}
                name="splType"
                label={objectiveLabels.splType}
                options={SPL_TYPES.map((v) => ({ value: v, label: t(`plans.splTypes.${v}`) }))}
                value={raw('objective', 'splType')}
                emptyLabel={t('forms.choose')}
                required
                error={err('objective')?.splType}
              />
              <TextArea
                t={t}
                name="objective"
                label={objectiveLabels.objective}
                hint={t('plans.objective.hint')}
                value={raw('objective', 'objective')}
                rows={3}
                maxLength={2000}
                required
                error={err('objective')?.objective}
              />
              <TextField
                t={t}
                name="plannedEndDate"
                type="date"
                label={objectiveLabels.plannedEndDate}
                value={raw('objective', 'plannedEndDate')}
                width="medium"
                error={err('objective')?.plannedEndDate}
              />
              <Submit label={t('plans.objective.add')} />
            </Form>
          </details>
        </section>
        <section aria-labelledby="actions-h">
          <h2 id="actions-h">{t('plans.actions')}</h2>
          <Table
            caption={t('plans.actions')}
            head={[t('plans.action.type'), t('plans.action.description'), t('plans.action.owner'), t('plans.action.due'), t('plans.status'), t('plans.change')]}
            rows={plan.actions.map((a) => [
              t(`plans.types.${a.type}`),
              <span dir="auto">{a.description}</span>,
              a.ownerName ?? '—',
              a.dueDate ? t.date(a.dueDate) : '—',
              <>
                {t(`plans.actionStatus.${a.status}`)}
                {a.overdue ? (
                  <>
                    {' '}
                    <span class="badge badge-high">{t('plans.overdue.badge')}</span>
                  </>
                ) : null}
              </>,
              a.status === 'open' ? (
                <>
                  <ActionButton
                    action={`${base}/actions/${a.id}`}
                    csrf={csrf}
                    label={t('plans.action.done')}
                    fields={{ status: 'done', version: String(a.version) }}
                  />{' '}
                  <ActionButton
                    action={`${base}/actions/${a.id}`}
                    csrf={csrf}
                    label={t('plans.action.cancel')}
                    fields={{ status: 'cancelled', version: String(a.version) }}
                  />
                </>
              ) : (
                <ActionButton
                  action={`${base}/actions/${a.id}`}
                  csrf={csrf}
                  label={t('plans.reopen')}
                  fields={{ status: 'open', version: String(a.version) }}
                />
              ),
            ])}
            empty={t('plans.noActions')}
          />
          <details class="card" open={state?.form === 'action' || plan.actions.length === 0}>
            <summary>{t('plans.action.add')}</summary>
            <Form t={t} id="action-form" action={`${base}/actions`} csrf={csrf} errors={err('action')} labels={actionLabels} hasRequired>
              <Select
                t={t}
                name="type"
                label={actionLabels.type}
                options={actionTypeOptions(t)}
                value={raw('action', 'type')}
                emptyLabel={t('forms.choose')}
                required
                error={err('action')?.type}
              />
              <TextArea
                t={t}
                name="description"
                label={actionLabels.description}
                value={raw('action', 'description')}
                rows={3}
                maxLength={2000}
                required
                error={err('action')?.description}
              />
              {objectiveOptions.length ? (
                <Select
                  t={t}
                  name="objectiveId"
                  label={actionLabels.objectiveId}
                  options={objectiveOptions}
                  value={raw('action', 'objectiveId')}
                  emptyLabel={t('forms.none')}
                  error={err('action')?.objectiveId}
                />
              ) : null}
              <Select
                t={t}
                name="ownerId"
                label={actionLabels.ownerId}
                options={staff.map((s) => ({ value: s.id, label: s.display_name }))}
                value={raw('action', 'ownerId') || auth.user.id}
                emptyLabel={t('forms.none')}
                error={err('action')?.ownerId}
              />
              <TextField
                t={t}
                name="dueDate"
                type="date"
                label={actionLabels.dueDate}
                value={raw('action', 'dueDate')}
                width="medium"
                error={err('action')?.dueDate}
              />
              <Submit label={t('plans.action.add')} />
            </Form>
          </details>
        </section>
        <section aria-labelledby="services-h">
          <h2 id="services-h">{t('plans.services')}</h2>
          <Table
            caption={t('plans.services')}
            head={[t('plans.service.date'), t('plans.service.type'), t('plans.service.by'), t('plans.service.notes')]}
            rows={plan.services.map((s) => [
              t.date(s.deliveredOn),
              t(`plans.types.${s.service}`),
              s.organisationName ?? t('plans.service.byOffice'),
              <span dir="auto">{s.notes ?? '—'}</span>,
            ])}
            empty={t('plans.noServices')}
          />
          <details class="card" open={state?.form === 'service'}>
            <summary>{t('plans.service.add')}</summary>
            <Form t={t} id="service-form" action={`${base}/services`} csrf={csrf} errors={err('service')} labels={serviceLabels} hasRequired>
              <Select
                t={t}
                name="service"
                label={serviceLabels.service}
                options={actionTypeOptions(t)}
                value={raw('service', 'service')}
                emptyLabel={t('forms.choose')}
                required
                error={err('service')?.service}
              />
              <TextField
                t={t}
                name="deliveredOn"
                type="date"
                label={serviceLabels.deliveredOn}
                value={raw('service', 'deliveredOn') || service.todayIso()}
                width="medium"
                required
                error={err('service')?.deliveredOn}
              />
              {plan.actions.length ? (
                <Select
                  t={t}
                  name="actionId"
                  label={serviceLabels.actionId}
                  options={plan.actions.map((a) => ({ value: a.id, label: `${t(`plans.types.${a.type}`)} · ${a.description.slice(0, 60)}` }))}
                  value={raw('service', 'actionId')}
                  emptyLabel={t('forms.none')}
                  error={err('service')?.actionId}
                />
              ) : null}
              <TextArea
                t={t}
                name="notes"
                label={serviceLabels.notes}
                value={raw('service', 'notes')}
                rows={3}
                maxLength={2000}
                error={err('service')?.notes}
              />
              <Submit label={t('plans.service.add')} />
            </Form>
          </details>
        </section>
      </>
    ),
  });
}

/** Runs a change from a form; a ValidationError re-renders the page with the form's errors (400). */
async function submit(
  request: FastifyRequest,
  reply: FastifyReply,
  record: CaseRow,
  form: FormName,
  raw: Record<string, unknown>,
  run: () => Promise<unknown>,
  flashKey: string,
) {
  try {
    await run();
  } catch (e) {
    if (e instanceof ValidationError) return reply.page(await planPage(request, record, { form, errors: e.fields, raw }), 400);
    throw e;
  }
  await setFlash(request, 'success', flashKey);
  return reply.redirect(`/staff/cases/${record.id}/plan`, 303);
}

export async function plansRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/cases/:id/plan', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'read');
    return reply.page(await planPage(request, record));
  });

  app.post('/staff/cases/:id/plan/objectives', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    const auth = requireAuth(request);
    const f = parseForm(ObjectiveBody, request.body);
    if (!f.ok) return reply.page(await planPage(request, record, { form: 'objective', errors: f.errors, raw: f.raw }), 400);
    return submit(request, reply, record, 'objective', f.value, () => service.addObjective(ctx, auth.user, record, f.value), 'plans.flash.objectiveAdded');
  });

  app.post('/staff/cases/:id/plan/objectives/:objectiveId', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    const auth = requireAuth(request);
    const objectiveId = subId(request, 'objectiveId');
    const f = parseForm(ObjectiveStatusBody, request.body);
    if (!f.ok) throw new ValidationError(f.errors);
    await service.updateObjectiveStatus(ctx, auth.user, record, objectiveId, f.value);
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(`/staff/cases/${record.id}/plan`, 303);
  });

  app.post('/staff/cases/:id/plan/actions', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    const auth = requireAuth(request);
    const f = parseForm(ActionBody, request.body);
    if (!f.ok) return reply.page(await planPage(request, record, { form: 'action', errors: f.errors, raw: f.raw }), 400);
    return submit(request, reply, record, 'action', f.value, () => service.addPlanAction(ctx, auth.user, record, f.value), 'plans.flash.actionAdded');
  });

  app.post('/staff/cases/:id/plan/actions/:actionId', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    const auth = requireAuth(request);
    const actionId = subId(request, 'actionId');
    const f = parseForm(ActionUpdateBody, request.body);
    if (!f.ok) throw new ValidationError(f.errors);
    await service.updatePlanAction(ctx, auth.user, record, actionId, f.value);
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(`/staff/cases/${record.id}/plan`, 303);
  });

  app.post('/staff/cases/:id/plan/services', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    const auth = requireAuth(request);
    const f = parseForm(ServiceBody, request.body);
    if (!f.ok) return reply.page(await planPage(request, record, { form: 'service', errors: f.errors, raw: f.raw }), 400);
    return submit(request, reply, record, 'service', f.value, () => service.recordStaffService(ctx, auth.user, record, f.value), 'plans.flash.serviceRecorded');
  });

  app.get('/staff/plans/overdue', { config: STAFF }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const mine = (request.query as Record<string, unknown>).mine === '1';
    const rows = await service.overdueActions(ctx, auth.user, { mine });
    return reply.page(
      <Layout {...(await staffLayout(request, t('plans.overdue.title')))}>
        <h1>{t('plans.overdue.title')}</h1>
        <p>{mine ? <a href="/staff/plans/overdue">{t('plans.overdue.all')}</a> : <a href="/staff/plans/overdue?mine=1">{t('plans.overdue.mine')}</a>}</p>
        <Table
          caption={t('plans.overdue.title')}
          head={[t('plans.overdue.case'), t('plans.action.type'), t('plans.action.due'), t('plans.overdue.reminded')]}
          rows={rows.map((r) => [
            <a href={`/staff/cases/${r.case_id}/plan`} dir="ltr">
              {r.case_number}
            </a>,
            t(`plans.types.${r.action_type}`),
            r.due_date ? t.date(r.due_date) : '—',
            r.reminded_at ? t.date(r.reminded_at, auth.user.timeZone, true) : '—',
          ])}
          empty={t('plans.overdue.none')}
        />
      </Layout>,
    );
  });

  // JSON API: the same services and policies as the pages.
  app.get('/api/v1/cases/:id/plan', { config: STAFF }, async (request) => {
    const record = await loadCaseFor(request, 'read');
    const plan = await service.loadPlan(ctx, record);
    return { caseId: record.id, plan, htcds: service.htcdsPlan(plan) };
  });

  app.post('/api/v1/cases/:id/plan/objectives', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    const id = await service.addObjective(ctx, requireAuth(request).user, record, parseBody(ObjectiveBody, request.body));
    return reply.code(201).send({ id });
  });

  app.post('/api/v1/cases/:id/plan/objectives/:objectiveId', { config: STAFF }, async (request) => {
    const record = await loadCaseFor(request, 'edit');
    await service.updateObjectiveStatus(ctx, requireAuth(request).user, record, subId(request, 'objectiveId'), parseBody(ObjectiveStatusBody, request.body));
    return { ok: true };
  });

  app.post('/api/v1/cases/:id/plan/actions', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    const id = await service.addPlanAction(ctx, requireAuth(request).user, record, parseBody(ActionBody, request.body));
    return reply.code(201).send({ id });
  });

  app.post('/api/v1/cases/:id/plan/actions/:actionId', { config: STAFF }, async (request) => {
    const record = await loadCaseFor(request, 'edit');
    await service.updatePlanAction(ctx, requireAuth(request).user, record, subId(request, 'actionId'), parseBody(ActionUpdateBody, request.body));
    return { ok: true };
  });

  app.post('/api/v1/cases/:id/plan/services', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    const id = await service.recordStaffService(ctx, requireAuth(request).user, record, parseBody(ServiceBody, request.body));
    return reply.code(201).send({ id });
  });

  app.get('/api/v1/plans/overdue', { config: STAFF }, async (request) => {
    const auth = requireAuth(request);
    const mine = (request.query as Record<string, unknown>).mine === '1';
    const rows = await service.overdueActions(ctx, auth.user, { mine });
    return {
      actions: rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        caseNumber: r.case_number,
        type: r.action_type,
        ownerId: r.owner_id,
        dueDate: r.due_date,
        remindedAt: r.reminded_at,
      })),
    };
  });
}
