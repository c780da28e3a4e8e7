import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../test/helper.js';
import { newId, nowIso } from '../platform/ids.js';
import { openCase } from '../cases/cases.service.js';
import { appointGuardian, endGuardian, recordFamilyAssessment, reviewDetermination, submitDetermination } from '../cases/children.js';
import { type TwoOffices, twoOffices, type Who } from './solutions.test-support.js';

/*
 * Gates × routes: every route, HTML and API, that changes a durable solution is tried against each gate that
 * applies to it, on a case where everything else is in order. Each must be refused by the service (422 with the
 * localised message on the page, the gate's code in the API's JSON) and nothing may be written.
 */

type Gate = 'guardian' | 'bid' | 'consent' | 'pending';
type Fixture = 'cleared' | 'blocked' | 'resettlement' | 'pending';
interface Built {
  caseId: string;
  stepId: string;
  handoverId: string | null;
}
type Body = Record<string, unknown>;
interface Route {
  name: string;
  api: boolean;
  fixture: Fixture;
  who: Who;
  url: (b: Built) => string;
  body: Body;
  /** The gates this route is held by; a consent gate only where the step needs the person's consent. */
  gates: Gate[];
  /** A route refused whatever the gate, with its own reason (the plan's door to a step: go to the solution tab). */
  expect?: { code: string; text: RegExp };
}

const LOW = [{ factor: 'stigma', likelihood: 1, impact: 2, mitigation: 'Community mediation' }];
const HIGH = [{ factor: 'traffickers_reach', likelihood: 3, impact: 3, mitigation: 'Another town' }];
const ALL: Gate[] = ['guardian', 'bid', 'consent', 'pending'];
const NO_CONSENT: Gate[] = ['guardian', 'bid', 'pending'];

const EXPECTED: Record<Gate, { code: string; text: RegExp }> = {
  guardian: { code: 'CHILD_GUARDIAN_REQUIRED', text: /needs a guardian before any durable solution/ },
  bid: { code: 'CHILD_BID_REQUIRED', text: /needs an approved best-interests determination/ },
  consent: { code: 'CONSENT_REQUIRED', text: /has not given (a voluntary decision to return|consent to transfer their case)/ },
  pending: { code: 'HANDOVER_PENDING', text: /waiting for the receiving office/ },
};

/** The HTML form (path under the case) and the API call (path under its solution) of one change, where each exists. */
function both(p: { name: string; fixture: Fixture; who?: Who; gates: Gate[]; html?: [string, Body]; api?: [string, Body] }): Route[] {
  const common = { name: p.name, fixture: p.fixture, who: p.who ?? 'destWorker', gates: p.gates };
  const routes: Route[] = [];
  if (p.html) routes.push({ ...common, api: false, url: (b) => `/staff/cases/${b.caseId}/${p.html?.[0]}`, body: p.html[1] });
  if (p.api) routes.push({ ...common, api: true, url: (b) => `/api/v1/cases/${b.caseId}/solution/${p.api?.[0]}`, body: p.api[1] });
  return routes;
}

