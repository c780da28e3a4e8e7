import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../platform/http/access.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { parseBody, parseForm } from '../platform/http/forms.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { EmptyBody, SubscriptionBody, VersionBody } from './webhooks.schema.js';
import * as service from './webhooks.service.js';
import { WebhookDetailPage, WebhookListPage } from './webhooks.views.js';

interface Area {
  base: string;
  area: 'admin' | 'partner';
  access: Access;
}

/** The same pages for an administrator (every subscription) and a partner organisation (its own, its referrals' events). */
const AREAS: Area[] = [
  { base: '/staff/admin/webhooks', area: 'admin', access: { permission: 'admin.manage' } },
  { base: '/partner/webhooks', area: 'partner', access: { permission: 'referrals.respond' } },
];

function param(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isId(id)) throw new NotFoundError();
  return id;
}

export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  for (const a of AREAS) {
    const config = { access: a.access };
    const owner = (request: FastifyRequest) => service.ownerOf(requireAuth(request).user, a.area);
    const csrf = (request: FastifyRequest) => requireAuth(request).session?.csrf_secret ?? '';

    const listPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: { problem?: FormProblem; secret?: { id: string; value: string } } = {},
      status = 200,
    ) => {
      const auth = requireAuth(request);
      const model = {
        base: a.base,
        csrf: csrf(request),
        timeZone: auth.user.timeZone,
        subscriptions: await service.listSubscriptions(ctx, owner(request)),
        events: a.area === 'admin' ? service.WEBHOOK_EVENTS : service.PARTNER_EVENTS,
        errors: extra.problem?.errors,
        values: extra.problem?.raw,
        secret: extra.secret,
      };
      return reply.page(WebhookListPage({ layout: await staffLayout(request, request.t('webhooks.title')), model }), status);
    };
    const detailPage = async (request: FastifyRequest, reply: FastifyReply, id: string, secret?: string) => {
      const auth = requireAuth(request);
      const d = await service.subscriptionDetail(ctx, owner(request), id);
      const model = { base: a.base, csrf: csrf(request), timeZone: auth.user.timeZone, ...d, secret };
      return reply.page(WebhookDetailPage({ layout: await staffLayout(request, request.t('webhooks.detailTitle')), model }));
    };

    app.get(a.base, { config }, async (request, reply) => listPage(request, reply));

    // The secret is shown once, on the page that answers the creation or the rotation (never in a redirect or a flash).
    app.post(a.base, { config }, async (request, reply) => {
      const parsed = parseForm(SubscriptionBody, request.body);
      if (!parsed.ok) return listPage(request, reply, { problem: { errors: parsed.errors, raw: parsed.raw } }, 400);
      try {
        const created = await service.createSubscription(ctx, { actor: requireAuth(request).user, owner: owner(request), input: parsed.value });
        return listPage(request, reply, { secret: { id: created.id, value: created.secret } });
      } catch (e) {
        if (e instanceof ValidationError) return listPage(request, reply, { problem: { errors: e.fields, raw: request.body as Record<string, unknown> } }, 400);
        throw e;
      }
    });

    app.get(`${a.base}/:id`, { config }, async (request, reply) => detailPage(request, reply, param(request)));

    app.post(`${a.base}/:id/rotate`, { config }, async (request, reply) => {
      const id = param(request);
      const body = parseBody(VersionBody, request.body);
      const secret = await service.rotateSecret(ctx, { actor: requireAuth(request).user, owner: owner(request), id, version: body.version });
      return detailPage(request, reply, id, secret);
    });

    for (const [path, active] of [
      ['enable', true],
      ['disable', false],
    ] as const) {
      app.post(`${a.base}/:id/${path}`, { config }, async (request, reply) => {
        const id = param(request);
        return formAction(request, reply, {
          schema: VersionBody,
          run: (body) => service.setActive(ctx, { actor: requireAuth(request).user, owner: owner(request), id, active, version: body.version }),
          rerender: () => detailPage(request, reply, id),
          done: () => ({ to: `${a.base}/${id}`, flash: active ? 'webhooks.enabled' : 'webhooks.disabled' }),
        });
      });
    }

    app.post(`${a.base}/:id/delete`, { config }, async (request, reply) => {
      const id = param(request);
      return formAction(request, reply, {
        schema: EmptyBody,
        run: () => service.removeSubscription(ctx, { actor: requireAuth(request).user, owner: owner(request), id }),
        rerender: () => detailPage(request, reply, id),
        done: () => ({ to: a.base, flash: 'webhooks.deleted' }),
      });
    });
  }
}
