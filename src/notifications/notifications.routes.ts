import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { clockSettings, saveClocks } from './clocks.service.js';
import { ClockBody, PreferencesBody } from './notifications.schema.js';
import { markRead, notificationList, openNotification, outboxStatus, preferences, savePreferences } from './notifications.service.js';
import { ClocksPage, NotificationsPage, PreferencesPage } from './notifications.views.js';

const STAFF = { access: 'staff' } as const;
const CLOCKS = { access: { permission: 'notifications.clocks' } } as const;

function param(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, string>)[name];
  if (!value || !isId(value)) throw new NotFoundError();
  return value;
}

/** The staff's notifications (their own only), their preferences, and the offices' clocks. */
export async function notificationsRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const csrfOf = (request: FastifyRequest) => requireAuth(request).session?.csrf_secret ?? '';

  app.get('/staff/notifications', { config: STAFF }, async (request, reply) => {
    const user = requireAuth(request).user;
    const layout = await staffLayout(request, request.t('notifications.title'));
    return reply.page(NotificationsPage({ layout, model: await notificationList(ctx, user), csrf: csrfOf(request) }));
  });

  const preferencesPage = async (request: FastifyRequest, again?: FormProblem) => {
    const layout = await staffLayout(request, request.t('notifications.preferences.title'));
    return PreferencesPage({ layout, model: await preferences(ctx, requireAuth(request).user), csrf: csrfOf(request), again });
  };

  app.get('/staff/notifications/preferences', { config: STAFF }, async (request, reply) => reply.page(await preferencesPage(request)));

  app.post('/staff/notifications/preferences', { config: STAFF }, async (request, reply) =>
    formAction(request, reply, {
      schema: PreferencesBody,
      run: (value) => savePreferences(ctx, requireAuth(request).user, value),
      rerender: (again) => preferencesPage(request, again),
      done: () => ({ to: '/staff/notifications/preferences', flash: 'forms.saved' }),
    }),
  );

  app.post('/staff/notifications/read-all', { config: STAFF }, async (request, reply) => {
    await markRead(ctx, requireAuth(request).user, 'all');
    await setFlash(request, { kind: 'success', key: 'notifications.allRead' });
    return reply.redirect('/staff/notifications', 303);
  });

  app.get('/staff/notifications/:id', { config: STAFF }, async (request, reply) =>
    reply.redirect(await openNotification(ctx, requireAuth(request).user, param(request, 'id')), 303),
  );

  app.post('/staff/notifications/:id/read', { config: STAFF }, async (request, reply) => {
    await markRead(ctx, requireAuth(request).user, param(request, 'id'));
    return reply.redirect('/staff/notifications', 303);
  });

  const clocksPage = async (request: FastifyRequest, again?: FormProblem & { officeId: string }) => {
    const layout = await staffLayout(request, request.t('notifications.clocks.title'));
    return ClocksPage({
      layout,
      offices: await clockSettings(ctx, requireAuth(request).user),
      csrf: csrfOf(request),
      mailConfigured: !!ctx.config.smtpUrl,
      outbox: await outboxStatus(ctx, requireAuth(request).user),
      again,
    });
  };

  app.get('/staff/clocks', { config: CLOCKS }, async (request, reply) => reply.page(await clocksPage(request)));

  app.post('/staff/clocks/:officeId', { config: CLOCKS }, async (request, reply) => {
    const officeId = param(request, 'officeId');
    return formAction(request, reply, {
      schema: ClockBody,
      run: (value) => saveClocks(ctx, { user: requireAuth(request).user, officeId, input: value }),
      rerender: (again) => clocksPage(request, { ...again, officeId }),
      done: () => ({ to: '/staff/clocks', flash: 'forms.saved' }),
    });
  });
}