function routes(w: TwoOffices): Route[] {
  const decision = { options: ['return', 'local_integration'], wishes: 'I want to see my grandmother', decision: 'return', targetOfficeId: w.origin };
  const plan = { economic: 'Tailoring', social: 'ID card', psychosocial: 'Peer group' };
  const override = { reason: 'Relocation to another town arranged with the origin office' };
  const accept = { ownerId: w.ids.originWorker };
  return [
    ...both({ name: 'decision', fixture: 'cleared', gates: ALL, html: ['solution/decision', decision], api: ['decision', decision] }),
    ...both({
      name: 'risks',
      fixture: 'cleared',
      gates: ALL,
      html: ['solution/risks', { l_stigma: '1', i_stigma: '2', m_stigma: 'Community mediation' }],
      api: ['risk-assessment', { risks: LOW }],
    }),
    ...both({ name: 'override', fixture: 'blocked', who: 'destSup', gates: ALL, html: ['solution/override', override], api: ['override', override] }),
    ...both({
      name: 'return step',
      fixture: 'cleared',
      gates: ALL,
      html: ['solution/actions', { step: 'return:escort' }],
      api: ['actions', { track: 'return', step: 'escort' }],
    }),
    ...both({
      name: 'resettlement step',
      fixture: 'resettlement',
      gates: NO_CONSENT,
      html: ['solution/actions', { step: 'resettlement:interview' }],
      api: ['actions', { track: 'resettlement', step: 'submission' }],
    }),
    ...(['html', 'api'] as const).map(
      (door): Route => ({
        name: 'step done',
        api: door === 'api',
        fixture: 'cleared',
        who: 'destWorker',
        url: (b) => `${door === 'api' ? '/api/v1' : '/staff'}/cases/${b.caseId}/solution/actions/${b.stepId}`,
        body: door === 'api' ? { status: 'done', version: 1 } : { status: 'done', version: '1' },
        gates: ALL,
      }),
    ),
    // A step is a plan action too: the plan's own doors (issue 15) refuse it and send the user to the solution tab.
    ...(['html', 'api'] as const).map(
      (door): Route => ({
        name: 'step done on the plan',
        api: door === 'api',
        fixture: 'cleared',
        who: 'destWorker',
        url: (b) => (door === 'api' ? `/api/v1/cases/${b.caseId}/plan/actions/${b.stepId}` : `/staff/cases/${b.caseId}/plan/actions/${b.stepId}`),
        body: door === 'api' ? { status: 'done', version: 1 } : { status: 'done', version: '1' },
        gates: ALL,
        expect: { code: 'ACTION_OF_SOLUTION', text: /This step belongs to the durable solution/ },
      }),
    ),
    ...both({
      name: 'handover',
      fixture: 'cleared',
      gates: ALL,
      html: ['solution/handover', { toOfficeId: w.origin, keep: ['outcome'] }],
      api: ['handover', { toOfficeId: w.origin, keep: ['outcome'] }],
    }),
    ...both({
      name: 'arrival',
      fixture: 'cleared',
      gates: ALL,
      html: ['solution/arrival', { arrivedOn: '2026-11-20' }],
      api: ['arrival', { arrivedOn: '2026-11-20' }],
    }),
    ...both({ name: 'follow-up', fixture: 'resettlement', gates: NO_CONSENT, html: ['solution/followup', {}] }),
    ...both({
      name: 'close',
      fixture: 'cleared',
      gates: NO_CONSENT,
      html: ['solution/close', { reason: 'support_period_ended' }],
      api: ['close', { reason: 'support_period_ended' }],
    }),
    ...both({ name: 'plan', fixture: 'cleared', gates: NO_CONSENT, html: ['reintegration/plan', plan], api: ['reintegration-plan', plan] }),
    ...both({
      name: 'survey',
      fixture: 'cleared',
      gates: NO_CONSENT,
      html: ['reintegration/survey', { kind: 'baseline', takenOn: '2026-11-25', 'a_econ-satisfaction': '4' }],
      api: ['surveys', { kind: 'baseline', takenOn: '2026-11-25', answers: { 'econ-satisfaction': 4 } }],
    }),
    // Accepting is the hand-over's own step: it needs a pending hand-over, and is held by the other gates.
    ...(['html', 'api'] as const).map(
      (door): Route => ({
        name: 'accept',
        api: door === 'api',
        fixture: 'pending',
        who: 'originSup',
        url: (b) => (door === 'api' ? `/api/v1/handovers/${b.handoverId}/accept` : `/staff/solutions/handovers/${b.handoverId}/accept`),
        body: accept,
        gates: ['guardian', 'bid', 'consent'],
      }),
    ),
  ];
}

