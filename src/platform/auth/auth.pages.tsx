import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ValidationError } from '../http/errors.js';
import { parseForm } from '../http/forms.js';
import { clientKey, publicLayout, requireAuth, SESSION_COOKIE, staffLayout } from '../http/plumbing.js';
import { type FieldErrors, Form, Submit, TextField } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { countUsers } from './auth.repository.js';
import { CodeBody, SetPasswordBody, SetupBody, SignInBody } from './auth.schema.js';
import * as auth from './auth.service.js';
import { totpQrDataUrl, totpUri } from './totp.js';
import { countSignInFailure } from '../metrics.js';

const SIGN_IN_LIMIT = { count: 20, windowMs: 10 * 60_000 };

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  const config = request.server.ctx.config;
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: config.sessionAbsoluteHours * 3600,
  });
}

/** Only local paths: `next` must not send anyone to another site. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(staff|partner)(\/[^\s]*)?$/.test(next) && !next.startsWith('//') ? next : '/staff';
}

export async function authPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  const signInPage = (request: FastifyRequest, errors?: FieldErrors, values?: { email?: string; next?: string }, problem?: string) => {
    const t = request.t;
    return (
      <Layout {...publicLayout(request, t('auth.signIn.title'))} area="staff">
        <h1>{t('auth.signIn.title')}</h1>
        {problem ? (
          <div class="flash flash-error" role="alert">
            {problem}
          </div>
        ) : null}
        <Form t={t} action="/staff/sign-in" errors={errors} id="sign-in" hasRequired labels={{ email: t('auth.fields.email'), password: t('auth.fields.password') }}>
          <input type="hidden" name="next" value={values?.next ?? ''} />
          <TextField t={t} name="email" type="email" label={t('auth.fields.email')} value={values?.email} required autocomplete="username" error={errors?.email} />
          <TextField t={t} name="password" type="password" label={t('auth.fields.password')} required autocomplete="current-password" error={errors?.password} />
          <Submit label={t('auth.signIn.submit')} />
        </Form>
        <p class="hint">{t('auth.signIn.forgotten')}</p>
      </Layout>
    );
  };

  app.get('/staff/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    if (request.auth?.mfaPassed) return reply.redirect('/staff', 303);
    const next = (request.query as Record<string, unknown>).next;
    return reply.page(signInPage(request, undefined, { next: typeof next === 'string' ? next : '' }));
  });

  app.post('/staff/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const t = request.t;
    await ctx.limiter.check('sign-in', clientKey(request), { limit: SIGN_IN_LIMIT.count, windowMs: SIGN_IN_LIMIT.windowMs });
    const form = parseForm(SignInBody, request.body);
    if (!form.ok) return reply.page(signInPage(request, form.errors, { email: String(form.raw.email ?? '') }), 400);
    const outcome = await auth.signIn(ctx, {
      email: form.value.email,
      password: form.value.password,
      client: clientKey(request),
      previousSessionId: request.auth?.session?.id,
    });
    if (!outcome.ok) {
      countSignInFailure('password', outcome.reason);
      const message = outcome.reason === 'locked' ? t('auth.errors.locked', { minutes: outcome.minutes ?? auth.LOCKOUT_MINUTES }) : t('auth.errors.invalidCredentials');
      return reply.page(signInPage(request, undefined, { email: form.value.email, next: form.value.next }, message), outcome.reason === 'locked' ? 429 : 401);
    }
    setSessionCookie(request, reply, outcome.token);
    const next = safeNext(form.value.next);
    return reply.redirect(outcome.next === 'mfa' ? `/staff/sign-in/second-factor?next=${encodeURIComponent(next)}` : '/staff/second-factor/enrol', 303);
  });

  const mfaPage = (request: FastifyRequest, csrf: string, next: string, problem?: string) => {
    const t = request.t;
    return (
      <Layout {...publicLayout(request, t('auth.mfa.title'))} area="staff">
        <h1>{t('auth.mfa.title')}</h1>
        {problem ? (
          <div class="flash flash-error" role="alert">
            {problem}
          </div>
        ) : null}
        <Form t={t} action="/staff/sign-in/second-factor" csrf={csrf} hasRequired>
          <input type="hidden" name="next" value={next} />
          <TextField t={t} name="code" label={t('auth.fields.code')} hint={t('auth.mfa.hint')} required autocomplete="one-time-code" inputMode="numeric" width="short" />
          <Submit label={t('auth.mfa.submit')} />
        </Form>
      </Layout>
    );
  };

  app.get('/staff/sign-in/second-factor', { config: { access: 'password' } }, async (request, reply) => {
    const state = requireAuth(request);
    if (state.mfaPassed) return reply.redirect('/staff', 303);
    // Every staff page sends a password-only session here; someone who has no second factor yet must enrol instead.
    if (!(await auth.hasSecondFactor(ctx, state.user.id))) return reply.redirect('/staff/second-factor/enrol', 303);
    const next = safeNext((request.query as Record<string, unknown>).next);
    return reply.page(mfaPage(request, state.session?.csrf_secret ?? '', next));
  });

  app.post('/staff/sign-in/second-factor', { config: { access: 'password' } }, async (request, reply) => {
    const state = requireAuth(request);
    const t = request.t;
    await ctx.limiter.check('mfa', clientKey(request), { limit: SIGN_IN_LIMIT.count, windowMs: SIGN_IN_LIMIT.windowMs });
    const body = request.body as Record<string, unknown>;
    const next = safeNext(body?.next);
    const form = parseForm(CodeBody, body);
    const result = form.ok ? await auth.passMfa(ctx, { auth: state, code: form.value.code, client: clientKey(request) }) : { status: 'invalid' as const };
    if (result.status === 'ok') {
      setSessionCookie(request, reply, result.token);
      return reply.redirect(next, 303);
    }
    countSignInFailure('second_factor', result.status);
    const message = result.status === 'locked' ? t('auth.errors.locked', { minutes: result.minutes ?? auth.LOCKOUT_MINUTES }) : t('auth.errors.invalidCode');
    return reply.page(mfaPage(request, state.session?.csrf_secret ?? '', next, message), 401);
  });

  const enrolPage = async (request: FastifyRequest, secret: string, errors?: FieldErrors) => {
    const state = requireAuth(request);
    const t = request.t;
    const uri = totpUri(secret, state.user.email);
    const qr = await totpQrDataUrl(uri);
    return (
      <Layout {...(await staffLayout(request, t('auth.enrol.title')))}>
        <h1>{t('auth.enrol.title')}</h1>
        <p class="lead">{t('auth.enrol.intro')}</p>
        <ol class="steps">
          <li>{t('auth.enrol.step1')}</li>
          <li>
            {t('auth.enrol.step2')}
            <div class="qr">
              <img src={qr} alt={t('auth.enrol.qrAlt')} width={200} height={200} />
            </div>
            <p>
              {t('auth.enrol.manual')} <code class="secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
            </p>
          </li>
          <li>{t('auth.enrol.step3')}</li>
        </ol>
        <Form t={t} action="/staff/second-factor/enrol" csrf={state.session?.csrf_secret} errors={errors} hasRequired labels={{ code: t('auth.fields.code') }}>
          <TextField t={t} name="code" label={t('auth.fields.code')} required autocomplete="one-time-code" inputMode="numeric" width="short" error={errors?.code} />
          <Submit label={t('auth.enrol.submit')} />
        </Form>
      </Layout>
    );
  };

  app.get('/staff/second-factor/enrol', { config: { access: 'password' } }, async (request, reply) => {
    const state = requireAuth(request);
    if (state.mfaPassed) return reply.redirect('/staff/account', 303);
    if (await auth.hasSecondFactor(ctx, state.user.id)) return reply.redirect('/staff/sign-in/second-factor', 303);
    const secret = await auth.startEnrolment(ctx, state.user.id);
    return reply.page(await enrolPage(request, secret));
  });

  app.post('/staff/second-factor/enrol', { config: { access: 'password' } }, async (request, reply) => {
    const state = requireAuth(request);
    const t = request.t;
    if (state.mfaPassed) return reply.redirect('/staff/account', 303);
    const form = parseForm(CodeBody, request.body);
    const enrolled = form.ok ? await auth.confirmEnrolment(ctx, state, form.value.code) : undefined;
    if (!enrolled) {
      const secret = await auth.startEnrolment(ctx, state.user.id);
      return reply.page(await enrolPage(request, secret, { code: 'auth.errors.invalidCode' }), 400);
    }
    const { codes } = enrolled;
    setSessionCookie(request, reply, enrolled.token);
    // The page below is already part of the new session (its sign-out form carries the new CSRF secret).
    request.auth = { ...state, session: enrolled.session, mfaPassed: true };
    return reply.page(
      <Layout {...(await staffLayout(request, t('auth.recovery.title')))}>
        <h1>{t('auth.recovery.title')}</h1>
        <p class="lead">{t('auth.recovery.intro')}</p>
        <ul class="recovery-codes">
          {codes.map((c) => (
            <li>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href="/staff">
            {t('auth.recovery.continue')}
          </a>
        </p>
      </Layout>,
    );
  });

  app.post('/staff/sign-out', { config: { access: 'password' } }, async (request, reply) => {
    const state = requireAuth(request);
    await auth.signOut(ctx, state);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/staff/sign-in', 303);
  });

  const setPasswordPage = (request: FastifyRequest, action: string, title: string, errors?: FieldErrors, extra?: preact.ComponentChildren) => {
    const t = request.t;
    return (
      <Layout {...publicLayout(request, title)} area="staff">
        <h1>{title}</h1>
        <Form t={t} action={action} errors={errors} hasRequired labels={{ password: t('auth.fields.newPassword'), confirm: t('auth.fields.confirmPassword'), displayName: t('auth.fields.displayName'), email: t('auth.fields.email') }}>
          {extra}
          <TextField t={t} name="password" type="password" label={t('auth.fields.newPassword')} hint={t('auth.passwordHint')} required autocomplete="new-password" error={errors?.password} />
          <TextField t={t} name="confirm" type="password" label={t('auth.fields.confirmPassword')} required autocomplete="new-password" error={errors?.confirm} />
          <Submit label={t('auth.setPassword.submit')} />
        </Form>
      </Layout>
    );
  };

  const linkGone = (request: FastifyRequest, reply: FastifyReply) => {
    const t = request.t;
    return reply.page(
      <Layout {...publicLayout(request, t('auth.errors.linkInvalidTitle'))} area="staff">
        <h1>{t('auth.errors.linkInvalidTitle')}</h1>
        <p>{t('auth.errors.linkInvalid')}</p>
      </Layout>,
      410,
    );
  };

  app.get('/staff/set-password/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    if (!(await auth.checkLink(ctx, 'set-password', token))) return linkGone(request, reply);
    return reply.page(setPasswordPage(request, `/staff/set-password/${token}`, request.t('auth.setPassword.title')));
  });

  app.post('/staff/set-password/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const t = request.t;
    await ctx.limiter.check('link', clientKey(request), { limit: 30, windowMs: 10 * 60_000 });
    if (!(await auth.checkLink(ctx, 'set-password', token))) return linkGone(request, reply);
    const form = parseForm(SetPasswordBody, request.body);
    const errors: FieldErrors = form.ok ? {} : form.errors;
    if (form.ok && form.value.password !== form.value.confirm) errors.confirm = 'auth.errors.passwordsDiffer';
    if (!form.ok || Object.keys(errors).length > 0) {
      return reply.page(setPasswordPage(request, `/staff/set-password/${token}`, t('auth.setPassword.title'), errors), 400);
    }
    try {
      await auth.setPasswordWithLink(ctx, token, form.value.password);
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(setPasswordPage(request, `/staff/set-password/${token}`, t('auth.setPassword.title'), e.fields), 400);
      if (e instanceof AppError && e.status === 400) return linkGone(request, reply);
      throw e;
    }
    return reply.redirect('/staff/sign-in?done=password', 303);
  });

  const setupExtra = (request: FastifyRequest, errors?: FieldErrors, values?: Record<string, unknown>) => {
    const t = request.t;
    return (
      <>
        <p class="lead">{t('auth.setup.intro')}</p>
        <TextField t={t} name="displayName" label={t('auth.fields.displayName')} required autocomplete="name" value={String(values?.displayName ?? '')} error={errors?.displayName} />
        <TextField t={t} name="email" type="email" label={t('auth.fields.email')} required autocomplete="username" value={String(values?.email ?? '')} error={errors?.email} />
      </>
    );
  };

  app.get('/setup/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    if ((await countUsers(ctx.db)) > 0 || !(await auth.checkLink(ctx, 'setup', token))) return linkGone(request, reply);
    return reply.page(setPasswordPage(request, `/setup/${token}`, request.t('auth.setup.title'), undefined, setupExtra(request)));
  });

  app.post('/setup/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const t = request.t;
    await ctx.limiter.check('link', clientKey(request), { limit: 30, windowMs: 10 * 60_000 });
    if ((await countUsers(ctx.db)) > 0 || !(await auth.checkLink(ctx, 'setup', token))) return linkGone(request, reply);
    const form = parseForm(SetupBody, request.body);
    const errors: FieldErrors = form.ok ? {} : form.errors;
    if (form.ok && form.value.password !== form.value.confirm) errors.confirm = 'auth.errors.passwordsDiffer';
    const render = (errs: FieldErrors) =>
      reply.page(setPasswordPage(request, `/setup/${token}`, t('auth.setup.title'), errs, setupExtra(request, errs, form.ok ? form.value : form.raw)), 400);
    if (!form.ok || Object.keys(errors).length > 0) return render(errors);
    try {
      const sessionToken = await auth.createFirstAdministrator(ctx, token, { ...form.value, locale: request.locale });
      setSessionCookie(request, reply, sessionToken);
    } catch (e) {
      if (e instanceof ValidationError) return render(e.fields);
      if (e instanceof AppError && e.status === 400) return linkGone(request, reply);
      throw e;
    }
    return reply.redirect('/staff/second-factor/enrol', 303);
  });

}
