import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOffice, createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { addPlanAction } from '../plans/plans.service.js';
import { caseRow, newCase, staff } from '../../test/support/cases.js';
import { recordAssessment } from './assessments.service.js';
import { reindexNames } from './lookups.service.js';
import { namePhonetic, nameQueryInputs, nameTokenInputs } from './name-search.js';

type Who = Awaited<ReturnType<typeof staff>>;

const get = (env: TestEnv, who: Who | undefined, url: string) => env.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
const post = (env: TestEnv, who: Who, url: string, data: Record<string, string | string[]>) =>
  env.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, ...FORM }, payload: form({ _csrf: who.csrf, ...data }) });
const numbers = (body: string) => [...body.matchAll(/>(TN-\d{4}-\d{5})</g)].map((m) => m[1]);

describe('name search tokens', () => {
  it('gives prefixes and a phonetic key that meet across spellings and scripts', () => {
    assert.ok(nameTokenInputs(['Amina Koné']).includes('p:ami'));
    assert.ok(nameTokenInputs(['Amina Koné']).includes('p:kone'));
    assert.equal(namePhonetic('mohamed'), namePhonetic('mouhammad'));
    assert.equal(namePhonetic('ousmane'), namePhonetic('usman'));
    assert.equal(namePhonetic('مُحمد'.normalize('NFKD').replace(/\p{M}/gu, '')), namePhonetic('mohamed'));
    assert.notEqual(namePhonetic('amina'), namePhonetic('fatou'));
    assert.equal(nameQueryInputs('  ,, '), null);
    // A short query word matches prefixes only, never a phonetic key (too many meet by chance).
    assert.deepEqual(nameQueryInputs('Ami'), [['p:ami']]);
  });
});

