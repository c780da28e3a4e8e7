import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FormProblem } from '../platform/http/form-action.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFormRoute, caseFrame } from './case-http.js';
import { ReminderBody, VersionBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { addReminder, completeReminder } from './reminders.service.js';
import { ReminderPage } from './reminders.views.js';

/** Adding a reminder to a case and marking one done. */
export async function reminderRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    ReminderPage(await caseFrame(request, { record, tab: '', title: request.t('cases.reminders.add') }), problem);

  app.get('/staff/cases/:id/reminders/new', { config: CASE_ACCESS }, async (request, reply) =>
    reply.page(await page(request, await loadCaseFor(request, 'edit'))),
  );

  caseFormRoute(app, {
    url: '/staff/cases/:id/reminders',
    schema: ReminderBody,
    run: ({ user, record }, v) =>
      addReminder(ctx, { actor: user, record, input: { dueOn: v.dueOn, kind: v.kind, required: v.required === 'yes', text: v.text } }),
    page,
    done: (record) => ({ to: `/staff/cases/${record.id}`, flash: 'forms.saved' }),
  });
  caseFormRoute(app, {
    url: '/staff/cases/:id/reminders/:rid/done',
    ids: ['rid'],
    schema: VersionBody,
    form: 'done',
    run: ({ user, record, ids }, v) => completeReminder(ctx, { actor: user, record, reminderId: ids.rid as string, version: v.version }),
    // The button's version is not something to show again on the new-reminder form.
    page: (request, record, p) => page(request, record, { ...p, raw: {} }),
    done: (record) => ({ to: `/staff/cases/${record.id}`, flash: 'cases.reminders.marked' }),
  });
}
