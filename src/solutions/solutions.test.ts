import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  createOffice,
  createOrganisation,
  createTestEnv,
  createUser,
  DIALECTS,
  FORM,
  form,
  sessionFor,
  type Signed,
  type TestEnv,
  type TestUser,
} from '../../test/helper.js';
import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import { openCase } from '../cases/cases.service.js';
import { appointGuardian, recordFamilyAssessment, reviewDetermination, submitDetermination } from '../cases/children.js';
import { scoreSurvey, type SurveyWeights } from './survey.js';
import { remindLatePlans } from './reintegration.service.js';

async function authUser(env: TestEnv, id: string) {
  const user = await findUserById(env.ctx.db, id);
  if (!user) throw new Error('no user');
  return toAuthUser(user, await membershipsOf(env.ctx.db, id));
}

const HIGH_RISKS = [
  { factor: 'traffickers_reach', likelihood: 3, impact: 3, mitigation: 'Relocate to another town' },
  { factor: 'debts', likelihood: 1, impact: 2, mitigation: 'Debt counselling' },
];
const LOW_RISKS = [{ factor: 'stigma', likelihood: 1, impact: 2, mitigation: 'Community mediation' }];

for (const dialect of DIALECTS) {
  describe(`durable solutions (${dialect})`, () => {
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

    const api = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      env.app.inject({
        method,
        url,
        headers: { cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf, ...(payload ? { 'content-type': 'application/json' } : {}) },
        ...(payload ? { payload: JSON.stringify(payload) } : {}),
      });
    const post = (who: string, url: string, data: Record<string, string | string[]>) =>
      env.app.inject({ method: 'POST', url, headers: { cookie: s[who]!.cookie, ...FORM }, payload: form({ _csrf: s[who]!.csrf, ...data }) });

    async function newCase(opts: { child?: boolean } = {}) {
      const w = await authUser(env, destWorker.id);
      return openCase(env.ctx, {
        actor: w,
        input: {
          officeId: dest,
          source: 'self',
          ownerId: destWorker.id,
          identity: { firstName: 'Awa', lastName: 'Kone' },
          mayBeChild: !!opts.child,
        },
      });
    }
    const consent = (id: string, purpose: 'return' | 'transfer', given = 'yes') =>
      api('destWorker', 'POST', `/api/v1/cases/${id}/solution/consent`, { purpose, given });
    const decideReturn = (id: string) =>
      api('destWorker', 'POST', `/api/v1/cases/${id}/solution/decision`, {
        options: ['return', 'local_integration'],
        wishes: 'I want to go home to my mother in Bouaké',
        decision: 'return',
        targetOfficeId: origin,
      });

    /** A return decided, both consents given, the joint matrix signed by both offices. */
    async function readyReturn(risks = LOW_RISKS) {
      const c = await newCase();
      assert.equal((await consent(c.id, 'return')).statusCode, 200);
      assert.equal((await decideReturn(c.id)).statusCode, 200);
      assert.equal((await consent(c.id, 'transfer')).statusCode, 200);
      assert.equal((await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/risk-assessment`, { risks })).statusCode, 200);
      const o = await api('originWorker', 'POST', `/api/v1/cases/${c.id}/solution/risk-assessment`, { risks, version: 1 });
      assert.equal(o.statusCode, 200, o.body);
      return c;
    }

    it("refuses a return decision without the person's separate return consent", async () => {
      const c = await newCase();
      const r = await decideReturn(c.id);
      assert.equal(r.statusCode, 422);
      assert.equal(r.json().error.code, 'CONSENT_REQUIRED');
      const page = await post('destWorker', `/staff/cases/${c.id}/solution/decision`, {
        options: ['return'],
        wishes: 'Home',
        decision: 'return',
        targetOfficeId: origin,
      });
      assert.equal(page.statusCode, 422);
      assert.match(page.body, /voluntary decision to return/);
    });

    it('blocks a high-risk return until a supervisor records why it goes on, and suggests the alternatives', async () => {
      const c = await readyReturn(HIGH_RISKS);
      let sol = (await api('destWorker', 'GET', `/api/v1/cases/${c.id}/solution`)).json();
      assert.equal(sol.riskAssessment.overall, 'high');
      assert.equal(sol.returnStatus, 'blocked');
      // hand-over and arrival are refused while blocked, through the API and the form
      const h = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/handover`, { toOfficeId: origin, keep: ['outcome'] });
      assert.equal(h.json().error.code, 'RETURN_BLOCKED_HIGH_RISK');
      const a = await post('destWorker', `/staff/cases/${c.id}/solution/arrival`, { arrivedOn: '2026-12-01' });
      assert.equal(a.statusCode, 422);
      const page = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/solution`, headers: { cookie: s.destWorker!.cookie } });
      assert.match(page.body, /overall risk is high/);
      assert.match(page.body, /Local integration/);
      assert.doesNotMatch(page.body, /action="[^"]*\/override"/, 'a case worker cannot override');
      // a case worker cannot override; a supervisor needs a real reason
      assert.equal(
        (await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/override`, { reason: 'The person insists and we have a plan' })).statusCode,
        403,
      );
      assert.equal((await api('destSup', 'POST', `/api/v1/cases/${c.id}/solution/override`, { reason: 'too short' })).statusCode, 400);
      const ok = await api('destSup', 'POST', `/api/v1/cases/${c.id}/solution/override`, { reason: 'Relocation to Abidjan arranged with police protection' });
      assert.equal(ok.statusCode, 200, ok.body);
      sol = (await api('destWorker', 'GET', `/api/v1/cases/${c.id}/solution`)).json();
      assert.equal(sol.returnStatus, 'cleared');
      const events = await env.ctx.db.selectFrom('audit_events').select(['type', 'actor_id', 'data']).where('subject_id', '=', c.id).execute();
      assert.ok(events.some((e) => e.type === 'solution.return_blocked'));
      assert.ok(events.some((e) => e.type === 'solution.return_override' && e.actor_id === destSup.id));
      assert.ok(!events.some((e) => e.data.includes('Abidjan')), 'the reason stays encrypted, not in the audit data');
    });

    it('refuses the return before both offices have signed the joint assessment', async () => {
      const c = await newCase();
      await consent(c.id, 'return');
      await decideReturn(c.id);
      await consent(c.id, 'transfer');
      await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/risk-assessment`, { risks: LOW_RISKS });
      const h = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/handover`, { toOfficeId: origin, keep: [] });
      assert.equal(h.json().error.code, 'RISK_ASSESSMENT_REQUIRED');
    });

    it('refuses the joint assessment and the hand-over without the transfer consent', async () => {
      const c = await newCase();
      await consent(c.id, 'return');
      await decideReturn(c.id);
      const r = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/risk-assessment`, { risks: LOW_RISKS });
      assert.equal(r.json().error.code, 'CONSENT_REQUIRED');
      const c2 = await readyReturn();
      await consent(c2.id, 'transfer', 'no');
      const h = await api('destWorker', 'POST', `/api/v1/cases/${c2.id}/solution/handover`, { toOfficeId: origin, keep: ['outcome'] });
      assert.equal(h.statusCode, 422);
      assert.equal(h.json().error.code, 'CONSENT_REQUIRED');
      const f = await post('destWorker', `/staff/cases/${c2.id}/solution/handover`, { toOfficeId: origin, keep: 'outcome' });
      assert.equal(f.statusCode, 422);
    });

    it('refuses a durable solution for a child until guardian, approved determination and family assessment are in place', async () => {
      const c = await newCase({ child: true });
      await consent(c.id, 'return');
      const r = await decideReturn(c.id);
      assert.equal(r.statusCode, 422);
      assert.equal(r.json().error.code, 'CHILD_GUARDIAN_REQUIRED');
      const page = await post('destWorker', `/staff/cases/${c.id}/solution/decision`, {
        options: ['local_integration'],
        wishes: 'Stay at school',
        decision: 'local_integration',
      });
      assert.equal(page.statusCode, 422);
      assert.match(page.body, /needs a guardian/);
      const w = await authUser(env, destWorker.id);
      const sup = await authUser(env, destSup.id);
      const row = async () => env.ctx.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      await appointGuardian(env.ctx, {
        actor: w,
        record: await row(),
        input: { kind: 'social_welfare', appointedOn: '2026-11-01', details: { name: 'Mariam Traoré' } },
      });
      assert.equal((await decideReturn(c.id)).json().error.code, 'CHILD_BID_REQUIRED');
      const bid = await submitDetermination(env.ctx, {
        actor: w,
        record: await row(),
        input: {
          question: 'durable_solution',
          decision: 'return',
          panel: ['social worker', 'guardian'],
          rationale: 'Mother able and willing to care',
          decidedOn: '2026-11-10',
        },
      });
      assert.equal((await decideReturn(c.id)).json().error.code, 'CHILD_BID_REQUIRED', 'a submitted determination is not yet approved');
      await reviewDetermination(env.ctx, { actor: sup, record: await row(), determinationId: bid, approve: true, version: 1 });
      assert.equal((await decideReturn(c.id)).json().error.code, 'CHILD_FAMILY_ASSESSMENT_REQUIRED');
      await recordFamilyAssessment(env.ctx, {
        actor: w,
        record: await row(),
        input: {
          assessedOn: '2026-11-12',
          familyAgrees: 'yes',
          familyAble: 'yes',
          outcome: 'positive',
          notes: 'Visited the family home',
        },
      });
      const ok = await decideReturn(c.id);
      assert.equal(ok.statusCode, 200, ok.body);
      // the hand-over re-seals the case module's child records too
      await consent(c.id, 'transfer');
      await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/risk-assessment`, { risks: LOW_RISKS });
      await api('originWorker', 'POST', `/api/v1/cases/${c.id}/solution/risk-assessment`, { risks: LOW_RISKS, version: 1 });
      const h = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/handover`, { toOfficeId: origin, keep: ['outcome'] });
      assert.equal(h.statusCode, 200, h.body);
      const acc = await api('originSup', 'POST', `/api/v1/handovers/${h.json().id}/accept`, { ownerId: originWorker.id });
      assert.equal(acc.statusCode, 200, acc.body);
      const g = await env.ctx.db.selectFrom('case_guardians').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(g.office_id, origin);
      const key = await env.ctx.db.selectFrom('data_keys').select('office_id').where('id', '=', g.details_enc.split('.')[1]!).executeTakeFirstOrThrow();
      assert.equal(key.office_id, origin);
      assert.deepEqual(await env.ctx.keys.decrypt(g.details_enc, `case_guardians.details:${g.id}`), { name: 'Mariam Traoré' });
    });

    it('keeps the case from the origin office before acceptance; hands it over re-encrypted; leaves the destination only the outcome', async () => {
      const outsider = await createUser(env.ctx, { roles: ['supervisor'], officeId: origin });
      s.outsider = await sessionFor(env.ctx, outsider.id);
      const c = await newCase();
      // before any share: the origin office cannot see the case at all
      assert.equal((await api('originSup', 'GET', `/api/v1/cases/${c.id}/solution`)).statusCode, 404);
      assert.equal((await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/solution`, headers: { cookie: s.originSup!.cookie } })).statusCode, 404);
      await consent(c.id, 'return');
      await decideReturn(c.id);
      await consent(c.id, 'transfer');
      await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/risk-assessment`, { risks: LOW_RISKS });
      // the joint assessment: the origin office sees the risk matrix, never the person's words
      const shared = await api('originWorker', 'GET', `/api/v1/cases/${c.id}/solution`);
      assert.equal(shared.statusCode, 200);
      assert.deepEqual(shared.json().access, ['risk']);
      assert.equal(shared.json().wishes, undefined);
      const sharedPage = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/solution`, headers: { cookie: s.originWorker!.cookie } });
      assert.equal(sharedPage.statusCode, 200);
      assert.doesNotMatch(sharedPage.body, /Bouaké|Kone/);
      assert.equal(
        (await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/reintegration`, headers: { cookie: s.originWorker!.cookie } })).statusCode,
        404,
      );
      assert.equal(
        (
          await api('originWorker', 'POST', `/api/v1/cases/${c.id}/solution/decision`, {
            options: ['return'],
            wishes: 'x',
            decision: 'return',
            targetOfficeId: dest,
          })
        ).statusCode,
        403,
      );
      assert.equal((await api('originWorker', 'POST', `/api/v1/cases/${c.id}/solution/risk-assessment`, { risks: LOW_RISKS, version: 1 })).statusCode, 200);

      const step = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/actions`, {
        track: 'return',
        step: 'travel_document',
        dueOn: '2026-12-15',
        note: 'Laissez-passer from the embassy',
      });
      assert.equal(step.statusCode, 200, step.body);
      const h = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/handover`, { toOfficeId: origin, keep: ['outcome'] });
      assert.equal(h.statusCode, 200, h.body);
      const handoverId = h.json().id as string;
      // pending: still the destination's case; only a supervisor of the receiving office accepts
      assert.equal((await api('originWorker', 'POST', `/api/v1/handovers/${handoverId}/accept`, { ownerId: originWorker.id })).statusCode, 403);
      assert.equal((await api('destSup', 'POST', `/api/v1/handovers/${handoverId}/accept`, { ownerId: destWorker.id })).statusCode, 404);
      assert.equal(
        (await api('originSup', 'POST', `/api/v1/handovers/${handoverId}/accept`, { ownerId: destWorker.id })).statusCode,
        422,
        'the owner must work in the receiving office',
      );

      const before = await env.ctx.db.selectFrom('cases').select(['identity_enc']).where('id', '=', c.id).executeTakeFirstOrThrow();
      const acc = await api('originSup', 'POST', `/api/v1/handovers/${handoverId}/accept`, { ownerId: originWorker.id });
      assert.equal(acc.statusCode, 200, acc.body);
      assert.ok(acc.json().resealed >= 3);
      const row = await env.ctx.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(row.office_id, origin);
      assert.equal(row.owner_id, originWorker.id);
      assert.notEqual(row.identity_enc, before.identity_enc);
      // re-encrypted under the receiving office's data key, same place (aad)
      const keyOf = async (env_: string) =>
        (await env.ctx.db.selectFrom('data_keys').select('office_id').where('id', '=', env_.split('.')[1]!).executeTakeFirstOrThrow()).office_id;
      assert.equal(await keyOf(before.identity_enc!), dest);
      assert.equal(await keyOf(row.identity_enc!), origin);
      assert.deepEqual(await env.ctx.keys.decrypt(row.identity_enc!, `cases.identity:${c.id}`), { firstName: 'Awa', lastName: 'Kone' });
      const sol = await env.ctx.db.selectFrom('case_solutions').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(sol.office_id, origin);
      assert.equal(await keyOf(sol.wishes_enc!), origin);
      assert.equal(await env.ctx.keys.decrypt(sol.wishes_enc!, `case_solutions.wishes:${sol.id}`), 'I want to go home to my mother in Bouaké');
      const ra = await env.ctx.db.selectFrom('return_risk_assessments').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(await keyOf(ra.risks_enc!), origin);
      const pa = await env.ctx.db.selectFrom('plan_actions').selectAll().where('id', '=', step.json().id).executeTakeFirstOrThrow();
      assert.equal(pa.office_id, origin);
      assert.equal(pa.source, 'solutions');
      assert.equal(await keyOf(pa.description_enc), origin);
      assert.equal(
        await env.ctx.keys.decrypt(pa.description_enc, `plan_actions.description:${pa.id}`),
        'Return: Travel document — Laissez-passer from the embassy',
      );

      // the origin office owns it: its case worker works it fully
      const mine = await api('originWorker', 'GET', `/api/v1/cases/${c.id}/solution`);
      assert.equal(mine.json().access, 'owner');
      assert.equal(mine.json().wishes, 'I want to go home to my mother in Bouaké');
      // the receiving office can revise the choice, keeping itself as the receiving office
      const revised = await api('originWorker', 'POST', `/api/v1/cases/${c.id}/solution/decision`, {
        options: ['return'],
        wishes: 'I want to go home to my mother in Bouaké',
        decision: 'return',
        targetOfficeId: origin,
        version: mine.json().version,
      });
      assert.equal(revised.statusCode, 200, revised.body);
      // the destination keeps only the outcome: no words, no risk details, no editing
      const theirs = await api('destWorker', 'GET', `/api/v1/cases/${c.id}/solution`);
      assert.equal(theirs.statusCode, 200);
      assert.deepEqual(theirs.json().access, ['outcome']);
      assert.equal(theirs.json().wishes, undefined);
      assert.equal((await api('destWorker', 'GET', `/api/v1/cases/${c.id}/solution`)).json().returnStatus, 'cleared');
      assert.equal(theirs.json().riskAssessment.risks, undefined);
      assert.equal((await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/arrival`, { arrivedOn: '2026-12-01' })).statusCode, 403);
      const destPage = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/solution`, headers: { cookie: s.destWorker!.cookie } });
      assert.equal(destPage.statusCode, 200);
      assert.doesNotMatch(destPage.body, /Bouaké|Relocate|Community mediation/);

      // audited in both offices
      const ev = await env.ctx.db
        .selectFrom('audit_events')
        .select(['type', 'office_id'])
        .where('subject_id', '=', c.id)
        .where('type', 'in', ['case.handover_requested', 'case.handover_accepted'])
        .execute();
      assert.ok(ev.some((e) => e.type === 'case.handover_requested' && e.office_id === dest));
      assert.ok(ev.some((e) => e.type === 'case.handover_accepted' && e.office_id === origin));
      assert.ok(ev.some((e) => e.type === 'case.handover_accepted' && e.office_id === dest));

      // arrival, late plan reminder, plan, surveys by the origin office
      assert.equal((await api('originWorker', 'POST', `/api/v1/cases/${c.id}/solution/arrival`, { arrivedOn: '2026-09-01' })).statusCode, 200);
      assert.equal(await remindLatePlans(env.ctx, '2026-11-28'), 1);
      assert.equal(await remindLatePlans(env.ctx, '2026-11-28'), 0, 'reminded once');
      const lateList = await env.app.inject({ method: 'GET', url: '/staff/solutions', headers: { cookie: s.originWorker!.cookie } });
      assert.match(lateList.body, new RegExp(`href="/staff/cases/${c.id}/reintegration"`), 'the late plan is listed for its case worker');
      const lateForOthers = await env.app.inject({ method: 'GET', url: '/staff/solutions', headers: { cookie: s.destWorker!.cookie } });
      const lateSection = /<section aria-labelledby="of-late">.*?<\/section>/s.exec(lateForOthers.body)?.[0] ?? '';
      assert.match(lateSection, /No plan is late/, "not in another office's late list");
      const org = await createOrganisation(env.ctx, 'Bouaké Women Network', origin);
      const plan = await api('originWorker', 'POST', `/api/v1/cases/${c.id}/solution/reintegration-plan`, {
        economic: 'Tailoring shop',
        social: 'ID card',
        psychosocial: 'Peer group',
        services: [{ organisationId: org, dimension: 'psychosocial' }],
      });
      assert.equal(plan.statusCode, 200, plan.body);
      const base = await api('originWorker', 'POST', `/api/v1/cases/${c.id}/solution/surveys`, {
        kind: 'baseline',
        takenOn: '2026-09-10',
        answers: { 'econ-satisfaction': 4, 'psy-distress': 4 },
      });
      assert.equal(base.statusCode, 200, base.body);
      assert.deepEqual(base.json().scores, { economic: 0.25, social: null, psychosocial: 0.25, composite: 0.25 });
      const reint = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/reintegration`, headers: { cookie: s.originWorker!.cookie } });
      assert.match(reint.body, /<svg/);
      assert.match(reint.body, /mental health/);
      const outcome = await api('destWorker', 'GET', `/api/v1/cases/${c.id}/solution`);
      assert.equal(outcome.json().surveys.length, 1);
      assert.equal(outcome.json().reintegrationPlan.objectives, undefined);
      // the other supervisor of the origin office (not the owner) sees it as a supervisor; an unrelated office does not
      assert.equal((await api('outsider', 'GET', `/api/v1/cases/${c.id}/solution`)).statusCode, 200);
    });

    it("cuts the risk matrix with the office's own thresholds, set by its supervisor", async () => {
      const url = `/staff/solutions/risk-thresholds?office=${dest}`;
      const page = await env.app.inject({ method: 'GET', url, headers: { cookie: s.destSup!.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Built-in thresholds: medium from 3, high from 6/);
      assert.equal((await env.app.inject({ method: 'GET', url, headers: { cookie: s.destWorker!.cookie } })).statusCode, 403);
      assert.equal((await env.app.inject({ method: 'GET', url, headers: { cookie: s.originSup!.cookie } })).statusCode, 403, "another office's supervisor");
      const wrongOrder = await post('destSup', url, { mediumFrom: '6', highFrom: '4' });
      assert.equal(wrongOrder.statusCode, 400);
      assert.match(wrongOrder.body, /The high threshold must be higher than the medium threshold/);
      assert.equal((await post('destSup', url, { mediumFrom: '1', highFrom: '4' })).statusCode, 400, 'a risk can always be low');
      assert.equal(await env.ctx.db.selectFrom('return_risk_settings').select('office_id').where('office_id', '=', dest).executeTakeFirst(), undefined);
      assert.equal((await post('destSup', url, { mediumFrom: '2', highFrom: '4' })).statusCode, 303);
      assert.equal((await post('destSup', url, { mediumFrom: '2', highFrom: '4' })).statusCode, 409, 'a second first save is stale');
      // 2 × 2 = 4 is medium under the built-in thresholds, high under this office's: the return is blocked.
      const c = await readyReturn([{ factor: 'debts', likelihood: 2, impact: 2, mitigation: 'Debt counselling' }]);
      const sol = (await api('destWorker', 'GET', `/api/v1/cases/${c.id}/solution`)).json();
      assert.equal(sol.returnStatus, 'blocked');
      const riskPage = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/solution`, headers: { cookie: s.destWorker!.cookie } });
      assert.match(riskPage.body, /medium from a score of 2 and high from 4/);
      const ev = await env.ctx.db.selectFrom('audit_events').select('data').where('type', '=', 'solution.risk_thresholds_configured').execute();
      assert.equal(ev.length, 1);
      const version = (await env.ctx.db.selectFrom('return_risk_settings').select('version').where('office_id', '=', dest).executeTakeFirstOrThrow()).version;
      assert.equal((await post('destSup', url, { mediumFrom: '3', highFrom: '6', version: String(version) })).statusCode, 303);
    });

    it('refuses a survey dated in the future, with a field message, and records nothing', async () => {
      const c = await readyReturn();
      const later = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      const res = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/surveys`, {
        kind: 'baseline',
        takenOn: later,
        answers: { 'econ-satisfaction': 4 },
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.body, /takenOn/);
      const rows = await env.ctx.db.selectFrom('reintegration_surveys').select('id').where('case_id', '=', c.id).execute();
      assert.equal(rows.length, 0);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const ok = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/surveys`, {
        kind: 'baseline',
        takenOn: yesterday,
        answers: { 'econ-satisfaction': 4 },
      });
      assert.equal(ok.statusCode, 200, ok.body);
    });

    it('never changes a survey already taken when the weights change', async () => {
      const c = await readyReturn();
      const answers = { 'econ-satisfaction': 1, 'econ-employment': 0, 'psy-belonging': 2 };
      const first = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/surveys`, { kind: 'baseline', takenOn: '2026-10-01', answers });
      // equal weights: economic (1.0 + 0.0) / 2 = 0.5; psychosocial 0.5; composite (0.5 + 0.5) / 2 = 0.5
      assert.deepEqual(first.json().scores, { economic: 0.5, social: null, psychosocial: 0.5, composite: 0.5 });
      const cfgPage = await env.app.inject({ method: 'GET', url: `/staff/solutions/survey-config?office=${dest}`, headers: { cookie: s.destSup!.cookie } });
      assert.equal(cfgPage.statusCode, 200);
      const body: Record<string, string> = { w_economic: '1', w_social: '1', w_psychosocial: '1', bandLow: '0.4', bandHigh: '0.7' };
      for (const m of cfgPage.body.matchAll(/name="(w_[a-z-]+)"/g)) if (!body[m[1]!]) body[m[1]!] = '1';
      body['w_econ-employment'] = '9';
      const saved = await post('destSup', `/staff/solutions/survey-config?office=${dest}`, body);
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
      const second = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/surveys`, { kind: 'followup', takenOn: '2026-11-01', answers });
      // new weights: economic (1 × 1.0 + 9 × 0.0) / 10 = 0.1; composite (0.1 + 0.5) / 2 = 0.3
      assert.deepEqual(second.json().scores, { economic: 0.1, social: null, psychosocial: 0.5, composite: 0.3 });
      const rows = await env.ctx.db.selectFrom('reintegration_surveys').selectAll().where('case_id', '=', c.id).orderBy('taken_on').execute();
      assert.equal(rows[0]!.economic, 0.5, 'the baseline keeps its score');
      assert.equal(rows[0]!.config_version, 1);
      assert.equal(rows[1]!.config_version, 2);
      const w = JSON.parse(rows[0]!.weights_used) as SurveyWeights;
      assert.equal(w.items['econ-employment'], 1);
      const cfg = await env.ctx.db.selectFrom('survey_configs').select('config').where('id', '=', rows[0]!.config_id).executeTakeFirstOrThrow();
      assert.equal(scoreSurvey(JSON.parse(cfg.config), answers, w).economic, 0.5);
      // a supervisor of another office cannot configure this office's survey
      assert.equal(
        (await env.app.inject({ method: 'GET', url: `/staff/solutions/survey-config?office=${dest}`, headers: { cookie: s.originSup!.cookie } })).statusCode,
        403,
      );
    });

    it('hands a resettlement to the resettlement country office with the transfer consent, without a return risk gate', async () => {
      const c = await newCase();
      const d = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/decision`, {
        options: ['return', 'resettlement'],
        wishes: 'I cannot go home; my cousin lives in Abidjan',
        decision: 'resettlement',
        targetOfficeId: origin,
      });
      assert.equal(d.statusCode, 200, d.body);
      assert.equal(
        (await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/actions`, { track: 'resettlement', step: 'submission', dueOn: '2027-01-10' }))
          .statusCode,
        200,
      );
      assert.equal(
        (await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/actions`, { track: 'return', step: 'travel_document' })).statusCode,
        422,
        'a return step needs the return consent',
      );
      assert.equal(
        (await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/handover`, { toOfficeId: origin, keep: [] })).json().error.code,
        'CONSENT_REQUIRED',
      );
      await consent(c.id, 'transfer');
      const h = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/handover`, { toOfficeId: origin, keep: [] });
      assert.equal(h.statusCode, 200, h.body);
      assert.equal(
        (await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/handover`, { toOfficeId: origin, keep: [] })).statusCode,
        409,
        'one pending hand-over at a time',
      );
      assert.equal((await api('originSup', 'POST', `/api/v1/handovers/${h.json().id}/accept`, { ownerId: originWorker.id })).statusCode, 200);
      assert.equal((await api('originSup', 'POST', `/api/v1/handovers/${h.json().id}/accept`, { ownerId: originWorker.id })).statusCode, 409, 'accepted once');
      // keep: [] — the sending office keeps nothing
      assert.equal((await api('destWorker', 'GET', `/api/v1/cases/${c.id}/solution`)).statusCode, 404);
    });

    it('offers the hand-over only once its conditions are met, and lets the sending office cancel a pending one', async () => {
      const c = await newCase();
      const d = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/decision`, {
        options: ['resettlement'],
        wishes: 'My cousin lives in Abidjan',
        decision: 'resettlement',
        targetOfficeId: origin,
      });
      assert.equal(d.statusCode, 200, d.body);
      const page = () => env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/solution`, headers: { cookie: s.destWorker!.cookie } });
      // Without the transfer consent, the page says what is missing instead of offering the button.
      let html = (await page()).body;
      assert.match(html, /id="handover-blockers"/);
      assert.doesNotMatch(html, /action="\/staff\/cases\/[^"]+\/solution\/handover"/);
      await consent(c.id, 'transfer');
      html = (await page()).body;
      assert.doesNotMatch(html, /id="handover-blockers"/);
      assert.match(html, /action="\/staff\/cases\/[^"]+\/solution\/handover"/);
      const h = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/handover`, { toOfficeId: origin, keep: [] });
      assert.equal(h.statusCode, 200, h.body);
      const hid = h.json().id as string;
      html = (await page()).body;
      assert.match(html, new RegExp(`/solution/handover/${hid}/cancel`));
      // The receiving office cannot cancel it; the sending office can, once.
      assert.equal((await post('originWorker', `/staff/cases/${c.id}/solution/handover/${hid}/cancel`, {})).statusCode, 404);
      const cancel = await post('destWorker', `/staff/cases/${c.id}/solution/handover/${hid}/cancel`, {});
      assert.equal(cancel.statusCode, 303, cancel.body.slice(0, 300));
      const row = await env.ctx.db.selectFrom('case_handovers').selectAll().where('id', '=', hid).executeTakeFirstOrThrow();
      assert.equal(row.status, 'cancelled');
      assert.equal((await post('destWorker', `/staff/cases/${c.id}/solution/handover/${hid}/cancel`, {})).statusCode, 409);
      assert.equal((await api('originSup', 'POST', `/api/v1/handovers/${hid}/accept`, { ownerId: originWorker.id })).statusCode, 409);
      const ev = await env.ctx.db
        .selectFrom('audit_events')
        .select(['office_id'])
        .where('type', '=', 'case.handover_cancelled')
        .where('subject_id', '=', c.id)
        .execute();
      assert.deepEqual(ev.map((e) => e.office_id).sort(), [dest, origin].sort());
      // A new hand-over can be asked for again.
      assert.equal((await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/handover`, { toOfficeId: origin, keep: [] })).statusCode, 200);
    });

    it('walks local integration steps, follow-up and closure with a §2.2 reason', async () => {
      const c = await newCase();
      await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/decision`, {
        options: ['local_integration'],
        wishes: 'I want to stay and work here',
        decision: 'local_integration',
      });
      const bad = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/actions`, { track: 'integration', step: 'submission' });
      assert.equal(bad.statusCode, 422);
      assert.equal(
        (
          await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/actions`, {
            track: 'integration',
            step: 'housing',
            dueOn: '2027-01-15',
            note: 'Flat in Sfax',
          })
        ).statusCode,
        200,
      );
      assert.equal(
        (await post('destWorker', `/staff/cases/${c.id}/solution/actions`, { step: 'integration:residence_status', dueOn: '2027-02-01' })).statusCode,
        303,
      );
      assert.equal((await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/handover`, { toOfficeId: origin, keep: [] })).statusCode, 422);
      assert.equal((await post('destWorker', `/staff/cases/${c.id}/solution/followup`, {})).statusCode, 303);
      assert.equal((await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/close`, { reason: 'nonsense' })).statusCode, 400);
      assert.equal((await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/close`, { reason: 'support_period_ended' })).statusCode, 200);
      const row = await env.ctx.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(row.cas_status, 'Closed');
      assert.equal(row.cas_reason_for_case_closure, 'support_period_ended');
    });

    it('renders every page in every language without a missing message', async () => {
      const c = await readyReturn(HIGH_RISKS);
      for (const locale of ['en', 'fr', 'es', 'ar']) {
        await env.ctx.db.updateTable('users').set({ locale }).where('id', 'in', [destWorker.id, destSup.id]).execute();
        for (const url of [
          `/staff/cases/${c.id}/solution`,
          `/staff/cases/${c.id}/reintegration`,
          `/staff/cases/${c.id}/reintegration/survey`,
          '/staff/solutions',
        ]) {
          const r = await env.app.inject({ method: 'GET', url, headers: { cookie: s.destSup!.cookie } });
          assert.equal(r.statusCode, 200, `${locale} ${url}`);
          assert.doesNotMatch(r.body, /⟦/, `${locale} ${url}`);
        }
      }
      await env.ctx.db.updateTable('users').set({ locale: 'en' }).where('id', 'in', [destWorker.id, destSup.id]).execute();
    });

    it('never answers bad input with a 500 (forms and API bodies)', async () => {
      const c = await readyReturn();
      const apiPaths = ['consent', 'decision', 'risk-assessment', 'override', 'actions', 'handover', 'arrival', 'reintegration-plan', 'surveys', 'close'];
      const formPaths = [
        'solution/consent',
        'solution/decision',
        'solution/risks',
        'solution/override',
        'solution/actions',
        'solution/handover',
        'solution/arrival',
        'solution/close',
        'reintegration/plan',
        'reintegration/survey',
      ];
      const value = fc.oneof(
        fc.string(),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer())),
      );
      const keys = fc.constantFrom(
        'purpose',
        'given',
        'options',
        'wishes',
        'decision',
        'targetOfficeId',
        'risks',
        'reason',
        'track',
        'step',
        'dueOn',
        'toOfficeId',
        'keep',
        'arrivedOn',
        'economic',
        'social',
        'psychosocial',
        'services',
        'kind',
        'takenOn',
        'answers',
        'version',
        'l_debts',
        'i_debts',
        'a_econ-satisfaction',
        '__proto__',
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...apiPaths), fc.dictionary(keys, value), async (p, body) => {
          const r = await api('destWorker', 'POST', `/api/v1/cases/${c.id}/solution/${p}`, body);
          assert.ok(r.statusCode < 500, `${p} ${JSON.stringify(body)} → ${r.statusCode} ${r.body.slice(0, 200)}`);
        }),
        { numRuns: 120 },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...formPaths),
          fc.dictionary(keys, fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }))),
          async (p, body) => {
            const r = await post('destWorker', `/staff/cases/${c.id}/${p}`, body as Record<string, string | string[]>);
            assert.ok(r.statusCode < 500, `${p} ${JSON.stringify(body)} → ${r.statusCode}`);
          },
        ),
        { numRuns: 120 },
      );
      const configBody = fc.dictionary(
        fc.constantFrom('w_economic', 'w_social', 'w_psychosocial', 'bandLow', 'bandHigh', 'w_econ-satisfaction', 'w_psy-distress'),
        fc.oneof(fc.string(), fc.constantFrom('0', '1', '-1', '1e309', 'NaN', '0.5')),
      );
      await fc.assert(
        fc.asyncProperty(configBody, async (body) => {
          const r = await post('destSup', `/staff/solutions/survey-config?office=${dest}`, body);
          assert.ok(r.statusCode < 500, `config ${JSON.stringify(body)} → ${r.statusCode}`);
        }),
        { numRuns: 60 },
      );
      const anyBody = fc.dictionary(fc.constantFrom('ownerId', 'status', 'version', 'x'), fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 2 })));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            `/staff/solutions/handovers/${c.id}/accept`,
            `/staff/solutions/handovers/${c.id}/decline`,
            `/staff/cases/${c.id}/solution/actions/${c.id}`,
            `/staff/cases/${c.id}/solution/followup`,
          ),
          anyBody,
          async (url, body) => {
            const r = await post('originSup', url, body as Record<string, string | string[]>);
            assert.ok(r.statusCode < 500, `${url} ${JSON.stringify(body)} → ${r.statusCode}`);
            const r2 = await post('destWorker', url, body as Record<string, string | string[]>);
            assert.ok(r2.statusCode < 500, `${url} ${JSON.stringify(body)} → ${r2.statusCode}`);
          },
        ),
        { numRuns: 40 },
      );
      for (const body of ['{', '[]', 'null', '"x"']) {
        const r = await env.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${c.id}/solution/decision`,
          headers: { cookie: s.destWorker!.cookie, 'x-csrf-token': s.destWorker!.csrf, 'content-type': 'application/json' },
          payload: body,
        });
        assert.ok(r.statusCode < 500, `${body} → ${r.statusCode}`);
      }
      assert.equal((await api('destWorker', 'GET', '/api/v1/cases/not-an-id/solution')).statusCode, 404);
      assert.equal((await api('originSup', 'POST', '/api/v1/handovers/not-an-id/accept', { ownerId: 'x' })).statusCode, 404);
    });
  });
}
