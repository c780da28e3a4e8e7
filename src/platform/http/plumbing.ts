import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { VNode } from 'preact';
import { type AuthState, hasPermission } from '../auth/auth-user.js';
import { setSessionFlash } from '../auth/auth.repository.js';
import { resolveApiToken, resolveSession } from '../auth/auth.service.js';
import type { AppContext } from '../context.js';
import { constantTimeEqual } from '../crypto/keys.js';
import { DEFAULT_LOCALE, isLocale, type Locale, negotiateLocale, type Translator } from '../i18n/i18n.js';
import type { Flash, LayoutProps } from '../views/layout.js';
import { renderPage } from '../views/render.js';
import { navBadges, staffNav } from '../views/staff-nav.js';
import { type Access, accessLabel } from './access.js';
import { installProxyChecks } from './proxy.js';
import { installUploadBudget, UPLOAD_BUDGET_BYTES, UploadBudget } from './upload-budget.js';
import { CsrfError, ForbiddenError, UnauthenticatedError } from './errors.js';

export const SESSION_COOKIE = 'abri_session';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    /** Route pattern → declared access, for the authorisation matrix. */
    routeAccess: Map<string, { method: string; url: string; access: Access }>;
  }
  interface FastifyRequest {
    auth: AuthState | null;
    locale: Locale;
    t: Translator;
  }
  interface FastifyReply {
    page(node: VNode, status?: number): FastifyReply;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Language from the URL (/fr/...), else the signed-in user's choice, else ?lang=, else Accept-Language. */
function pickLocale(request: FastifyRequest): Locale {
  const first = request.url.split('/')[1]?.split('?')[0];
  if (isLocale(first)) return first;
  if (request.auth && isLocale(request.auth.user.locale)) return request.auth.user.locale;
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(q)) return q;
  return negotiateLocale(request.headers['accept-language']);
}

