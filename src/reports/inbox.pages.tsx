import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { countryName } from '../platform/countries.js';
import { NotFoundError } from '../platform/http/errors.js';
import { formAction } from '../platform/http/form-action.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { ActionButton, type FieldErrors, Form, Select, Submit, Table } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import * as service from './inbox.service.js';
import { InboxGuide } from './inbox.views.js';
import { effectiveLevel } from './report-content.js';

const ADMIN = { access: { permission: 'admin.manage' } } as const;
export const GrantInboxBody = Type.Object({ userId: Type.String({ maxLength: 64 }) });

/**
 * The national inbox as administrators see it: what waits for an office (reference, age, country, priority;
 * never what the reporter wrote), and the triage operators given it, who read and triage it in /staff/reports.
 */
export async function inboxPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  const render = async (request: FastifyRequest, errors?: FieldErrors) => {
    const t = request.t;
    const auth = requireAuth(request);
    const csrf = auth.session?.csrf_secret ?? '';
    const view = await service.inboxOverview(ctx, auth.user);
    return (
      <Layout {...(await staffLayout(request, t('reportInbox.title')))}>
        <h1>{t('reportInbox.title')}</h1>
        <p class="lead">{t('reportInbox.lead')}</p>
        <InboxGuide t={t} status={view.status} />
        <Table
          caption={t('reportInbox.waitingCaption', { count: view.status.waiting })}
          head={[t('reports.triage.reference'), t('reports.priority.title'), t('reports.triage.state'), t('reports.triage.received'), t('reports.form.country.label')]}
          rows={view.reports.map((r) => [
            <span class="reference" dir="ltr">
              {r.reference}
            </span>,
            t(`reports.priority.level.${effectiveLevel(r)}`),
            t(`reports.state.${r.state}`),
            t.date(r.received_at, undefined, true),
            r.country ? countryName(r.country, t.locale) : '—',
          ])}
          empty={t('reportInbox.empty')}
        />
        <h2>{t('reportInbox.operators.title')}</h2>
        <p class="hint">{t('reportInbox.operators.lead')}</p>
        <Table
          caption={t('reportInbox.operators.title')}
          head={[t('reportInbox.operators.name'), t('reportInbox.operators.email'), '']}
          rows={view.operators.map((o) => [
            o.display_name,
            o.email,
            <ActionButton action={`/staff/inbox/operators/${o.id}/remove`} csrf={csrf} label={t('reportInbox.operators.remove')} danger />,
          ])}
          empty={t('reportInbox.operators.none')}
        />
        {view.candidates.length > 0 ? (
          <Form t={t} action="/staff/inbox/operators" csrf={csrf} errors={errors} labels={{ userId: t('reportInbox.operators.user') }}>
            <Select
              t={t}
              name="userId"
              label={t('reportInbox.operators.user')}
              options={view.candidates.map((c) => ({ value: c.id, label: `${c.display_name} (${c.email})` }))}
              emptyLabel={t('forms.choose')}
              required
              error={errors?.userId}
            />
            <Submit label={t('reportInbox.operators.add')} />
          </Form>
        ) : (
          <p class="hint">{t('reportInbox.operators.noCandidates')}</p>
        )}
      </Layout>
    );
  };

  app.get('/staff/inbox', { config: ADMIN }, async (request, reply) => reply.page(await render(request)));

  app.post('/staff/inbox/operators', { config: ADMIN }, async (request, reply) =>
    formAction(request, reply, {
      schema: GrantInboxBody,
      run: (value) => service.grantInbox(ctx, requireAuth(request).user, value.userId),
      rerender: (problem) => render(request, problem.errors),
      done: () => ({ to: '/staff/inbox', flash: 'reportInbox.operators.added' }),
    }),
  );

  app.post('/staff/inbox/operators/:userId/remove', { config: ADMIN }, async (request, reply) => {
    const { userId } = request.params as { userId: string };
    if (!isId(userId)) throw new NotFoundError();
    await service.revokeInbox(ctx, requireAuth(request).user, userId);
    await setFlash(request, { kind: 'success', key: 'reportInbox.operators.removed' });
    return reply.redirect('/staff/inbox', 303);
  });
}
