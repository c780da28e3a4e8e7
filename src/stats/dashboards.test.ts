import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { DIALECTS, type Signed, type TestEnv, createOffice, createTestEnv, createUser, sessionFor } from '../../test/helper.js';
import type { Role } from '../platform/auth/roles.js';
import { newId, nowIso } from '../platform/ids.js';
import { ctdcQuasiIdentifiers } from './ctdc/export.js';
import { kAnonymityViolations } from './k-anonymity.js';
import { type Relation, determinedCells } from './suppression.js';
import { exportOffices } from './ctdc/case-export.js';
import { exportCtdcCommand } from './ctdc/ctdc.cli.js';
import { FIGURES, linkTotals, protectFigure, viewOf } from './dashboards.figures.js';
import { invalidateDashboards } from './dashboards.service.js';
import { rng, syntheticCase } from './synthetic.js';
import { insertSynthetic } from './synthetic.repository.js';

const ROLES: Role[] = ['administrator', 'supervisor', 'case_worker', 'triage_operator', 'partner', 'analyst', 'editor'];
const YEAR_START = Date.parse('2025-01-01T00:00:00Z');

/** Cases with a chosen gender, opened in 2025 (nothing else matters for the gender figure). */
async function casesWithGender(env: TestEnv, officeId: string, counts: Record<string, number>, firstSeq = 1): Promise<string[]> {
  const r = rng(7);
  const items = [];
  let seq = firstSeq;
  for (const [gender, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i++) {
      const c = syntheticCase(r, { id: officeId, code: 'X', country: 'TN' }, { seq: seq++, start: YEAR_START, spanDays: 300 });
      c.row.prs_gender = gender;
      items.push(c);
    }
  }
  await insertSynthetic(env.ctx.db, items);
  return items.map((x) => x.row.case_number);
}

/** Whether any hidden cell of a one-row-per-office figure follows from every number the dashboards publish. */
function recoverable(offices: string[], figure: ReturnType<typeof protectFigure>): number[] {
  // Cells: office × category, then office totals, then category totals (the "all offices" view), then the grand total.
  const nr = offices.length;
  const nc = figure.categories.length;
  const views = offices.map((o) => viewOf(figure, o));
  const all = viewOf(figure, 'all');
  const hidden: boolean[] = [];
  for (const v of views) for (const row of v.rows) hidden.push(row.value === null);
  for (const v of views) hidden.push(v.total === null);
  for (const row of all.rows) hidden.push(row.value === null);
  hidden.push(all.total === null);
  const relations: Relation[] = [];
  for (let i = 0; i < nr; i++) relations.push({ parts: Array.from({ length: nc }, (_, j) => i * nc + j), total: nr * nc + i });
  for (let j = 0; j < nc; j++) relations.push({ parts: Array.from({ length: nr }, (_, i) => i * nc + j), total: nr * nc + nr + j });
  relations.push({ parts: Array.from({ length: nr }, (_, i) => nr * nc + i), total: nr * nc + nr + nc });
  return determinedCells(hidden, relations);
}

