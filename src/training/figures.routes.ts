import type { FastifyInstance } from 'fastify';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { figuresFor } from './figures.service.js';
import { FiguresPage } from './figures.views.js';
import { FiguresQuery } from './training.schema.js';

const MANAGE = { access: { permission: 'training.manage' } } as const;

/** The training figures of the offices a user manages (a GET filter: a bad date shows the figures of all time). */
export async function figuresPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  app.get('/staff/training/figures', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const q = parseForm(FiguresQuery, request.query);
    const period = q.ok ? q.value : {};
    const figures = await figuresFor(ctx, auth.user, period);
    const layout = await staffLayout(request, request.t('training.figures.title'));
    return reply.page(FiguresPage({ layout, figures, period, errors: q.ok ? undefined : q.errors }));
  });
}