for (const dialect of DIALECTS) {
  describe(`durable-solution gates on every route (${dialect})`, () => {
    let w: TwoOffices;
    before(async () => {
      w = await twoOffices(dialect);
    });
    after(async () => w.env.close());

    const row = (id: string) => w.env.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const determination = async (caseId: string, opts: { decision: string; approve: boolean }) => {
      const input = {
        question: 'durable_solution',
        decision: opts.decision,
        panel: ['social worker', 'guardian'],
        rationale: 'Panel of two',
        decidedOn: '2026-11-10',
      };
      const bid = await submitDetermination(w.env.ctx, { actor: await w.authUser('destWorker'), record: await row(caseId), input });
      await reviewDetermination(w.env.ctx, {
        actor: await w.authUser('destSup'),
        record: await row(caseId),
        determinationId: bid,
        approve: opts.approve,
        version: 1,
      });
    };

    /** A child's case with every safeguard in place and both consents, brought to the fixture's state. */
    async function build(fixture: Fixture): Promise<Built> {
      const { env, origin } = w;
      const worker = await w.authUser('destWorker');
      const c = await openCase(env.ctx, {
        actor: worker,
        input: {
          officeId: w.dest,
          source: 'self',
          ownerId: w.ids.destWorker,
          identity: { firstName: 'Fanta' },
          mayBeChild: true,
        },
      });
      await appointGuardian(env.ctx, {
        actor: worker,
        record: await row(c.id),
        input: { kind: 'social_welfare', appointedOn: '2026-11-01', details: { name: 'Mariam' } },
      });
      await determination(c.id, { decision: 'return', approve: true });
      await recordFamilyAssessment(env.ctx, {
        actor: worker,
        record: await row(c.id),
        input: { assessedOn: '2026-11-12', familyAgrees: 'yes', familyAble: 'yes', outcome: 'positive' },
      });
      const base = `/api/v1/cases/${c.id}/solution`;
      for (const purpose of ['return', 'transfer']) await w.ok('destWorker', `${base}/consent`, { purpose, given: 'yes' });
      const resettle = fixture === 'resettlement';
      const decision = resettle ? 'resettlement' : 'return';
      await w.ok('destWorker', `${base}/decision`, {
        options: ['return', 'resettlement'],
        wishes: 'I want to see my grandmother',
        decision,
        targetOfficeId: origin,
      });
      if (!resettle) {
        const risks = fixture === 'blocked' ? HIGH : LOW;
        await w.ok('destWorker', `${base}/risk-assessment`, { risks });
        await w.ok('originWorker', `${base}/risk-assessment`, { risks, version: 1 });
      }
      const step = await w.ok(
        'destWorker',
        `${base}/actions`,
        resettle ? { track: 'resettlement', step: 'submission' } : { track: 'return', step: 'travel_document' },
      );
      const handoverId = fixture === 'pending' ? (await w.ok('destWorker', `${base}/handover`, { toOfficeId: origin, keep: ['outcome'] })).id : null;
      return { caseId: c.id, stepId: step.id, handoverId };
    }

    /** Closes the gate on a ready case: the guardian ends, a later determination is rejected, consent is withdrawn, a hand-over waits. */
    async function breakGate(gate: Gate, b: Built): Promise<void> {
      const db = w.env.ctx.db;
      if (gate === 'guardian') {
        const g = await db.selectFrom('case_guardians').select(['id', 'version']).where('case_id', '=', b.caseId).executeTakeFirstOrThrow();
        await endGuardian(w.env.ctx, { actor: await w.authUser('destWorker'), record: await row(b.caseId), guardianId: g.id, version: g.version });
      } else if (gate === 'bid') {
        await determination(b.caseId, { decision: 'interim_care', approve: false });
      } else if (gate === 'consent') {
        for (const purpose of ['return', 'transfer']) await w.ok('destWorker', `/api/v1/cases/${b.caseId}/solution/consent`, { purpose, given: 'no' });
      } else if (!b.handoverId) {
        await db
          .insertInto('case_handovers')
          .values({
            id: newId(),
            office_id: w.dest,
            case_id: b.caseId,
            to_office_id: w.origin,
            status: 'pending',
            keep_scopes: '[]',
            requested_by: w.ids.destWorker,
            requested_at: nowIso(),
            decided_by: null,
            decided_at: null,
          })
          .execute();
      }
    }

    /** What a durable-solution change could write: the case, its solution rows, its steps, shares and audit events. */
    async function snapshot(caseId: string): Promise<string> {
      const db = w.env.ctx.db;
      const tables = [
        'case_solutions',
        'return_risk_assessments',
        'case_handovers',
        'reintegration_plans',
        'reintegration_surveys',
        'case_shares',
        'solution_steps',
      ];
      const rows = [];
      for (const table of tables)
        rows.push(
          await db
            .selectFrom(table as 'case_solutions')
            .selectAll()
            .where('case_id', '=', caseId)
            .execute(),
        );
      return JSON.stringify({
        case: await db.selectFrom('cases').select(['office_id', 'owner_id', 'cas_status', 'stage', 'version']).where('id', '=', caseId).executeTakeFirst(),
        rows,
        actions: await db.selectFrom('plan_actions').select(['id', 'status', 'version']).where('case_id', '=', caseId).orderBy('id').execute(),
        events: (await db.selectFrom('audit_events').select('id').where('subject_id', '=', caseId).execute()).length,
      });
    }

    for (const gate of ALL) {
      it(`refuses every durable-solution route, HTML and API, when the ${gate} gate is closed, and writes nothing`, async () => {
        const table = routes(w).filter((r) => r.gates.includes(gate));
        const built = new Map<Fixture, Built>();
        for (const fixture of new Set(table.map((r) => r.fixture))) {
          const b = await build(fixture);
          await breakGate(gate, b);
          built.set(fixture, b);
        }
        const failures: string[] = [];
        for (const route of table) {
          const b = built.get(route.fixture)!;
          const before = await snapshot(b.caseId);
          const r = route.api ? await w.api(route.who, route.url(b), route.body) : await w.post(route.who, route.url(b), route.body);
          const after = await snapshot(b.caseId);
          const label = `${route.api ? 'API' : 'HTML'} ${route.name}`;
          // One pending hand-over at a time was already refused as a conflict (409); it stays so.
          const conflict = gate === 'pending' && route.name === 'handover';
          const status = conflict ? 409 : 422;
          const expected = route.expect ?? EXPECTED[gate];
          if (r.statusCode !== status) failures.push(`${label}: ${r.statusCode} instead of ${status}`);
          else if (route.api && !conflict && r.json().error?.code !== expected.code) failures.push(`${label}: code ${r.json().error?.code}`);
          else if (!route.api && !conflict && !expected.text.test(r.body)) failures.push(`${label}: the page does not say why`);
          if (before !== after) failures.push(`${label}: something was written`);
        }
        const through = new Set(failures.map((f) => f.split(':')[0]));
        assert.deepEqual(failures, [], `${through.size} of ${table.length} routes let the ${gate} gate through`);
      });
    }
  });
}
