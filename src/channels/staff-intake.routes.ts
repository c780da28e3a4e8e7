import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import type { FieldErrors } from '../platform/views/components.js';
import { StaffReportBody } from './staff-intake.schema.js';
import { recordStaffReport } from './staff-intake.service.js';
import { StaffReportPage, type Typed } from './staff-intake.views.js';

const TRIAGE = { access: { permission: 'reports.triage' } } as const;

/**
 * A triage operator records a call or a visit. Not through formAction: success must show the receipt code in this
 * response (to read back to the caller), never through a redirect, a flash stored in the session, or a URL.
 */
export async function staffIntakeRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { errors?: FieldErrors; raw?: Typed; receipt?: { code: string; reportId: string } } = {},
  ) => {
    const auth = requireAuth(request);
    const title = opts.receipt ? request.t('channels.staff.receipt.title') : request.t('channels.staff.title');
    const layout = await staffLayout(request, title);
    return reply.page(StaffReportPage({ layout, csrf: auth.session?.csrf_secret ?? '', ...opts }), opts.errors ? 400 : 200);
  };

  app.get('/staff/reports/new', { config: TRIAGE }, async (request, reply) => page(request, reply));

  app.post('/staff/reports/new', { config: TRIAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const parsed = parseForm(StaffReportBody, request.body);
    if (!parsed.ok) return page(request, reply, { errors: parsed.errors, raw: parsed.raw });
    try {
      const { code, id } = await recordStaffReport(ctx, { user: auth.user, input: parsed.value, locale: request.locale });
      return page(request, reply, { receipt: { code, reportId: id } });
    } catch (e) {
      if (e instanceof ValidationError) return page(request, reply, { errors: e.fields, raw: request.body as Typed });
      throw e;
    }
  });
}
