import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type Signed, type TestEnv, type TestUser } from '../../test/helper.js';
import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import { newId, nowIso } from '../platform/ids.js';
import { openCase } from '../cases/cases.service.js';
import { appointGuardian, endGuardian, recordFamilyAssessment, reviewDetermination, submitDetermination } from '../cases/children.js';

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
  stepVersion: number;
  handoverId: string | null;
}
interface Route {
  name: string;
  api: boolean;
  fixture: Fixture;
  who: 'destWorker' | 'destSup' | 'originSup';
  url: (b: Built) => string;
  body: (b: Built) => Record<string, unknown>;
  /** The gates this route is held by; a consent gate only where the step needs the person's consent. */
  gates: Gate[];
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

function routes(origin: () => string, originWorker: () => string): Route[] {
  const sol = (b: Built) => `/staff/cases/${b.caseId}/solution`;
  const api = (b: Built) => `/api/v1/cases/${b.caseId}/solution`;
  const decision = { options: ['return', 'local_integration'], wishes: 'I want to see my grandmother', decision: 'return' };
  return [
    {
      name: 'decision',
      api: false,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${sol(b)}/decision`,
      body: () => ({ ...decision, targetOfficeId: origin() }),
      gates: ALL,
    },
    {
      name: 'decision',
      api: true,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${api(b)}/decision`,
      body: () => ({ ...decision, targetOfficeId: origin() }),
      gates: ALL,
    },
    {
      name: 'risks',
      api: false,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${sol(b)}/risks`,
      body: () => ({ l_stigma: '1', i_stigma: '2', m_stigma: 'Community mediation' }),
      gates: ALL,
    },
    {
      name: 'risk-assessment',
      api: true,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${api(b)}/risk-assessment`,
      body: () => ({ risks: LOW }),
      gates: ALL,
    },
    {
      name: 'override',
      api: false,
      fixture: 'blocked',
      who: 'destSup',
      url: (b) => `${sol(b)}/override`,
      body: () => ({ reason: 'Relocation to another town arranged with the origin office' }),
      gates: ALL,
    },
    {
      name: 'override',
      api: true,
      fixture: 'blocked',
      who: 'destSup',
      url: (b) => `${api(b)}/override`,
      body: () => ({ reason: 'Relocation to another town arranged with the origin office' }),
      gates: ALL,
    },
    {
      name: 'return step',
      api: false,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${sol(b)}/actions`,
      body: () => ({ step: 'return:escort' }),
      gates: ALL,
    },
    {
      name: 'return step',
      api: true,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${api(b)}/actions`,
      body: () => ({ track: 'return', step: 'escort' }),
      gates: ALL,
    },
    {
      name: 'resettlement step',
      api: false,
      fixture: 'resettlement',
      who: 'destWorker',
      url: (b) => `${sol(b)}/actions`,
      body: () => ({ step: 'resettlement:interview' }),
      gates: NO_CONSENT,
    },
    {
      name: 'resettlement step',
      api: true,
      fixture: 'resettlement',
      who: 'destWorker',
      url: (b) => `${api(b)}/actions`,
      body: () => ({ track: 'resettlement', step: 'submission' }),
      gates: NO_CONSENT,
    },
    {
      name: 'step done',
      api: false,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${sol(b)}/actions/${b.stepId}`,
      body: (b) => ({ status: 'done', version: String(b.stepVersion) }),
      gates: ALL,
    },
    {
      name: 'handover',
      api: false,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${sol(b)}/handover`,
      body: () => ({ toOfficeId: origin(), keep: ['outcome'] }),
      gates: ALL,
    },
    {
      name: 'handover',
      api: true,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${api(b)}/handover`,
      body: () => ({ toOfficeId: origin(), keep: ['outcome'] }),
      gates: ALL,
    },
    {
      name: 'arrival',
      api: false,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${sol(b)}/arrival`,
      body: () => ({ arrivedOn: '2026-11-20' }),
      gates: ALL,
    },
    {
      name: 'arrival',
      api: true,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${api(b)}/arrival`,
      body: () => ({ arrivedOn: '2026-11-20' }),
      gates: ALL,
    },
    { name: 'follow-up', api: false, fixture: 'resettlement', who: 'destWorker', url: (b) => `${sol(b)}/followup`, body: () => ({}), gates: NO_CONSENT },
    {
      name: 'close',
      api: false,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${sol(b)}/close`,
      body: () => ({ reason: 'support_period_ended' }),
      gates: NO_CONSENT,
    },
    {
      name: 'close',
      api: true,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${api(b)}/close`,
      body: () => ({ reason: 'support_period_ended' }),
      gates: NO_CONSENT,
    },
    {
      name: 'plan',
      api: false,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `/staff/cases/${b.caseId}/reintegration/plan`,
      body: () => ({ economic: 'Tailoring', social: 'ID card', psychosocial: 'Peer group' }),
      gates: NO_CONSENT,
    },
    {
      name: 'plan',
      api: true,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${api(b)}/reintegration-plan`,
      body: () => ({ economic: 'Tailoring', social: 'ID card', psychosocial: 'Peer group' }),
      gates: NO_CONSENT,
    },
    {
      name: 'survey',
      api: false,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `/staff/cases/${b.caseId}/reintegration/survey`,
      body: () => ({ kind: 'baseline', takenOn: '2026-11-25', 'a_econ-satisfaction': '4' }),
      gates: NO_CONSENT,
    },
    {
      name: 'survey',
      api: true,
      fixture: 'cleared',
      who: 'destWorker',
      url: (b) => `${api(b)}/surveys`,
      body: () => ({ kind: 'baseline', takenOn: '2026-11-25', answers: { 'econ-satisfaction': 4 } }),
      gates: NO_CONSENT,
    },
    // Accepting is the hand-over's own step: it needs a pending hand-over, and is held by the other gates.
    {
      name: 'accept',
      api: false,
      fixture: 'pending',
      who: 'originSup',
      url: (b) => `/staff/solutions/handovers/${b.handoverId}/accept`,
      body: () => ({ ownerId: originWorker() }),
      gates: ['guardian', 'bid', 'consent'],
    },
    {
      name: 'accept',
      api: true,
      fixture: 'pending',
      who: 'originSup',
      url: (b) => `/api/v1/handovers/${b.handoverId}/accept`,
      body: () => ({ ownerId: originWorker() }),
      gates: ['guardian', 'bid', 'consent'],
    },
  ];
}

for (const dialect of DIALECTS) {
  describe(`durable-solution gates on every route (${dialect})`, () => {
    let env: TestEnv;
    let dest: string;
    let origin: string;
    let destWorker: TestUser;
    let destSup: TestUser;
    let originWorker: TestUser;
    let originSup: TestUser;
    const s: Record<string, Signed> = {};

    before(async () => {
      env = await createTestEnv(dialect);
      dest = await createOffice(env.ctx, 'TN', 'TN');
      origin = await createOffice(env.ctx, 'CI', 'CI');
      destWorker = await createUser(env.ctx, { roles: ['case_worker'], officeId: dest });
      destSup = await createUser(env.ctx, { roles: ['supervisor'], officeId: dest });
      originWorker = await createUser(env.ctx, { roles: ['case_worker'], officeId: origin });
      originSup = await createUser(env.ctx, { roles: ['supervisor'], officeId: origin });
      for (const [k, u] of Object.entries({ destWorker, destSup, originWorker, originSup })) s[k] = await sessionFor(env.ctx, u.id);
    });
    after(async () => env.close());

    const authUser = async (id: string) => toAuthUser((await findUserById(env.ctx.db, id))!, await membershipsOf(env.ctx.db, id));
    const row = (id: string) => env.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const call = (who: string, api: boolean, url: string, body: Record<string, unknown>) =>
      api
        ? env.app.inject({
            method: 'POST',
            url,
            headers: { cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          })
        : env.app.inject({
            method: 'POST',
            url,
            headers: { cookie: s[who]!.cookie, ...FORM },
            payload: form({ _csrf: s[who]!.csrf, ...(body as Record<string, string | string[]>) }),
          });
    const ok = async (who: string, url: string, body: Record<string, unknown>) => {
      const r = await call(who, true, url, body);
      assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
      return r.json();
    };

    /** A child's case with every safeguard in place and both consents, brought to the fixture's state. */
    async function build(fixture: Fixture): Promise<Built> {
      const w = await authUser(destWorker.id);
      const c = await openCase(env.ctx, w, { officeId: dest, source: 'self', ownerId: destWorker.id, identity: { firstName: 'Fanta' }, mayBeChild: true });
      await appointGuardian(env.ctx, w, await row(c.id), { kind: 'social_welfare', appointedOn: '2026-11-01', details: { name: 'Mariam' } });
      const bid = await submitDetermination(env.ctx, w, await row(c.id), {
        question: 'durable_solution',
        decision: 'return',
        panel: ['social worker', 'guardian'],
        rationale: 'Grandmother able to care',
        decidedOn: '2026-11-10',
      });
      await reviewDetermination(env.ctx, await authUser(destSup.id), await row(c.id), bid, true, 1);
      await recordFamilyAssessment(env.ctx, w, await row(c.id), { assessedOn: '2026-11-12', familyAgrees: 'yes', familyAble: 'yes', outcome: 'positive' });
      const base = `/api/v1/cases/${c.id}/solution`;
      for (const purpose of ['return', 'transfer']) await ok('destWorker', `${base}/consent`, { purpose, given: 'yes' });
      const resettle = fixture === 'resettlement';
      await ok('destWorker', `${base}/decision`, {
        options: ['return', 'resettlement'],
        wishes: 'I want to see my grandmother',
        decision: resettle ? 'resettlement' : 'return',
        targetOfficeId: origin,
      });
      if (!resettle) {
        const risks = fixture === 'blocked' ? HIGH : LOW;
        await ok('destWorker', `${base}/risk-assessment`, { risks });
        await ok('originWorker', `${base}/risk-assessment`, { risks, version: 1 });
      }
      const step = await ok(
        'destWorker',
        `${base}/actions`,
        resettle ? { track: 'resettlement', step: 'submission' } : { track: 'return', step: 'travel_document' },
      );
      const handoverId = fixture === 'pending' ? (await ok('destWorker', `${base}/handover`, { toOfficeId: origin, keep: ['outcome'] })).id : null;
      return { caseId: c.id, stepId: step.id, stepVersion: 1, handoverId };
    }

    /** Closes the gate on a ready case: the guardian ends, a later determination is rejected, consent is withdrawn, a hand-over waits. */
    async function breakGate(gate: Gate, b: Built): Promise<void> {
      const w = await authUser(destWorker.id);
      if (gate === 'guardian') {
        const g = await env.ctx.db.selectFrom('case_guardians').select(['id', 'version']).where('case_id', '=', b.caseId).executeTakeFirstOrThrow();
        await endGuardian(env.ctx, w, await row(b.caseId), g.id, g.version);
      } else if (gate === 'bid') {
        const bid = await submitDetermination(env.ctx, w, await row(b.caseId), {
          question: 'durable_solution',
          decision: 'interim_care',
          panel: ['social worker', 'guardian'],
          rationale: 'The grandmother fell ill',
          decidedOn: '2026-11-20',
        });
        await reviewDetermination(env.ctx, await authUser(destSup.id), await row(b.caseId), bid, false, 1);
      } else if (gate === 'consent') {
        for (const purpose of ['return', 'transfer']) await ok('destWorker', `/api/v1/cases/${b.caseId}/solution/consent`, { purpose, given: 'no' });
      } else if (!b.handoverId) {
        await env.ctx.db
          .insertInto('case_handovers')
          .values({
            id: newId(),
            office_id: dest,
            case_id: b.caseId,
            to_office_id: origin,
            status: 'pending',
            keep_scopes: '[]',
            requested_by: destWorker.id,
            requested_at: nowIso(),
            decided_by: null,
            decided_at: null,
          })
          .execute();
      }
    }

    /** What a durable-solution change could write: the case, its solution rows, its steps, shares and audit events. */
    async function snapshot(caseId: string): Promise<string> {
      const db = env.ctx.db;
      // One shape of query for each table of the case's solution (each has a case_id).
      const of = (table: string) =>
        db
          .selectFrom(table as 'case_solutions')
          .selectAll()
          .where('case_id', '=', caseId)
          .execute();
      return JSON.stringify({
        case: await db.selectFrom('cases').select(['office_id', 'owner_id', 'cas_status', 'stage', 'version']).where('id', '=', caseId).executeTakeFirst(),
        solutions: await of('case_solutions'),
        risk: await of('return_risk_assessments'),
        handovers: await of('case_handovers'),
        plans: await of('reintegration_plans'),
        surveys: await of('reintegration_surveys'),
        shares: await of('case_shares'),
        steps: await of('solution_steps'),
        actions: await db.selectFrom('plan_actions').select(['id', 'status', 'version']).where('case_id', '=', caseId).orderBy('id').execute(),
        events: (await db.selectFrom('audit_events').select('id').where('subject_id', '=', caseId).execute()).length,
      });
    }

    for (const gate of ALL) {
      it(`refuses every durable-solution route, HTML and API, when the ${gate} gate is closed, and writes nothing`, async () => {
        const table = routes(
          () => origin,
          () => originWorker.id,
        ).filter((r) => r.gates.includes(gate));
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
          const r = await call(route.who, route.api, route.url(b), route.body(b));
          const after = await snapshot(b.caseId);
          const label = `${route.api ? 'API' : 'HTML'} ${route.name}`;
          // One pending hand-over at a time was already refused as a conflict (409); it stays so.
          const status = gate === 'pending' && route.name === 'handover' ? 409 : 422;
          if (r.statusCode !== status) failures.push(`${label}: ${r.statusCode} instead of ${status}`);
          else if (route.api && !(gate === 'pending' && route.name === 'handover') && r.json().error?.code !== EXPECTED[gate].code)
            failures.push(`${label}: code ${r.json().error?.code}`);
          else if (!route.api && status === 422 && !EXPECTED[gate].text.test(r.body)) failures.push(`${label}: the page does not say why`);
          if (before !== after) failures.push(`${label}: something was written`);
        }
        const through = new Set(failures.map((f) => f.split(':')[0]));
        assert.deepEqual(failures, [], `${through.size} of ${table.length} routes let the ${gate} gate through`);
      });
    }
  });
}
