import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CaseParams, Ok, op, pageOf } from '../platform/http/api-schema.js';
import { NotFoundError } from '../platform/http/errors.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { CaseFromReport, ReportDetail, ReportList, ReportListQuery } from './reports-api.schema.js';
import { LinkBody, MessageBody, OpenCaseBody } from './reports.schema.js';
import type { ReportRow } from './reports.table.js';
import * as service from './triage.service.js';

const TRIAGE = { access: { permission: 'reports.triage' } } as const;
const TAGS = ['reports'];

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isId(id)) throw new NotFoundError();
  return id;
}

function summary(r: ReportRow) {
  return {
    id: r.id,
    reference: r.reference,
    officeId: r.office_id,
    state: r.state,
    priority: service.effectiveLevel(r),
    receivedAt: r.received_at,
    unread: r.unread === 1,
    caseId: r.case_id,
    version: r.version,
  };
}

/** Triage through the API: the queue, a report, a message to the reporter, a link, a case opened. The pages' services. */
export async function reportsApiRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get(
    '/api/v1/reports',
    {
      config: TRIAGE,
      schema: op({
        summary: "The triage queue of the caller's offices, highest priority first",
        tags: TAGS,
        querystring: ReportListQuery,
        response: { 200: ReportList },
      }),
    },
    async (request) => {
      const q = parseBody(ReportListQuery, request.query);
      const rows = await service.queue(ctx, { user: requireAuth(request).user, open: q.state !== 'closed' });
      // The queue's own order (priority, then age) is kept: the sort key is the position's rank, zero-padded.
      const ranked = rows.map((r, i) => ({ r, key: String(i).padStart(8, '0') }));
      const page = pageOf({ items: ranked, keyOf: (x) => ({ key: x.key, id: x.r.id }), query: q, order: 'asc' });
      return { reports: page.items.map((x) => summary(x.r)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/reports/:id',
    { config: TRIAGE, schema: op({ summary: 'Read a report (its reading is logged)', tags: TAGS, params: CaseParams, response: { 200: ReportDetail } }) },
    async (request) => {
      const v = await service.viewReport(ctx, requireAuth(request).user, idParam(request));
      const r = v.report;
      return {
        report: {
          ...summary(r),
          reporterRole: r.reporter_role,
          country: r.country,
          dangerNow: r.danger_now,
          recent24h: r.recent_24h,
          children: r.children,
          peopleCount: r.people_count,
          recruitment: JSON.parse(r.recruitment_codes) as string[],
          control: JSON.parse(r.control_codes) as string[],
          exploitation: JSON.parse(r.exploitation_codes) as string[],
          language: r.language,
          priorityReasons: v.reasons,
          priorityNote: v.note,
          consents: JSON.parse(r.consents) as Record<string, string>,
          closureReason: r.closure_reason,
          files: v.files.map((f) => ({ id: f.id, mime: f.mime, size: f.size })),
        },
        content: v.content,
        messages: v.messages,
        links: v.links.map(summary),
        candidates: v.candidates.map((c) => ({ id: c.id, reference: c.reference })),
      };
    },
  );

  app.post(
    '/api/v1/reports/:id/messages',
    {
      config: TRIAGE,
      schema: op({
        summary: 'Send a message or question to the reporter (read on the follow-up page)',
        tags: TAGS,
        params: CaseParams,
        body: MessageBody,
        response: { 201: Ok },
        errors: [422],
      }),
    },
    async (request, reply) => {
      const id = idParam(request);
      await service.sendMessage(ctx, { user: requireAuth(request).user, id, body: parseBody(MessageBody, request.body).body });
      return reply.code(201).send({ ok: true });
    },
  );

  app.post(
    '/api/v1/reports/:id/links',
    {
      config: TRIAGE,
      schema: op({ summary: 'Link the report to another one (same situation)', tags: TAGS, params: CaseParams, body: LinkBody, response: { 200: Ok } }),
    },
    async (request) => {
      const id = idParam(request);
      await service.linkReports(ctx, { user: requireAuth(request).user, id, relatedId: parseBody(LinkBody, request.body).relatedId });
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/reports/:id/case',
    {
      config: TRIAGE,
      schema: op({
        summary: "Open a case (or one per person the report is about) from the report; the report's answers never become the person's consent",
        tags: TAGS,
        params: CaseParams,
        body: OpenCaseBody,
        response: { 201: CaseFromReport },
        errors: [409, 422],
      }),
    },
    async (request, reply) => {
      const id = idParam(request);
      const opened = await service.openCaseFromReport(ctx, { user: requireAuth(request).user, id, choice: parseBody(OpenCaseBody, request.body) });
      return reply.code(201).send(opened);
    },
  );
}
