import { Type } from '@sinclair/typebox';
import { CursorQuery, EXAMPLE_ID, Id, PageInfo } from '../platform/http/api-schema.js';

/** What the reports API takes in its query and answers (bodies are reports.schema.ts's, shared with the pages). */

const S = Type.String();
const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const summaryExample = {
  id: EXAMPLE_ID,
  reference: 'TN-R2026-00042',
  officeId: EXAMPLE_ID,
  state: 'new',
  priority: 'high',
  receivedAt: '2026-12-03T08:15:00.000Z',
  unread: false,
  caseId: null,
  version: 1,
};
export const ReportSummary = Type.Object(
  { id: Id, reference: S, officeId: N(S), state: S, priority: S, receivedAt: S, unread: Type.Boolean(), caseId: N(S), version: Type.Integer() },
  { examples: [summaryExample] },
);

export const ReportListQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')], { description: "'open' (default) or 'closed'" })),
  ...CursorQuery,
});
export const ReportList = Type.Object({ reports: Type.Array(ReportSummary), ...PageInfo }, { examples: [{ reports: [summaryExample], nextCursor: null }] });

const detailExample = {
  report: {
    ...summaryExample,
    reporterRole: 'witness',
    country: 'TN',
    dangerNow: 'yes',
    children: 'unknown',
    peopleCount: '2-5',
    exploitation: ['ForcedLabour'],
    priorityReasons: [{ rule: 'danger_now', points: 40 }],
    consents: { contact: 'yes', assistance: 'yes', police: 'no' },
  },
  content: {
    description: 'Two women kept in a workshop…',
    names: [],
    phones: [],
    place: 'Sfax',
    preciseLocation: null,
    workplace: null,
    whenText: null,
    contactHow: null,
    contactWhen: null,
  },
  messages: [{ id: EXAMPLE_ID, author: 'reporter', body: 'They moved yesterday.', createdAt: '2026-12-03T09:00:00.000Z' }],
  links: [],
  candidates: [],
};
export const ReportDetail = Type.Object(
  {
    report: Type.Object({}, { additionalProperties: true }),
    content: Type.Object({}, { additionalProperties: true, description: 'The sealed content, as triage may read it (the reading is logged)' }),
    messages: Type.Array(Type.Object({ id: S, author: S, body: S, createdAt: S })),
    links: Type.Array(ReportSummary),
    candidates: Type.Array(Type.Object({ id: S, reference: S }, { additionalProperties: true })),
  },
  { examples: [detailExample] },
);

export const CaseFromReport = Type.Object({ caseId: Id, caseNumber: S, count: Type.Integer({ minimum: 1 }) }, { examples: [{ caseId: EXAMPLE_ID, caseNumber: 'TN-2026-0042', count: 1 }] });
