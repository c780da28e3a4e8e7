import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listFlaggedComments, markFlaggedHandled, readFlaggedComment } from '../comments/comments.service.js';
import { officesWith } from '../platform/auth/auth-user.js';
import { NotFoundError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { ActionButton, SummaryList, Table } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';

const TRIAGE = { access: { permission: 'reports.triage' } } as const;
const HandledBody = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/**
 * Comments held by the public site because they look like a report of a real situation or carry personal data:
 * they come to triage, who can read them (each reading is in the access log), turn them into a report by
 * contacting the person if they left a way to, and mark them dealt with. They are never published.
 */
async function flaggedForUser(request: FastifyRequest) {
  const auth = requireAuth(request);
  const offices = officesWith(auth.user, 'reports.triage');
  if (offices === 'all') return listFlaggedComments(request.server.ctx.db);
  const seen = new Map<string, Awaited<ReturnType<typeof listFlaggedComments>>[number]>();
  for (const officeId of offices) for (const c of await listFlaggedComments(request.server.ctx.db, officeId)) seen.set(c.id, c);
  return [...seen.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function flaggedCommentPages(app: FastifyInstance): Promise<void> {
  app.get('/staff/reports/comments', { config: TRIAGE }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const rows = await flaggedForUser(request);
    return reply.page(
      <Layout {...(await staffLayout(request, t('reports.flagged.title')))}>
        <p>
          <a href="/staff/reports">{t('reports.flagged.back')}</a>
        </p>
        <h1>{t('reports.flagged.title')}</h1>
        <p class="lead">{t('reports.flagged.lead')}</p>
        <Table
          caption={t('reports.flagged.title')}
          head={[t('reports.flagged.received'), t('reports.flagged.why'), t('reports.flagged.language'), '']}
          rows={rows.map((c) => [
            t.date(c.createdAt, auth.user.timeZone, true),
            c.reasons.map((r) => t(`comments.reasons.${r}`)).join(t('reports.flagged.separator')),
            c.locale,
            <a href={`/staff/reports/comments/${c.id}`}>{t('reports.flagged.read')}</a>,
          ])}
          empty={t('reports.flagged.none')}
        />
      </Layout>,
    );
  });

  app.get('/staff/reports/comments/:id', { config: TRIAGE }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    const row = (await flaggedForUser(request)).find((c) => c.id === id);
    if (!row) throw new NotFoundError();
    const comment = await readFlaggedComment(app.ctx, auth.user, id);
    return reply.page(
      <Layout {...(await staffLayout(request, t('reports.flagged.one')))}>
        <p>
          <a href="/staff/reports/comments">{t('reports.flagged.backToList')}</a>
        </p>
        <h1>{t('reports.flagged.one')}</h1>
        <p class="hint">{t('reports.flagged.careful')}</p>
        <SummaryList
          items={[
            [t('reports.flagged.received'), t.date(row.createdAt, auth.user.timeZone, true)],
            [t('reports.flagged.why'), row.reasons.map((r) => t(`comments.reasons.${r}`)).join(t('reports.flagged.separator'))],
            [t('reports.flagged.name'), <span dir="auto">{comment.name}</span>],
            [t('reports.flagged.email'), <span dir="ltr">{comment.email}</span>],
            [t('reports.flagged.text'), <p dir="auto" class="free-text">{comment.body}</p>],
          ]}
        />
        <ActionButton action={`/staff/reports/comments/${id}/handled`} csrf={auth.session?.csrf_secret ?? ''} label={t('reports.flagged.markHandled')} fields={{ version: String(row.version) }} />
      </Layout>,
    );
  });

  app.post('/staff/reports/comments/:id/handled', { config: TRIAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    if (!(await flaggedForUser(request)).some((c) => c.id === id)) throw new NotFoundError();
    const form = parseForm(HandledBody, request.body);
    if (!form.ok) throw new NotFoundError();
    await markFlaggedHandled(app.ctx, { user: auth.user, id, version: form.value.version });
    await setFlash(request, { kind: 'success', key: 'reports.flagged.handled' });
    return reply.redirect('/staff/reports/comments', 303);
  });
}
