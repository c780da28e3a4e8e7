import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isId } from '../platform/ids.js';
import { NotFoundError } from '../platform/http/errors.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { ActionButton, Table } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import * as service from './security.service.js';

const ADMIN = { access: { permission: 'admin.manage' } } as const;

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isId(id)) throw new NotFoundError();
  return id;
}

/** Sign-in lockouts (seen and cleared) and a user's API tokens (seen and revoked), for administrators. */
export async function securityAdminRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/admin/lockouts', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const tz = auth.user.timeZone;
    const csrf = auth.session?.csrf_secret ?? '';
    const { accounts, clients, canClearClients } = await service.lockouts(ctx, auth.user);
    const until = (iso: string | null) => (iso && iso > new Date().toISOString() ? t.date(iso, tz, true) : t('lockouts.notLocked'));
    return reply.page(
      <Layout {...(await staffLayout(request, t('lockouts.title')))}>
        <h1>{t('lockouts.title')}</h1>
        <p class="lead">{t('lockouts.intro')}</p>
        <h2>{t('lockouts.accounts')}</h2>
        <Table
          caption={t('lockouts.accounts')}
          head={[t('lockouts.user'), t('lockouts.failures'), t('lockouts.until'), '']}
          rows={accounts.map((a) => [
            <a href={`/staff/admin/users/${a.id}`}>{a.display_name}</a>,
            String(a.failed_logins),
            until(a.locked_until),
            <ActionButton action={`/staff/admin/lockouts/users/${a.id}/clear`} csrf={csrf} label={t('lockouts.clear')} />,
          ])}
          empty={t('lockouts.noAccounts')}
        />
        {canClearClients ? (
          <>
            <h2>{t('lockouts.clients')}</h2>
            <p class="hint">{t('lockouts.clientsHint')}</p>
            <Table
              caption={t('lockouts.clients')}
              head={[t('lockouts.client'), t('lockouts.failures'), t('lockouts.until'), '']}
              rows={clients.map((c) => [
                <code dir="ltr">{c.key.slice(0, 8)}</code>,
                String(c.failures),
                until(c.lockedUntil > 0 ? new Date(c.lockedUntil).toISOString() : null),
                <ActionButton action="/staff/admin/lockouts/clients/clear" csrf={csrf} fields={{ key: c.key }} label={t('lockouts.clear')} />,
              ])}
              empty={t('lockouts.noClients')}
            />
            {clients.length > 0 ? <ActionButton action="/staff/admin/lockouts/clients/clear" csrf={csrf} label={t('lockouts.clearAllClients')} /> : null}
          </>
        ) : null}
      </Layout>,
    );
  });

  app.post('/staff/admin/lockouts/users/:id/clear', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    await service.clearAccount(ctx, auth.user, idParam(request));
    await setFlash(request, { kind: 'success', key: 'lockouts.cleared' });
    return reply.redirect('/staff/admin/lockouts', 303);
  });

  app.post('/staff/admin/lockouts/clients/clear', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const key = (request.body as Record<string, unknown> | undefined)?.key;
    await service.clearClients(ctx, auth.user, typeof key === 'string' && /^[A-Za-z0-9_-]{10,40}$/.test(key) ? key : undefined);
    await setFlash(request, { kind: 'success', key: 'lockouts.cleared' });
    return reply.redirect('/staff/admin/lockouts', 303);
  });

  app.get('/staff/admin/users/:id/tokens', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const tz = auth.user.timeZone;
    const id = idParam(request);
    const { user, tokens } = await service.userTokens(ctx, auth.user, id);
    const live = tokens.filter((tk) => !tk.revoked_at && tk.expires_at > new Date().toISOString());
    return reply.page(
      <Layout {...(await staffLayout(request, t('tokens.adminTitle', { name: user.display_name })))}>
        <h1>{t('tokens.adminTitle', { name: user.display_name })}</h1>
        <Table
          caption={t('account.apiTokens')}
          head={[t('account.tokenName'), t('tokens.created'), t('account.tokenExpires'), t('account.tokenLastUsed')]}
          rows={live.map((tk) => [tk.name, t.date(tk.created_at, tz, true), t.date(tk.expires_at, tz), tk.last_used_at ? t.date(tk.last_used_at, tz, true) : t('tokens.neverUsed')])}
          empty={t('account.noTokens')}
        />
        {live.length > 0 ? <ActionButton action={`/staff/admin/users/${id}/tokens/revoke`} csrf={auth.session?.csrf_secret ?? ''} label={t('tokens.revokeAll')} danger /> : null}
      </Layout>,
    );
  });

  app.post('/staff/admin/users/:id/tokens/revoke', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const id = idParam(request);
    const count = await service.revokeUserTokens(ctx, auth.user, id);
    await setFlash(request, { kind: 'success', key: 'tokens.revokedCount', values: { count } });
    return reply.redirect(`/staff/admin/users/${id}/tokens`, 303);
  });
}
