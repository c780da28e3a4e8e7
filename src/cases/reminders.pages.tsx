import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { Choices, type FieldErrors, Form, Select, Submit, TextField } from '../platform/views/components.js';
import { loadCaseFor } from './case-access.js';
import { CasePage } from './case-layout.js';
import { CASE_ACCESS, csrfOf, options, type Refusal, RefusalBox, runPost } from './case-ui.js';
import { REMINDER_KINDS, ReminderBody, VersionBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { addReminder, completeReminder } from './reminders.js';

export async function reminderPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, raw: Record<string, unknown> = {}, errors?: FieldErrors, refusal?: Refusal) => {
    const t = request.t;
    const v = (k: string) => String(raw[k] ?? '');
    return CasePage({
      request,
      record,
      tab: '',
      title: t('cases.reminders.add'),
      children: (
        <>
          <RefusalBox refusal={refusal} />
          <Form
            t={t}
            action={`/staff/cases/${record.id}/reminders`}
            csrf={csrfOf(request)}
            errors={errors}
            hasRequired
            labels={{ dueOn: t('cases.reminders.dueOn'), kind: t('cases.reminders.kind'), text: t('cases.reminders.text') }}
          >
            <TextField t={t} name="dueOn" type="date" label={t('cases.reminders.dueOn')} value={v('dueOn')} required width="medium" error={errors?.dueOn} />
            <Select
              t={t}
              name="kind"
              label={t('cases.reminders.kind')}
              options={options(t, 'cases.values.reminder', REMINDER_KINDS)}
              value={v('kind')}
              emptyLabel={t('forms.choose')}
              required
              error={errors?.kind}
            />
            <TextField t={t} name="text" label={t('cases.reminders.text')} value={v('text')} error={errors?.text} />
            <Choices
              t={t}
              name="required"
              multiple
              label={t('cases.reminders.requiredLegend')}
              options={[{ value: 'yes', label: t('cases.reminders.required') }]}
              value={v('required')}
            />
            <Submit label={t('forms.save')} />
          </Form>
        </>
      ),
    });
  };

  app.get('/staff/cases/:id/reminders/new', { config: CASE_ACCESS }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    return reply.page(await page(request, record));
  });

  app.post('/staff/cases/:id/reminders', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(ReminderBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, form.raw, form.errors), 400);
    const v = form.value;
    const r = await runPost(
      request,
      reply,
      () => addReminder(ctx, auth.user, record, { dueOn: v.dueOn, kind: v.kind, required: v.required === 'yes', text: v.text }),
      async (errors, refusal, status) => reply.page(await page(request, record, v, errors, refusal), status),
    );
    if (r) return r;
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(`/staff/cases/${record.id}`, 303);
  });

  app.post('/staff/cases/:id/reminders/:rid/done', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const { rid } = request.params as { rid: string };
    if (!isId(rid)) throw new NotFoundError();
    const form = parseForm(VersionBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, {}, form.errors), 400);
    const r = await runPost(
      request,
      reply,
      () => completeReminder(ctx, auth.user, record, rid, form.value.version),
      async (errors, refusal, status) => reply.page(await page(request, record, {}, errors, refusal), status),
    );
    if (r) return r;
    await setFlash(request, 'success', 'cases.reminders.marked');
    return reply.redirect(`/staff/cases/${record.id}`, 303);
  });
}
