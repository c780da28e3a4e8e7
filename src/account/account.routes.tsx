import { Type } from '@sinclair/typebox';
import { EXAMPLE_ID, op } from '../platform/http/api-schema.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { activeSessionsOf, revokeUserSessions, unusedRecoveryCodeCount } from '../platform/auth/auth.repository.js';
import { revokeAllApiTokens, listApiTokens } from '../platform/auth/api-tokens.js';
import { ChangePasswordBody, LocaleBody, TimeZoneBody } from '../platform/auth/auth.schema.js';
import { setUserLocale, setUserTimeZone } from './account.repository.js';
import { tokenRoutes } from './tokens.routes.js';
import { TokensSection } from './tokens.views.js';
import * as auth from '../platform/auth/auth.service.js';
import { recordEvent } from '../platform/audit/audit.js';
import { inTransaction } from '../platform/db/database.js';
import { ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { LOCALES, languageOwnName } from '../platform/i18n/i18n.js';
import { ActionButton, type FieldErrors, Form, Select, Submit, Table, TextField, TimeZoneSelect } from '../platform/views/components.js';
import { isTimeZone } from '../platform/i18n/time-zones.js';
import { Layout } from '../platform/views/layout.js';

/** Back to the page the language was changed on, if it is a staff page. */
function safeBack(back: unknown): string {
  return typeof back === 'string' && /^\/(staff|partner)(\/[^\s]*)?$/.test(back) && !back.startsWith('//') ? back : '/staff/account';
}

export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  const accountPage = async (request: FastifyRequest, errors?: FieldErrors, newToken?: string, values?: Record<string, unknown>) => {
    const state = requireAuth(request);
    const t = request.t;
    const csrf = state.session?.csrf_secret ?? '';
    const sessions = await activeSessionsOf(ctx.db, state.user.id);
    const recoveryLeft = await unusedRecoveryCodeCount(ctx.db, state.user.id);
    const tokens = await listApiTokens(ctx, state.user.id);
    return (
      <Layout {...(await staffLayout(request, t('account.title')))}>
        <h1>{t('account.title')}</h1>
        <section>
          <h2>{t('account.preferences')}</h2>
          <Form t={t} action="/staff/account/locale" csrf={csrf}>
            <Select t={t} name="locale" label={t('admin.users.locale')} options={LOCALES.map((l) => ({ value: l, label: languageOwnName(l) }))} value={t.locale} />
            <Submit label={t('forms.save')} secondary />
          </Form>
          <Form t={t} action="/staff/account/time-zone" csrf={csrf} errors={errors?.timeZone ? { timeZone: errors.timeZone } : undefined}>
            <TimeZoneSelect t={t} name="timeZone" label={t('admin.fields.timeZone')} hint={t('admin.fields.timeZoneHint')} value={state.user.timeZone} error={errors?.timeZone} />
            <Submit label={t('forms.save')} secondary />
          </Form>
        </section>
        <section>
          <h2>{t('account.password')}</h2>
          <Form
            t={t}
            action="/staff/account/password"
            csrf={csrf}
            id="password-form"
            errors={errors && (errors.current || errors.password || errors.confirm) ? errors : undefined}
            hasRequired
            labels={{ current: t('auth.fields.currentPassword'), password: t('auth.fields.newPassword'), confirm: t('auth.fields.confirmPassword') }}
          >
            <TextField t={t} name="current" type="password" label={t('auth.fields.currentPassword')} required autocomplete="current-password" error={errors?.current} />
            <TextField t={t} name="password" type="password" label={t('auth.fields.newPassword')} hint={t('auth.passwordHint')} required autocomplete="new-password" error={errors?.password} />
            <TextField t={t} name="confirm" type="password" label={t('auth.fields.confirmPassword')} required autocomplete="new-password" error={errors?.confirm} />
            <Submit label={t('account.changePassword')} />
          </Form>
        </section>
        <section>
          <h2>{t('account.secondFactor')}</h2>
          <p>{t('account.recoveryLeft', { count: recoveryLeft })}</p>
        </section>
        <section>
          <h2>{t('account.sessions')}</h2>
          <Table
            caption={t('account.sessions')}
            head={[t('account.sessionStarted'), t('account.sessionLastSeen'), t('account.sessionCurrent')]}
            rows={sessions.map((s) => [t.date(s.created_at, state.user.timeZone, true), t.date(s.last_seen_at, state.user.timeZone, true), s.id === state.session?.id ? t('account.thisSession') : ''])}
          />
          {sessions.length > 1 ? <ActionButton action="/staff/account/sessions/revoke-others" csrf={csrf} label={t('account.revokeOthers')} /> : null}
        </section>
        <TokensSection t={t} csrf={csrf} timeZone={state.user.timeZone} tokens={tokens} errors={errors} newToken={newToken} values={values} />
      </Layout>
    );
  };

  app.get(
    '/api/v1/me',
    {
      config: { access: 'staff' },
      schema: op({
        summary: "The user the token acts for: roles and offices, and the token's scopes",
        tags: ['account'],
        response: {
          200: Type.Object(
            {
              id: Type.String(),
              displayName: Type.String(),
              locale: Type.String(),
              memberships: Type.Array(
                Type.Object({
                  role: Type.String(),
                  officeId: Type.Union([Type.String(), Type.Null()]),
                  organisationId: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
              scopes: Type.Union([Type.Array(Type.String()), Type.Null()], {
                description: "The token's scopes; null for a session or a token from before scopes (every area)",
              }),
            },
            {
              examples: [
                {
                  id: EXAMPLE_ID,
                  displayName: 'Amina B.',
                  locale: 'fr',
                  memberships: [{ role: 'case_worker', officeId: EXAMPLE_ID, organisationId: null }],
                  scopes: ['cases:read'],
                },
              ],
            },
          ),
        },
      }),
    },
    async (request) => {
      const state = requireAuth(request);
      return {
        id: state.user.id,
        displayName: state.user.displayName,
        locale: state.user.locale,
        memberships: state.user.memberships.map((m) => ({ role: m.role, officeId: m.office_id, organisationId: m.organisation_id })),
        scopes: state.token?.scopes ?? null,
      };
    },
  );

  app.get('/staff/account', { config: { access: 'staff' } }, async (request, reply) => reply.page(await accountPage(request)));

  // 'password': the header's language switcher is also on the enrolment page, before the second factor exists.
  app.post('/staff/account/locale', { config: { access: 'password' } }, async (request, reply) => {
    const state = requireAuth(request);
    const form = parseForm(LocaleBody, request.body);
    if (form.ok) {
      await setUserLocale(ctx.db, state.user.id, form.value.locale);
    }
    const referer = form.ok ? form.value.back : undefined;
    return reply.redirect(safeBack(referer), 303);
  });

  app.post('/staff/account/time-zone', { config: { access: 'staff' } }, async (request, reply) => {
    const state = requireAuth(request);
    const form = parseForm(TimeZoneBody, request.body);
    // Only a zone of the IANA list the select offers (Intl.supportedValuesOf), never free text.
    if (!form.ok || !isTimeZone(form.value.timeZone)) return reply.page(await accountPage(request, { timeZone: 'errors.timeZone' }), 400);
    await setUserTimeZone(ctx.db, state.user.id, form.value.timeZone);
    await setFlash(request, { kind: 'success', key: 'forms.saved' });
    return reply.redirect('/staff/account', 303);
  });

  app.post('/staff/account/password', { config: { access: 'staff' } }, async (request, reply) => {
    const state = requireAuth(request);
    const form = parseForm(ChangePasswordBody, request.body);
    if (!form.ok) return reply.page(await accountPage(request, form.errors), 400);
    if (form.value.password !== form.value.confirm) return reply.page(await accountPage(request, { confirm: 'auth.errors.passwordsDiffer' }), 400);
    try {
      await auth.changePassword(ctx, { auth: state, current: form.value.current, next: form.value.password });
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await accountPage(request, e.fields), 400);
      throw e;
    }
    await setFlash(request, { kind: 'success', key: 'account.passwordChanged' });
    return reply.redirect('/staff/account', 303);
  });

  app.post('/staff/account/sessions/revoke-others', { config: { access: 'staff' } }, async (request, reply) => {
    const state = requireAuth(request);
    await inTransaction(ctx.db, async (tx) => {
      const count = await revokeUserSessions(tx, state.user.id, state.session?.id);
      await recordEvent(tx, { type: 'auth.sessions_revoked', actorId: state.user.id, subjectType: 'user', subjectId: state.user.id, data: { count } });
      // Signing out everywhere includes the programs holding a token.
      await revokeAllApiTokens(tx, { userId: state.user.id, actorId: state.user.id, reason: 'signed_out_everywhere' });
    });
    await setFlash(request, { kind: 'success', key: 'account.othersRevoked' });
    return reply.redirect('/staff/account', 303);
  });

  await app.register(tokenRoutes, { accountPage });
}