for (const dialect of DIALECTS) {
  describe(`the case list: name search, columns, totals, saved filters, export; my work (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let worker: Who;
    let worker2: Who;
    let sup: Who;
    let otherWorker: Who;
    let amina: { id: string; caseNumber: string };
    let fatou: { id: string; caseNumber: string };
    let elsewhere: { id: string; caseNumber: string };
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      const other = await createOffice(env.ctx, 'CI', 'CI');
      worker = await staff(env, 'case_worker', officeId);
      worker2 = await staff(env, 'case_worker', officeId);
      sup = await staff(env, 'supervisor', officeId);
      otherWorker = await staff(env, 'case_worker', other);
      amina = await newCase(env, worker.id, { officeId, identity: { firstName: 'Amina', lastName: 'Koné', birthDate: '1990-05-01' } });
      fatou = await newCase(env, worker.id, { officeId, identity: { firstName: 'Fatou', lastName: 'Diallo', aliases: ['Mouhamed'] } });
      elsewhere = await newCase(env, otherWorker.id, { officeId: other, identity: { firstName: 'Amina', lastName: 'Koné' } });
    });
    after(async () => env.close());

    it('finds "Amina Koné" from "Ami", "kone", "KONÉ" and "ami kon", within the office only', async () => {
      for (const q of ['Ami', 'kone', 'KONÉ', 'ami kon', 'Koné Amina']) {
        const res = await get(env, worker, `/staff/cases?name=${encodeURIComponent(q)}`);
        assert.equal(res.statusCode, 200, q);
        const found = numbers(res.body);
        assert.ok(found.includes(amina.caseNumber), `${q} finds Amina`);
        assert.ok(!found.includes(fatou.caseNumber), `${q} does not find Fatou`);
        assert.ok(!res.body.includes(elsewhere.caseNumber.replace('TN', 'CI')), 'never another office');
      }
      // Phonetic: an alias spelled differently; and a prefix that matches nothing.
      assert.ok(numbers((await get(env, worker, '/staff/cases?name=Mohammed')).body).includes(fatou.caseNumber));
      assert.deepEqual(numbers((await get(env, worker, '/staff/cases?name=Amz')).body), []);
      // The other office's worker sees their own Amina, not this one.
      const there = await get(env, otherWorker, '/staff/cases?name=ami');
      assert.ok(there.body.includes(elsewhere.caseNumber));
      assert.ok(!there.body.includes(amina.caseNumber));
    });

    it('shows the chosen columns, the name and age to those who may see them, a total, and the name in every case tab', async () => {
      const res = await get(env, worker, '/staff/cases?cols=name&cols=age&cols=sex&sort=number_asc');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Amina Koné/);
      assert.match(res.body, /data-label="Age"/);
      assert.match(res.body, /2 cases/);
      assert.ok(res.body.indexOf(amina.caseNumber) < res.body.indexOf(fatou.caseNumber), 'sorted by number');
      const noName = await get(env, worker, '/staff/cases?cols=status');
      assert.ok(!noName.body.includes('Amina Koné'), 'the name column only when chosen');
      for (const tab of ['', '/consent', '/notes', '/plan']) {
        const page = await get(env, worker, `/staff/cases/${amina.id}${tab}`);
        assert.equal(page.statusCode, 200, tab);
        assert.match(page.body, /class="case-person-name">Amina Koné</, tab);
      }
      // The JSON API: the same rules, with the total.
      const api = await get(env, worker, '/api/v1/cases?name=ami&cols=name');
      assert.equal(api.json().total, 1);
      assert.equal(api.json().cases[0].name, 'Amina Koné');
    });

    it('refuses the list, the name search and the export to roles that may not see cases or names', async () => {
      for (const role of ['analyst', 'triage_operator', 'editor'] as const) {
        const who = await staff(env, role, officeId);
        for (const url of ['/staff/cases?name=ami', '/staff/cases/export.xlsx?name=ami', '/api/v1/cases?name=ami']) {
          const res = await get(env, who, url);
          assert.equal(res.statusCode, 403, `${role} ${url}`);
          assert.ok(!res.body.includes('Amina'), `${role} ${url}`);
        }
      }
      // A case worker may not export; the supervisor may, and the export is audited without the searched name.
      assert.equal((await get(env, worker, '/staff/cases/export.xlsx')).statusCode, 403);
      const xlsx = await get(env, sup, '/staff/cases/export.xlsx?name=ami&cols=name&cols=status');
      assert.equal(xlsx.statusCode, 200);
      assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const cells = (wb.worksheets[0]?.getSheetValues() ?? []).flat().map(String);
      assert.ok(cells.includes('Amina Koné') && cells.includes(amina.caseNumber));
      assert.ok(!cells.includes(fatou.caseNumber));
      const events = await env.ctx.db.selectFrom('audit_events').select('data').where('type', '=', 'cases.list_exported').execute();
      assert.equal(events.length, 1);
      assert.ok(!(events[0]?.data ?? '').toLowerCase().includes('ami'), 'the searched name is not in the audit');
    });

    it('saves filters per user, never with a person-search field', async () => {
      const saved = await post(env, worker, '/staff/cases/views', { viewName: 'Overdue high', query: 'risk=high&due=overdue&name=Amina&cols=name&cols=risk' });
      assert.equal(saved.statusCode, 303);
      const list = await get(env, worker, '/staff/cases');
      assert.match(list.body, /href="\/staff\/cases\?risk=high&amp;due=overdue&amp;cols=name&amp;cols=risk">Overdue high</);
      assert.ok(!list.body.includes('name=Amina'));
      assert.ok(!(await get(env, worker2, '/staff/cases')).body.includes('Overdue high'), 'another user does not see it');
      const rows = await env.ctx.db.selectFrom('case_list_views').select(['id', 'query']).execute();
      assert.ok(rows.every((r) => !r.query.includes('Amina')));
      assert.equal((await post(env, worker2, `/staff/cases/views/${rows[0]?.id}/delete`, {})).statusCode, 404, 'only its owner deletes it');
      assert.equal((await post(env, worker, `/staff/cases/views/${rows[0]?.id}/delete`, {})).statusCode, 303);
      assert.equal((await post(env, worker, '/staff/cases/views', { viewName: '', query: 'risk=high' })).statusCode, 400);
    });

    it('puts an overdue plan action on my work, in the caseload "overdue" filter, in next due and on the overdue page', async () => {
      const record = await caseRow(env, fatou.id);
      assert.equal(record.next_due_on, null);
      await addPlanAction(env.ctx, {
        actor: worker.user,
        record,
        input: { type: 'medical', description: 'Clinic appointment', ownerId: worker.id, dueDate: '2026-01-05' },
      });
      assert.equal((await caseRow(env, fatou.id)).next_due_on, '2026-01-05');
      const overdue = await get(env, worker, '/staff/cases?due=overdue');
      assert.deepEqual(numbers(overdue.body), [fatou.caseNumber]);
      const home = await get(env, worker, '/staff');
      assert.equal(home.statusCode, 200);
      const card = home.body.slice(home.body.indexOf('id="overdue"'), home.body.indexOf('id="upcoming"'));
      assert.match(card, /class="work-count">1</);
      assert.ok(card.includes(fatou.caseNumber) && card.includes('Clinic appointment'));
      const page = await get(env, worker, '/staff/plans/overdue');
      assert.ok(page.body.includes('Clinic appointment'), 'the overdue page shows the description');
      assert.ok(page.body.includes(worker.user.displayName), 'and the owner');
      const overview = await get(env, worker, `/staff/cases/${fatou.id}`);
      assert.ok(overview.body.includes('Clinic appointment'), 'the case overview lists the action as due');
      // Another case worker of the office sees none of it; the supervisor sees it on the office's card.
      assert.ok(!(await get(env, worker2, '/staff')).body.includes('Clinic appointment'));
      assert.ok((await get(env, sup, '/staff')).body.includes('Clinic appointment'));
    });

    it("gives a supervisor's my work its cards: a risk to life, high risk without a plan, unassigned, new assignments", async () => {
      const c = await newCase(env, worker.id, { officeId, identity: { firstName: 'Hawa', lastName: 'Sylla' } });
      const record = await caseRow(env, c.id);
      const empty = {
        needs: [],
        individualRisk: [],
        individualProtective: [],
        householdRisk: [],
        householdProtective: [],
        communityRisk: [],
        communityProtective: [],
        structuralRisk: [],
        structuralProtective: [],
      };
      await recordAssessment(env.ctx, { actor: worker.user, record, v: { ...empty, assessedOn: '2026-12-01', riskToLife: 'yes', riskLevel: 'high' } });
      const home = (await get(env, sup, '/staff')).body;
      assert.match(home, /role="alert"[\s\S]*risk to the person's life/);
      const card = (id: string) => home.slice(home.indexOf(`id="${id}"`), home.indexOf('</section>', home.indexOf(`id="${id}"`)));
      assert.ok(card('highrisk').includes(c.caseNumber), 'high risk, no plan');
      // The case worker does not get the supervisor's cards.
      const mine = (await get(env, worker, '/staff')).body;
      assert.ok(!mine.includes('id="highrisk"') && !mine.includes("risk to the person's life"));
      // Assigned by the supervisor: on the new owner's "new assignments" card.
      const fresh = await caseRow(env, c.id);
      const assigned = await post(env, sup, `/staff/cases/${c.id}/assign`, { ownerId: worker2.id, version: String(fresh.version) });
      assert.equal(assigned.statusCode, 303);
      const theirs = (await get(env, worker2, '/staff')).body;
      const cardOf = theirs.slice(theirs.indexOf('id="assigned"'), theirs.indexOf('</section>', theirs.indexOf('id="assigned"')));
      assert.match(cardOf, /class="work-count">1</);
      assert.ok(cardOf.includes(c.caseNumber));
      // A plan action takes it off "high risk without a plan".
      await addPlanAction(env.ctx, {
        actor: worker2.user,
        record: await caseRow(env, c.id),
        input: { type: 'safe_accommodation', description: 'Shelter tonight' },
      });
      const after = (await get(env, sup, '/staff')).body;
      assert.ok(!after.slice(after.indexOf('id="highrisk"'), after.indexOf('</section>', after.indexOf('id="highrisk"'))).includes(c.caseNumber));
    });

    it('indexes cases opened before the name index again (abri reindex-names)', async () => {
      await env.ctx.db.deleteFrom('case_name_tokens').where('case_id', '=', amina.id).execute();
      assert.ok(!numbers((await get(env, worker, '/staff/cases?name=ami')).body).includes(amina.caseNumber));
      const r = await reindexNames(env.ctx, 2);
      assert.equal(r.unreadable, 0);
      assert.ok(r.indexed >= 3);
      assert.ok(numbers((await get(env, worker, '/staff/cases?name=ami')).body).includes(amina.caseNumber));
    });

    it('renders my work and the list in all four languages with no missing text', async () => {
      for (const locale of ['en', 'fr', 'es', 'ar']) {
        for (const who of [worker, sup]) {
          await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', who.id).execute();
          for (const url of ['/staff', '/staff/cases?cols=name&cols=age&cols=sex&cols=opened&cols=owner', '/staff/plans/overdue', `/staff/cases/${amina.id}`]) {
            const res = await get(env, who, url);
            assert.equal(res.statusCode, 200, `${url} ${locale}`);
            assert.deepEqual(res.body.match(/⟦[^⟧]+⟧/g) ?? [], [], `${url} (${locale})`);
          }
          await env.ctx.db.updateTable('users').set({ locale: 'en' }).where('id', '=', who.id).execute();
        }
      }
    });
  });
}
