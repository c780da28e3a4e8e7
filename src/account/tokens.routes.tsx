import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { scopesFromForm } from '../platform/auth/api-scopes.js';
import { ALL_SCOPES, createApiToken, revokeApiToken, TOKEN_DEFAULT_DAYS } from '../platform/auth/api-tokens.js';
import { ApiTokenBody } from '../platform/auth/auth.schema.js';
import { verifyStepUp } from '../platform/auth/auth.service.js';
import { isId } from '../platform/ids.js';
import { NotFoundError, RateLimitedError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { clientKey, requireAuth, setFlash } from '../platform/http/plumbing.js';
import type { FieldErrors } from '../platform/views/components.js';

type AccountPage = (request: FastifyRequest, errors?: FieldErrors, newToken?: string, values?: Record<string, unknown>) => Promise<VNode>;

/** Personal access tokens: created only with the password and a current code again, listed, revoked. */
export async function tokenRoutes(app: FastifyInstance, opts: { accountPage: AccountPage }): Promise<void> {
  const ctx = app.ctx;
  const { accountPage } = opts;

  app.post('/staff/account/tokens', { config: { access: 'staff' } }, async (request, reply) => {
    const state = requireAuth(request);
    const form = parseForm(ApiTokenBody, request.body);
    if (!form.ok) return reply.page(await accountPage(request, form.errors, undefined, form.raw), 400);
    const { name, days, tokenPassword, code } = form.value;
    // A post without any scope field (a client from before scopes) keeps what tokens were then: every area.
    const body = request.body as Record<string, unknown>;
    const scopes = Object.keys(body).some((k) => k.startsWith('scope_')) ? scopesFromForm(body) : [...ALL_SCOPES];
    const values = { name, days, ...Object.fromEntries(Object.entries(body).filter(([k]) => k.startsWith('scope_'))) };
    if (scopes.length === 0) return reply.page(await accountPage(request, { scopes: 'api.errors.noScope' }, undefined, values), 400);
    const checked = await verifyStepUp(ctx, { userId: state.user.id, password: tokenPassword, code, client: clientKey(request) });
    if (checked === 'locked') throw new RateLimitedError(60);
    if (checked === 'password') return reply.page(await accountPage(request, { tokenPassword: 'auth.errors.currentPasswordWrong' }, undefined, values), 400);
    if (checked === 'code') return reply.page(await accountPage(request, { code: 'auth.errors.invalidCode' }, undefined, values), 400);
    const token = await createApiToken(ctx, { auth: state, name, days: days ?? TOKEN_DEFAULT_DAYS, scopes });
    return reply.page(await accountPage(request, undefined, token));
  });

  app.post('/staff/account/tokens/:id/revoke', { config: { access: 'staff' } }, async (request, reply) => {
    const state = requireAuth(request);
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    // Only one's own tokens: another user's id changes nothing and says nothing.
    const done = await revokeApiToken(ctx, { userId: state.user.id, tokenId: id, actorId: state.user.id, reason: 'user' });
    if (!done) throw new NotFoundError();
    await setFlash(request, { kind: 'success', key: 'tokens.revoked' });
    return reply.redirect('/staff/account#api-tokens', 303);
  });
}