function needsAuthLookup(url: string): boolean {
  return url.startsWith('/staff') || url.startsWith('/partner') || url.startsWith('/api') || url.startsWith('/setup') || url === '/metrics';
}

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** Request decorations, authentication, access declarations, CSRF and origin checks. */
export const plumbing = fp(async (app: FastifyInstance, opts: { ctx: AppContext }) => {
  const { ctx } = opts;
  app.decorate('ctx', ctx);
  app.decorate('routeAccess', new Map());
  app.decorateRequest('auth', null);
  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('t', null as unknown as Translator);
  installProxyChecks(app, ctx.config as AppContext['config'] | undefined);
  app.decorateReply('page', function (this: FastifyReply, node: VNode, status = 200) {
    return this.code(status).type('text/html; charset=utf-8').send(renderPage(node));
  });

  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (url.startsWith('/assets') || route.method === 'HEAD' || (Array.isArray(route.method) && route.method.every((m) => m === 'HEAD'))) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${url} declares no access (config.access)`);
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (method === 'HEAD') continue;
      app.routeAccess.set(`${method} ${url}`, { method, url, access });
    }
  });

  app.addHook('onRequest', async (request) => {
    if (needsAuthLookup(request.url)) {
      const bearer = request.headers.authorization;
      if (bearer?.startsWith('Bearer ') && request.url.startsWith('/api/')) {
        request.auth = (await resolveApiToken(ctx, bearer.slice(7).trim(), { userAgent: request.headers['user-agent'], address: request.ip })) ?? null;
      } else {
        const token = request.cookies[SESSION_COOKIE];
        if (token) request.auth = (await resolveSession(ctx, token)) ?? null;
      }
    }
    request.locale = pickLocale(request);
    request.t = ctx.i18n.translator(request.locale, request.auth?.user.timeZone ?? 'UTC');
  });
  if (ctx.config) {
    // After the hook above, so that a refusal is a page in the visitor's language. One upload holds at most five
    // files of MAX_UPLOAD_MB; all uploads in flight together at most 24 MB (one always passes).
    const perRequest = (ctx.config.maxUploadMb * 5 + 1) * 1024 * 1024;
    installUploadBudget(app, new UploadBudget(UPLOAD_BUDGET_BYTES, perRequest));
  }

  app.addHook('preHandler', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access) return;
    if (UNSAFE.has(request.method)) checkOrigin(request);
    if (access === 'public') return;
    const auth = request.auth;
    if (!auth) {
      if (isApi(request)) throw new UnauthenticatedError();
      const next = encodeURIComponent(request.url);
      return reply.redirect(`/staff/sign-in?next=${next}`, 303);
    }
    if (UNSAFE.has(request.method) && auth.via === 'session' && request.routeOptions.config.csrf !== 'skip') {
      checkCsrf(request, auth);
    }
    if (access === 'password') return;
    if (!auth.mfaPassed) {
      if (isApi(request)) throw new UnauthenticatedError();
      return reply.redirect('/staff/sign-in/second-factor', 303);
    }
    if (access === 'staff') return;
    if (!hasPermission(auth.user, access.permission)) throw new ForbiddenError();
  });

  app.addHook('onReady', async () => {
    for (const { access, method, url } of app.routeAccess.values()) {
      if (url.startsWith('/api/') && access === 'password') throw new Error(`${method} ${url}: API routes cannot use ${accessLabel(access)}`);
    }
  });
});

/**
 * Browsers send Origin on posts; a post from another site is refused whatever it carries. `Origin: null` comes
 * from sandboxed frames, data: pages and privacy redirects — never from Abri's own forms (its Referrer-Policy is
 * same-origin, under which browsers send the real origin to Abri) — so it is refused too.
 */
function checkOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') throw new ForbiddenError('errors.crossSite');
  const origin = request.headers.origin;
  if (origin === 'null') throw new ForbiddenError('errors.crossSite');
  if (!origin) return;
  try {
    if (new URL(origin).host !== request.headers.host) throw new ForbiddenError('errors.crossSite');
  } catch (e) {
    if (e instanceof ForbiddenError) throw e;
    throw new ForbiddenError('errors.crossSite');
  }
}

export function checkCsrf(request: FastifyRequest, auth: AuthState): void {
  const body = request.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body._csrf : undefined;
  const raw = typeof fromBody === 'string' ? fromBody : (request.headers['x-csrf-token'] as string | undefined);
  const secret = auth.session?.csrf_secret;
  if (!raw || !secret || !constantTimeEqual(raw, secret)) throw new CsrfError();
}

/** Stores a one-shot message for the next page of this session. */
export async function setFlash(
  request: FastifyRequest,
  { kind, key, values }: { kind: Flash['kind']; key: string; values?: Record<string, string | number> },
): Promise<void> {
  const session = request.auth?.session;
  if (!session) return;
  await setSessionFlash(request.server.ctx.db, session.id, JSON.stringify({ kind, key, values }));
}

async function takeFlash(request: FastifyRequest): Promise<Flash | undefined> {
  const session = request.auth?.session;
  if (!session?.flash) return undefined;
  await setSessionFlash(request.server.ctx.db, session.id, null);
  try {
    const parsed = JSON.parse(session.flash) as { kind: Flash['kind']; key: string; values?: Record<string, string | number> };
    return { kind: parsed.kind, text: request.t(parsed.key, parsed.values) };
  } catch {
    return undefined;
  }
}

/** The props every staff page's layout needs. */
export async function staffLayout(request: FastifyRequest, title: string): Promise<Omit<LayoutProps, 'children'>> {
  const auth = request.auth;
  const ctx = request.server.ctx;
  return {
    t: request.t,
    title,
    area: 'staff',
    demo: ctx.config.demo,
    user: auth ? { displayName: auth.user.displayName, csrf: auth.session?.csrf_secret ?? '' } : undefined,
    currentPath: request.url.split('?')[0] ?? '/staff',
    nav: auth?.mfaPassed
      ? staffNav(request.t, {
          user: auth.user,
          currentPath: request.url.split('?')[0] ?? '',
          entries: request.server.staffNav,
          badges: await navBadges(ctx, auth.user, request.server.staffNav),
        })
      : undefined,
    flash: await takeFlash(request),
  };
}

/** The props every public page's layout needs; `paths` gives this page's address in each language. */
export function publicLayout(request: FastifyRequest, title: string, alternates?: Partial<Record<Locale, string>>): Omit<LayoutProps, 'children'> {
  const ctx = request.server.ctx;
  return {
    t: request.t,
    title,
    area: 'public',
    demo: ctx.config.demo,
    quickExitUrl: ctx.config.quickExitUrl,
    neutralTitle: ctx.config.neutralTitles,
    alternates,
  };
}

export function requireAuth(request: FastifyRequest): AuthState {
  if (!request.auth) throw new UnauthenticatedError();
  return request.auth;
}

/** The client address in the only form Abri uses it: a keyed hash with a daily salt, in memory. */
export function clientKey(request: FastifyRequest): string {
  return request.server.ctx.limiter.clientKey(request.ip);
}
