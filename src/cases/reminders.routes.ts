import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFrame, idParam } from './case-http.js';
import { ReminderBody, VersionBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { addReminder, completeReminder } from './reminders.service.js';
import { ReminderPage } from './reminders.views.js';

export async function reminderRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    ReminderPage(await caseFrame(request, record, '', request.t('cases.reminders.add')), problem);

  app.get('/staff/cases/:id/reminders/new', { config: CASE_ACCESS }, async (request, reply) =>
    reply.page(await page(request, await loadCaseFor(request, 'edit'))),
  );

  app.post('/staff/cases/:id/reminders', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    return formAction(request, reply, {
      schema: ReminderBody,
      run: (v) => addReminder(ctx, auth.user, record, { dueOn: v.dueOn, kind: v.kind, required: v.required === 'yes', text: v.text }),
      rerender: (p) => page(request, record, p),
      done: () => ({ to: `/staff/cases/${record.id}`, flash: 'forms.saved' }),
    });
  });

  app.post('/staff/cases/:id/reminders/:rid/done', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const rid = idParam(request, 'rid');
    return formAction(request, reply, {
      schema: VersionBody,
      form: 'done',
      run: (v) => completeReminder(ctx, auth.user, record, rid, v.version),
      rerender: (p) => page(request, record, { ...p, raw: {} }),
      done: () => ({ to: `/staff/cases/${record.id}`, flash: 'cases.reminders.marked' }),
    });
  });
}
