import { Type } from '@sinclair/typebox';
import { CursorQuery, EXAMPLE_ID, Id, Obj, PageInfo } from '../platform/http/api-schema.js';
import { ListQuery } from './cases.schema.js';

/** What the cases API answers (the bodies it takes are in cases.schema.ts, shared with the forms). */

const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const S = Type.String();

const summaryExample = {
  id: EXAMPLE_ID,
  caseNumber: 'TN-2026-0042',
  cas_Status: 'Active',
  stage: 'assessment',
  isChild: false,
  ageStatus: 'adult',
  riskLevel: 'medium',
  nextDueOn: '2026-12-20',
  vic_TraffickingStatus: 'PossibleVictimOfTrafficking',
  vic_TraffickingStatusDecisionMakingOrg: null,
  cas_ReasonForCaseClosure: null,
  ownerId: EXAMPLE_ID,
  officeId: EXAMPLE_ID,
  version: 3,
};

export const CaseSummary = Obj(
  {
    id: Id,
    caseNumber: S,
    cas_Status: S,
    stage: S,
    isChild: Type.Boolean(),
    ageStatus: nullable(S),
    riskLevel: nullable(S),
    nextDueOn: nullable(S),
    vic_TraffickingStatus: nullable(S),
    vic_TraffickingStatusDecisionMakingOrg: nullable(S),
    cas_ReasonForCaseClosure: nullable(S),
    ownerId: nullable(S),
    officeId: S,
    version: Type.Integer(),
  },
  summaryExample,
  'A case as the caller may see it (HTCDS names where HTCDS has one)',
);

export const CaseAnswer = Type.Object({ case: CaseSummary }, { examples: [{ case: summaryExample }] });

export const CaseListQuery = Type.Object({ ...ListQuery.properties, ...CursorQuery });

const listItem = {
  id: EXAMPLE_ID,
  caseNumber: 'TN-2026-0042',
  cas_Status: 'Active',
  stage: 'assessment',
  isChild: false,
  riskLevel: 'medium',
  nextDueOn: null,
  ownerId: null,
  officeId: EXAMPLE_ID,
};
export const CaseList = Type.Object(
  {
    cases: Type.Array(Obj({ id: Id, caseNumber: S, cas_Status: S, stage: S, isChild: Type.Boolean(), officeId: S }, listItem)),
    page: Type.Integer({ description: 'Deprecated: use nextCursor' }),
    pages: Type.Optional(Type.Integer({ description: 'Number of pages of this list' })),
    total: Type.Optional(Type.Integer({ description: 'Number of cases matching the filters' })),
    hasMore: Type.Boolean(),
    ...PageInfo,
  },
  { examples: [{ cases: [listItem], page: 1, hasMore: false, nextCursor: null }] },
);

export const CaseOpened = Type.Object(
  { id: Id, caseNumber: S },
  { description: 'The case opened', examples: [{ id: EXAMPLE_ID, caseNumber: 'TN-2026-0042' }] },
);

export const DuplicateAnswer = Type.Object(
  {
    candidates: Type.Array(Obj({}, { caseId: EXAMPLE_ID, caseNumber: 'TN-2026-0007', score: 0.9 })),
    elsewhere: Type.Array(Type.Object({ office: S, message: S })),
  },
  { examples: [{ candidates: [], elsewhere: [{ office: 'Sfax', message: 'A possible match is kept by the Sfax office.' }] }] },
);

export const CaseDetail = Type.Object(
  {
    case: CaseSummary,
    consents: Type.Array(
      Obj(
        { id: Id, purpose: S, given: Type.Boolean() },
        { id: EXAMPLE_ID, purpose: 'referral', given: true, organisationId: null, decidedAt: '2026-12-01T10:00:00.000Z', withdrawnAt: null },
      ),
    ),
    childGates: Obj({}, {}),
    openItems: Type.Array(Obj({}, { kind: 'reminder', count: 1 })),
  },
  { examples: [{ case: summaryExample, consents: [], childGates: {}, openItems: [] }] },
);

export const ScreeningAnswer = Type.Object(
  { id: Id, outcome: S, listId: Type.Optional(S), listVersion: Type.Optional(S), reasons: Type.Array(Type.Unknown()) },
  { examples: [{ id: EXAMPLE_ID, outcome: 'likely', listId: 'ilo-2012', listVersion: '1', reasons: [] }] },
);

export const HistoryAnswer = Type.Object(
  {
    events: Type.Array(Obj({ type: S, at: S, actor: nullable(S) }, { type: 'case.opened', at: '2026-12-01T10:00:00.000Z', actor: 'A. Ben Salah', data: {} })),
    views: Type.Array(Obj({ at: S, action: S }, { at: '2026-12-01T10:05:00.000Z', actor: 'A. Ben Salah', action: 'view' })),
  },
  { examples: [{ events: [], views: [] }] },
);

export const HtcdsExport = Obj({}, { cas_CaseNumber: 'TN-2026-0042', cas_Status: 'Active' }, 'The case in HTCDS field names, as far as the caller may see it');

export const ChildAnswer = Obj({}, { caseId: EXAMPLE_ID, isChild: true, guardians: [], bia: [], bids: [] }, "The child's protection record");
export const ChildCase = Obj({ case: CaseSummary }, { case: summaryExample });
