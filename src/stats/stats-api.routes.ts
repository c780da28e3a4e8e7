import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { op } from '../platform/http/api-schema.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { dashboardFigures } from './dashboards.service.js';

const VIEW = { access: { permission: 'stats.view' } } as const;

const Month = Type.String({ pattern: '^\\d{4}-\\d{2}$', maxLength: 7, description: 'YYYY-MM' });
const StatsQuery = Type.Object({
  office: Type.Optional(Type.String({ maxLength: 40, description: "An office code, or 'all' (default)" })),
  from: Type.Optional(Month),
  to: Type.Optional(Month),
});
const Figures = Type.Object(
  {
    query: Type.Object(
      {
        view: Type.String(),
        from: Type.String(),
        to: Type.String(),
        offices: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: true })),
      },
      { additionalProperties: true },
    ),
    threshold: Type.Integer({ description: 'Counts below it (and what would reveal them) are suppressed' }),
    figures: Type.Array(
      Type.Object({
        key: Type.String(),
        section: Type.String(),
        kind: Type.String(),
        rows: Type.Array(
          Type.Object({
            category: Type.Union([Type.String(), Type.Null()]),
            value: Type.Union([Type.Number(), Type.Null()], { description: 'null: suppressed' }),
          }),
        ),
        total: Type.Union([Type.Number(), Type.Null()]),
      }),
    ),
  },
  {
    examples: [
      {
        query: { view: 'all', viewCode: 'all', from: '2026-01', to: '2026-11', offices: [{ code: 'TN', name: 'Tunis', country: 'TN' }] },
        threshold: 5,
        figures: [
          {
            key: 'casesOpened',
            section: 'cases',
            kind: 'count',
            rows: [
              { category: 'ForcedLabour', value: 12 },
              { category: 'SexualExploitation', value: null },
            ],
            total: 15,
          },
        ],
      },
    ],
  },
);

/** Statistics through the API: the dashboards' figures, with the same suppression (the dashboards' own service). */
export async function statsApiRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  app.get(
    '/api/v1/stats/figures',
    {
      config: VIEW,
      schema: op({
        summary: "The dashboards' aggregates, small counts suppressed as on the dashboards",
        tags: ['statistics'],
        querystring: StatsQuery,
        response: { 200: Figures },
        errors: [],
      }),
    },
    async (request) => {
      const q = parseBody(StatsQuery, request.query);
      const { query, figures } = await dashboardFigures(ctx, requireAuth(request).user, { office: q.office, from: q.from, to: q.to });
      return {
        query: {
          view: query.view,
          viewCode: query.viewCode,
          from: query.from,
          to: query.to,
          offices: query.offices.map((o) => ({ code: o.code, name: o.name, country: o.country })),
        },
        threshold: ctx.config.smallCountThreshold,
        figures: figures.map((f) => ({ key: f.key, section: f.section, kind: f.kind, rows: f.rows, total: f.total })),
      };
    },
  );
}