for (const dialect of DIALECTS) {
  describe(`Dashboards (${dialect})`, () => {
    let env: TestEnv;
    let officeA: string;
    let officeB: string;
    let analyst: Signed;
    const sessions = new Map<Role, Signed>();
    const caseNumbers: string[] = [];
    const q = 'from=2025-01-01&to=2025-12-31';

    before(async () => {
      invalidateDashboards();
      env = await createTestEnv(dialect);
      officeA = await createOffice(env.ctx, 'AA', 'TN');
      officeB = await createOffice(env.ctx, 'BB', 'MA');
      for (const role of ROLES) {
        const u = await createUser(env.ctx, { roles: [role], officeId: role === 'partner' ? null : officeA });
        sessions.set(role, await sessionFor(env.ctx, u.id));
      }
      const both = await createUser(env.ctx, { roles: ['analyst'], officeId: officeA });
      await env.ctx.db
        .insertInto('memberships')
        .values({ id: newId(), user_id: both.id, office_id: officeB, organisation_id: null, role: 'analyst', created_at: nowIso() })
        .execute();
      analyst = await sessionFor(env.ctx, both.id);
      // Office A: 3 transgender women, a small count; office B: 20. The "all offices" total is 23.
      caseNumbers.push(...(await casesWithGender(env, officeA, { Feminine: 30, Masculine: 25, TransgenderFeminine: 3 })));
      caseNumbers.push(...(await casesWithGender(env, officeB, { Feminine: 40, Masculine: 12, TransgenderFeminine: 20 })));
    });
    after(async () => {
      await env.close();
    });

    it('hides a count under 10 and enough others that no total recovers it (complementary suppression)', async () => {
      const def = FIGURES.find((f) => f.key === 'gender');
      assert.ok(def);
      const rows = [
        { office_id: 'A', key: 'Feminine', n: 30 },
        { office_id: 'A', key: 'Masculine', n: 25 },
        { office_id: 'A', key: 'TransgenderFeminine', n: 3 },
        { office_id: 'B', key: 'Feminine', n: 40 },
        { office_id: 'B', key: 'Masculine', n: 12 },
        { office_id: 'B', key: 'TransgenderFeminine', n: 20 },
      ];
      const figure = protectFigure({ def, officeIds: ['A', 'B'], rows, threshold: 10 });
      const a = viewOf(figure, 'A');
      const tf = a.rows.find((r) => r.category === 'TransgenderFeminine');
      assert.equal(tf?.value, null, 'the small cell is hidden');
      // Published alone, A's total (58) minus its other cells, or "all" (23) minus B's (20), would give 3.
      assert.ok(a.total === null || a.rows.filter((r) => r.value === null).length >= 2, 'not alone in its office');
      const all = viewOf(figure, 'all');
      const b = viewOf(figure, 'B');
      const allTf = all.rows.find((r) => r.category === 'TransgenderFeminine')?.value;
      const bTf = b.rows.find((r) => r.category === 'TransgenderFeminine')?.value;
      assert.ok(allTf === null || bTf === null, 'the "all offices" figure and B cannot be subtracted');
      assert.deepEqual(recoverable(['A', 'B'], figure), [], 'no hidden cell is determined by the published ones');
    });

    it('a total one figure hides is hidden in every figure of the same population', () => {
      const gender = FIGURES.find((f) => f.key === 'gender');
      const source = FIGURES.find((f) => f.key === 'caseSource');
      assert.ok(gender && source);
      // Office A: 4 cases, all of one source: that figure hides A's total; the gender figure must not publish it.
      const g = protectFigure({
        def: gender,
        officeIds: ['A', 'B'],
        rows: [
          { office_id: 'A', key: 'Feminine', n: 2 },
          { office_id: 'A', key: 'Masculine', n: 2 },
          { office_id: 'B', key: 'Feminine', n: 50 },
          { office_id: 'B', key: 'Masculine', n: 40 },
        ],
        threshold: 10,
      });
      const c = protectFigure({
        def: source,
        officeIds: ['A', 'B'],
        rows: [
          { office_id: 'A', key: 'self', n: 4 },
          { office_id: 'B', key: 'self', n: 90 },
        ],
        threshold: 10,
      });
      linkTotals([g, c]);
      assert.equal(viewOf(g, 'A').total, viewOf(c, 'A').total);
      assert.equal(viewOf(g, 'all').total, viewOf(c, 'all').total);
      assert.equal(viewOf(c, 'A').total, null);
    });

    it('the page shows "fewer than 10" and never a record', async () => {
      const res = await env.app.inject({ url: `/staff/dashboards?office=AA&${q}`, headers: { cookie: analyst.cookie } });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.match(res.body, /fewer than 10/);
      assert.match(res.body, /<svg/);
      assert.match(res.body, /<a href="\/staff">Open my work<\/a>/, 'the working view is one link away');
      assert.match(res.body, /<table class="figures"/);
      for (const n of caseNumbers.slice(0, 50)) assert.ok(!res.body.includes(n), 'no case number');
      assert.ok(!res.body.includes('/staff/cases/'), 'no link to a case');
      // The office view of A never shows 3 for transgender women, and the page carries no hidden count.
      const section = res.body.slice(res.body.indexOf('id="figure-gender"'), res.body.indexOf('id="figure-ageBand"'));
      assert.ok(section.includes('fewer than 10'));
      assert.ok(!/<td class="numeric">3<\/td>/.test(section));
    });

    it('the CTDC export page names its generalisation levels in the reader language (issue 21)', async () => {
      await env.ctx.db.updateTable('users').set({ locale: 'fr' }).execute();
      try {
        const res = await env.app.inject({ url: `/staff/dashboards/ctdc-export?office=AA&format=global-kanon&k=11`, headers: { cookie: analyst.cookie } });
        assert.equal(res.statusCode, 200);
        assert.doesNotMatch(res.body, /<td[^>]*>(removed|year|wide age band|as recorded)<\/td>/);
        assert.match(res.body, /<td[^>]*>(supprimé|année|tranche d&#39;âge large|tranche d'âge large|tel qu&#39;enregistré|tel qu'enregistré|tranche de 5 ans|pays)<\/td>/);
      } finally {
        await env.ctx.db.updateTable('users').set({ locale: 'en' }).execute();
      }
    });

    it('the same figures for all offices and per office are consistent with one protected table', async () => {
      const res = await env.app.inject({ url: `/staff/dashboards?office=all&${q}`, headers: { cookie: analyst.cookie } });
      assert.equal(res.statusCode, 200);
      const section = res.body.slice(res.body.indexOf('id="figure-gender"'), res.body.indexOf('id="figure-ageBand"'));
      const resB = await env.app.inject({ url: `/staff/dashboards?office=BB&${q}`, headers: { cookie: analyst.cookie } });
      const sectionB = resB.body.slice(resB.body.indexOf('id="figure-gender"'), resB.body.indexOf('id="figure-ageBand"'));
      const tfAll = /Transgender female<\/th><td class="numeric">(.*?)<\/td>/.exec(section)?.[1];
      const tfB = /Transgender female<\/th><td class="numeric">(.*?)<\/td>/.exec(sectionB)?.[1];
      assert.ok(tfAll !== undefined && tfB !== undefined, 'both views list the category');
      // 23 for all offices and 20 for B would give A's 3: at least one of them is hidden.
      assert.ok(tfAll.includes('hidden') || tfB.includes('hidden'), `all ${tfAll}, B ${tfB}: one of them hidden`);
      // A hidden cell never claims "fewer than 10": B's may hold 20 (hidden to protect A's 3).
      assert.ok(!tfAll.includes('fewer than') && !tfB.includes('fewer than'));
    });

    it('CSV and XLSX downloads carry the protected figures only', async () => {
      const csv = await env.app.inject({ url: `/staff/dashboards/figures.csv?office=AA&${q}`, headers: { cookie: analyst.cookie } });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.match(csv.body, /fewer than 10/);
      assert.match(csv.body, /Cases opened by gender,Female,30/);
      for (const n of caseNumbers) assert.ok(!csv.body.includes(n));
      const one = await env.app.inject({ url: `/staff/dashboards/figures/gender.csv?office=AA&${q}`, headers: { cookie: analyst.cookie } });
      assert.equal(one.statusCode, 200);
      assert.match(one.body, /Female,30/);
      const xlsx = await env.app.inject({ url: `/staff/dashboards/figures.xlsx?office=AA&${q}`, headers: { cookie: analyst.cookie } });
      assert.equal(xlsx.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.worksheets.find((w) => w.name.startsWith('Cases opened by gender'));
      assert.ok(sheet);
      const values = sheet.getSheetValues().flat().map(String);
      assert.ok(values.includes('fewer than 10'));
      assert.ok(!values.includes('3'));
    });

    it('says on the export page what may be left out and which variable was removed, and why', async () => {
      const s = sessions.get('analyst') as Signed;
      const res = await env.app.inject({ url: '/staff/dashboards/ctdc-export?office=AA&format=global-kanon&k=11', headers: { cookie: s.cookie } });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /id="ctdc-removal"/);
      assert.match(res.body, /before a variable is removed from every record/);
      assert.match(res.body, /Removed from every record:|No variable was removed entirely\./);
    });

    it('every dashboard and export route × every role: analysts and supervisors see aggregates, only analysts export', async () => {
      const routes: Array<[string, 'view' | 'exchange']> = [
        [`/staff/dashboards?${q}`, 'view'],
        [`/staff/dashboards/figures.csv?${q}`, 'view'],
        [`/staff/dashboards/figures.xlsx?${q}`, 'view'],
        [`/staff/dashboards/figures/gender.csv?${q}`, 'view'],
        ['/staff/dashboards/ctdc-export', 'exchange'],
        ['/staff/dashboards/ctdc-export?office=AA&format=global-kanon&k=11', 'exchange'],
        ['/staff/dashboards/ctdc-export.csv?office=AA&format=global-kanon&k=11', 'exchange'],
        ['/staff/dashboards/ctdc-export-report.txt?office=AA&format=global-synthetic-2024&k=11', 'exchange'],
      ];
      for (const [url, need] of routes) {
        const anon = await env.app.inject({ url });
        assert.ok([302, 303, 401].includes(anon.statusCode), `${url} anonymous: ${anon.statusCode}`);
        for (const role of ROLES) {
          const s = sessions.get(role) as Signed;
          const res = await env.app.inject({ url, headers: { cookie: s.cookie } });
          const allowed = need === 'view' ? role === 'analyst' || role === 'supervisor' : role === 'analyst';
          assert.equal(res.statusCode, allowed ? 200 : 403, `${url} as ${role}`);
          if (allowed) {
            const body = res.rawPayload.toString('latin1');
            for (const n of caseNumbers) assert.ok(!body.includes(n), `${url} as ${role}: case number`);
            const ids = await env.ctx.db.selectFrom('cases').select('id').limit(40).execute();
            for (const { id } of ids) assert.ok(!body.includes(id), `${url} as ${role}: case id`);
            assert.ok(!body.includes('Test case_worker'), 'no staff name');
          }
        }
      }
      const routesSeen = [...env.app.routeAccess.values()].filter((r) => r.url.startsWith('/staff/dashboards'));
      for (const r of routesSeen) {
        const permission = (r.access as { permission?: string }).permission;
        assert.ok(permission === 'stats.view' || permission === 'ctdc.exchange', `${r.url}: ${permission}`);
      }
    });

    it('an office the user does not work for is not found, on the page and in the export', async () => {
      const supervisor = sessions.get('supervisor') as Signed;
      const res = await env.app.inject({ url: `/staff/dashboards?office=BB&${q}`, headers: { cookie: supervisor.cookie } });
      assert.equal(res.statusCode, 404);
      const ex = await env.app.inject({
        url: '/staff/dashboards/ctdc-export.csv?office=BB&format=global-kanon&k=11',
        headers: { cookie: (sessions.get('analyst') as Signed).cookie },
      });
      assert.ok([400, 404].includes(ex.statusCode));
    });

    it('periods are whole months, checked with a localised message, and a change shows at once', async () => {
      const get = (query: string) => env.app.inject({ url: `/staff/dashboards?office=BB&${query}`, headers: { cookie: analyst.cookie } });
      const femaleIn = (body: string) => /Female<\/th><td class="numeric">(.*?)<\/td>/.exec(body.slice(body.indexOf('id="figure-gender"')))?.[1];
      // A date stands for its month: the same figures as the months.
      const byDates = await get('from=2025-01-01&to=2025-12-31');
      const byMonths = await get('from=2025-01&to=2025-12');
      assert.equal(byMonths.statusCode, 200);
      assert.equal(femaleIn(byMonths.body), '40');
      assert.equal(femaleIn(byDates.body), femaleIn(byMonths.body));
      assert.match(byMonths.body, /January 2025 – December 2025/);
      assert.match(byMonths.body, /type="month"/);
      // Months outside the cases' own (they were all opened in 2025) count nothing.
      assert.doesNotMatch((await get('from=2024-01&to=2024-12')).body, /Female<\/th><td class="numeric">40/);
      // Staff pages speak the user's own language (English here); every catalog has these messages (i18n test).
      const wrongOrder = await get('from=2025-06&to=2025-01');
      assert.equal(wrongOrder.statusCode, 400);
      assert.match(wrongOrder.body, /The last month of the period must be on or after its first/);
      assert.match(wrongOrder.body, /<option value="BB" selected>/, 'the office chosen is kept');
      const notAMonth = await get('from=2025-13&to=2025-12');
      assert.equal(notAMonth.statusCode, 400);
      assert.match(notAMonth.body, /Enter a month as year-month, for example 2026-01/);
      // A new case in office B is counted on the next request: the cached figures are stale as soon as a count moves.
      await casesWithGender(env, officeB, { Feminine: 1 }, 5000);
      assert.equal(femaleIn((await get('from=2025-01&to=2025-12')).body), '41');
    });

    it('bad period and office parameters are never a server error', async () => {
      const text = fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('2025-02-30', '0000-01-01', '9999-12-31', '2025-13-01', '', 'all', 'AA', '2026-01-01', '../x', '%00'),
      );
      await fc.assert(
        fc.asyncProperty(text, text, text, text, async (office, from, to, k) => {
          const params = new URLSearchParams({ office, from, to }).toString();
          for (const url of [
            `/staff/dashboards?${params}`,
            `/staff/dashboards/figures.csv?${params}`,
            `/staff/dashboards/ctdc-export?${new URLSearchParams({ office, format: from, k })}`,
          ]) {
            const res = await env.app.inject({ url, headers: { cookie: analyst.cookie } });
            assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
          }
        }),
        { numRuns: 40 },
      );
    });

    it('pages in four languages have no missing key, Arabic right to left', async () => {
      for (const locale of ['en', 'fr', 'es', 'ar']) {
        const u = await createUser(env.ctx, { roles: ['analyst'], officeId: officeA, locale });
        const s = await sessionFor(env.ctx, u.id);
        for (const url of [`/staff/dashboards?${q}`, '/staff/dashboards/ctdc-export?office=AA&format=global-kanon&k=11', '/staff/dashboards?from=x']) {
          const res = await env.app.inject({ url, headers: { cookie: s.cookie } });
          assert.ok(res.statusCode === 200 || res.statusCode === 400, `${locale} ${url}: ${res.statusCode}`);
          assert.ok(!res.body.includes('⟦'), `${locale} ${url}: ${/⟦[^⟧]*⟧/.exec(res.body)?.[0]}`);
          if (locale === 'ar') assert.match(res.body, /dir="rtl"/);
        }
      }
    });

    it('facts of cases recorded through the case record are derived from the encrypted context', async () => {
      const id = newId();
      const now = '2025-06-01T10:00:00.000Z';
      await env.ctx.db
        .insertInto('cases')
        .values({
          id,
          office_id: officeA,
          case_number: 'AA-2025-99999',
          cas_status: 'Active',
          stage: 'assessment',
          owner_id: null,
          source: 'self',
          report_id: null,
          prs_gender: 'Masculine',
          prs_citizenship: '["NG"]',
          age_status: 'documented',
          identity_enc: await env.ctx.keys.encrypt(officeA, { firstName: 'Invented', birthDate: '2010-03-01' }, { aad: `cases.identity:${id}` }),
          contact_enc: null,
          health_enc: null,
          testimony_enc: null,
          context_enc: await env.ctx.keys.encrypt(officeA, { exploitationTypes: ['ForcedBegging'], methodsOfControl: ['DebtBondage'], industry: 'I56 restaurant', exploitationPlace: 'it' }, { aad: `cases.context:${id}` }),
          cas_reason_for_case_closure: null,
          opened_at: now,
          closed_at: null,
          created_at: now,
          updated_at: nowIso(),
        })
        .execute();
      const res = await env.app.inject({ url: `/staff/dashboards?office=AA&${q}`, headers: { cookie: analyst.cookie } });
      assert.equal(res.statusCode, 200);
      const fact = await env.ctx.db.selectFrom('case_facts').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(fact.age_band, '9--17');
      assert.equal(fact.labour_sector, 'Hospitality');
      assert.equal(fact.exploitation_country, 'IT');
      assert.equal(fact.exploitation_codes, 'ForcedBegging');
      const codes = await env.ctx.db.selectFrom('case_fact_codes').select(['dim', 'code']).where('case_id', '=', id).orderBy('dim').execute();
      assert.deepEqual(codes, [
        { dim: 'control', code: 'DebtBondage' },
        { dim: 'exploitation', code: 'ForcedBegging' },
      ]);
    });

    it('the CTDC export of generated cases is k-anonymous, checked independently of the engine', async () => {
      const office = await createOffice(env.ctx, 'KA', 'TN');
      const r = rng(11);
      const items = Array.from({ length: 800 }, (_, i) =>
        syntheticCase(r, { id: office, code: 'KA', country: 'TN' }, { seq: i + 1, start: Date.parse('2023-01-01T00:00:00Z'), spanDays: 900 }),
      );
      await insertSynthetic(env.ctx.db, items);
      for (const schema of ['global-kanon', 'global-synthetic-2024'] as const) {
        for (const k of [5, 11, 25]) {
          const e = await exportOffices(env.ctx, [office], { schema, k });
          assert.ok(e.rows.length > 0, `${schema} k=${k}: rows`);
          assert.equal(e.report.inputRows, 800);
          const qis = ctdcQuasiIdentifiers(schema).map((x) => x.column);
          assert.deepEqual(kAnonymityViolations(e, qis, k), []);
          // Independent count of every combination.
          const idx = qis.map((c) => e.header.indexOf(c));
          const counts = new Map<string, number>();
          for (const row of e.rows) {
            const key = JSON.stringify(idx.map((i) => row[i]));
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
          for (const [key, n] of counts) assert.ok(n >= k, `${schema} k=${k}: ${key} appears ${n} times`);
          assert.equal(e.report.inputRows, e.report.outputRows + e.report.suppressedRows);
          const text = JSON.stringify(e.rows);
          for (const it of items.slice(0, 50)) assert.ok(!text.includes(it.row.case_number as string) && !text.includes(it.row.id));
        }
      }
      // The command line: export-ctdc --office KA --format global-kanon --k 11 --out FILE.
      const out = join(mkdtempSync(join(tmpdir(), 'abri-ctdc-')), 'ka.csv');
      const log = console.log;
      const error = console.error;
      console.log = () => undefined;
      console.error = () => undefined;
      try {
        assert.equal(await exportCtdcCommand.run(env.ctx, { values: { office: 'KA', format: 'global-kanon', k: '11', out }, positionals: [] }), 0);
        assert.equal(await exportCtdcCommand.run(env.ctx, { values: { office: 'KA', format: 'nonsense' }, positionals: [] }), 1);
        assert.equal(await exportCtdcCommand.run(env.ctx, { values: { office: 'KA', k: '1' }, positionals: [] }), 1);
      } finally {
        console.log = log;
        console.error = error;
      }
      const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
      const header = (lines[0] as string).split(',');
      const idx = ctdcQuasiIdentifiers('global-kanon').map((x) => header.indexOf(x.column));
      const combos = new Map<string, number>();
      for (const line of lines.slice(1)) {
        const cells = line.split(',');
        const key = idx.map((i) => cells[i]).join('|');
        combos.set(key, (combos.get(key) ?? 0) + 1);
      }
      assert.ok(lines.length > 700, `CLI export: ${lines.length} lines`);
      for (const [key, n] of combos) assert.ok(n >= 11, `CLI export: ${key} appears ${n} times`);
      const res = await env.app.inject({
        url: '/staff/dashboards/ctdc-export?office=KA&format=global-kanon&k=11',
        headers: { cookie: (sessions.get('administrator') as Signed).cookie },
      });
      assert.equal(res.statusCode, 403);
    });
  });
}
