import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS, type TestEnv, createOffice, createTestEnv } from '../../test/helper.js';
import * as rollupMigration from '../platform/db/migrations/20261128T100000-dashboard-rollup.js';
import { newId } from '../platform/ids.js';
import { Cube, currentCounts, monthRuns, refreshCounts } from './rollup.js';
import { SOURCES, addMonths } from './rollup.sources.js';
import { countsFor } from './rollup.repository.js';
import { type SyntheticOffice, rng, syntheticCase } from './synthetic.js';
import { insertSynthetic } from './synthetic.repository.js';

/**
 * The pre-counted figures must always equal a count from scratch of the tables, whatever was written, moved or
 * deleted in between and whenever the refreshes ran: every step below changes the tables the way the application
 * does (cases opened, closed, reopened, handed over to another office, deleted; services and reports added, changed
 * or removed; facts re-derived), with refreshes at random points, and the counts are compared after each round.
 */

type Tally = Map<string, number>;

/** Counts of every figure from scratch: one grouped query per figure over its whole table. */
async function fromScratch(env: TestEnv, from: string, to: string): Promise<Tally> {
  const tally: Tally = new Map();
  for (const [figure, s] of Object.entries(SOURCES)) {
    const r = await sql<{ office_id: string; key: string; n: number | string }>`
      select ${sql.raw(s.office ?? 't.office_id')} as office_id, coalesce(${sql.raw(s.key(env.dialect))}, '') as key, count(*) as n from ${sql.raw(s.from)}
      where ${sql.raw(s.date)} >= ${from} and ${sql.raw(s.date)} < ${addMonths(to, 1)}${sql.raw(s.where ? ` and ${s.where}` : '')}
      group by ${sql.raw(s.office ?? 't.office_id')}, coalesce(${sql.raw(s.key(env.dialect))}, '')`.execute(env.ctx.db);
    for (const row of r.rows) tally.set(`${figure}|${row.office_id}|${row.key}`, Number(row.n));
  }
  return tally;
}

function fromCube(cube: Cube, officeIds: readonly string[], from: string, to: string): Tally {
  const tally: Tally = new Map();
  for (const c of cube.counts(officeIds, from, to)) tally.set(`${c.figure}|${c.office_id}|${c.key ?? ''}`, c.n);
  return tally;
}

async function fromCounts(env: TestEnv, from: string, to: string): Promise<Tally> {
  const tally: Tally = new Map();
  for (const c of await countsFor(env.ctx.db, { offices: 'all', from, to })) if (c.n !== 0) tally.set(`${c.figure}|${c.office_id}|${c.key ?? ''}`, c.n);
  return tally;
}

function sorted(t: Tally): Array<[string, number]> {
  return [...t.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

describe('dashboard counts: month runs', () => {
  it('joins months at most two apart and keeps the others apart', () => {
    assert.deepEqual(monthRuns(['2025-03', '2025-01', '2025-01', '2025-09', '2025-12', '2026-02']), [
      ['2025-01', '2025-03'],
      ['2025-09', '2026-02'],
    ]);
    assert.deepEqual(monthRuns([]), []);
    assert.equal(addMonths('2025-11', 3), '2026-02');
    assert.equal(addMonths('2025-01', -1), '2024-12');
    assert.equal(addMonths('2025-01', -13), '2023-12');
  });
});

for (const dialect of DIALECTS) {
  describe(`dashboard counts (${dialect})`, () => {
    let env: TestEnv;
    const offices: SyntheticOffice[] = [];

    before(async () => {
      env = await createTestEnv(dialect);
      for (const [code, country] of [
        ['RA', 'TN'],
        ['RB', 'MA'],
        ['RC', 'IT'],
      ] as const)
        offices.push({ id: await createOffice(env.ctx, code, country), code, country });
    });
    after(async () => {
      await env.close();
    });

    it('equal a count from scratch after every kind of change, refreshed at any time', async () => {
      const r = rng(7);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
      const start = Date.parse('2024-01-01T00:00:00Z');
      let seq = 0;
      const make = (n: number) => Array.from({ length: n }, () => syntheticCase(r, pick(offices), { seq: ++seq, start, spanDays: 700 }));
      await insertSynthetic(env.ctx.db, make(150));
      assert.ok((await env.ctx.db.selectFrom('dashboard_dirty').selectAll().execute()).length > 0, 'new rows mark their buckets');
      assert.ok((await refreshCounts(env.ctx)) > 0);
      assert.equal((await env.ctx.db.selectFrom('dashboard_dirty').selectAll().execute()).length, 0, 'a refresh leaves nothing marked');

      const caseIds = async () => (await env.ctx.db.selectFrom('cases').select('id').orderBy('id').execute()).map((c) => c.id);
      const steps: Array<[string, () => Promise<unknown>]> = [
        ['open cases', () => insertSynthetic(env.ctx.db, make(5))],
        [
          'close a case',
          async () => {
            const id = pick(await caseIds());
            await env.ctx.db
              .updateTable('cases')
              .set({ closed_at: '2025-06-15T10:00:00.000Z', cas_reason_for_case_closure: 'support_period_ended', updated_at: new Date().toISOString() })
              .where('id', '=', id)
              .execute();
          },
        ],
        ['reopen a case', async () => env.ctx.db.updateTable('cases').set({ closed_at: null, cas_reason_for_case_closure: null }).where('id', '=', pick(await caseIds())).execute()],
        ['change a gender', async () => env.ctx.db.updateTable('cases').set({ prs_gender: pick(['Feminine', 'Masculine', null]) }).where('id', '=', pick(await caseIds())).execute()],
        [
          'hand a case over to another office (facts follow)',
          async () => {
            const id = pick(await caseIds());
            const to = pick(offices).id;
            await env.ctx.db.updateTable('cases').set({ office_id: to }).where('id', '=', id).execute();
            await env.ctx.db.updateTable('case_facts').set({ office_id: to }).where('case_id', '=', id).execute();
            await env.ctx.db.updateTable('case_fact_codes').set({ office_id: to }).where('case_id', '=', id).execute();
          },
        ],
        ['re-derive facts', async () => env.ctx.db.updateTable('case_facts').set({ age_band: pick(['0--8', '48+', null]) }).where('case_id', '=', pick(await caseIds())).execute()],
        [
          'deliver a first service months later',
          async () => {
            const without = await env.ctx.db
              .selectFrom('cases')
              .select('id')
              .where(({ not, exists, selectFrom }) => not(exists(selectFrom('plan_services as s').select('s.id').whereRef('s.case_id', '=', 'cases.id'))))
              .orderBy('id')
              .execute();
            if (without.length === 0) return;
            const id = pick(without).id;
            const c = await env.ctx.db.selectFrom('cases').select(['office_id', 'opened_at']).where('id', '=', id).executeTakeFirstOrThrow();
            await env.ctx.db
              .insertInto('plan_services')
              .values({
                id: newId(),
                office_id: c.office_id,
                case_id: id,
                service: 'medical',
                // Months after the case was opened: the case's own month changes too (time to first assistance).
                delivered_on: `${addMonths(c.opened_at.slice(0, 7), 2)}-15`,
                created_at: new Date().toISOString(),
                action_id: null,
                referral_id: null,
                organisation_id: null,
                notes_enc: null,
                recorded_by: null,
              })
              .execute();
          },
        ],
        [
          'remove a service',
          async () => {
            const s = await env.ctx.db.selectFrom('plan_services').select('id').orderBy('id').execute();
            if (s.length) await env.ctx.db.deleteFrom('plan_services').where('id', '=', pick(s).id).execute();
          },
        ],
        [
          'close a report',
          async () => {
            const reports = await env.ctx.db.selectFrom('reports').select('id').orderBy('id').execute();
            if (reports.length)
              await env.ctx.db.updateTable('reports').set({ state: 'closed', closure_reason: 'duplicate' }).where('id', '=', pick(reports).id).execute();
          },
        ],
        [
          'delete a case',
          async () => {
            const id = pick(await caseIds());
            await env.ctx.db.deleteFrom('plan_services').where('case_id', '=', id).execute();
            await env.ctx.db.updateTable('reports').set({ case_id: null }).where('case_id', '=', id).execute();
            await env.ctx.db.deleteFrom('cases').where('id', '=', id).execute();
          },
        ],
      ];
      // Another server process's copy of the counts, loaded now and kept current only through the recount log.
      const other = await Cube.load(env.ctx.db);
      const ids = offices.map((o) => o.id);
      const done = new Set<string>();
      for (let round = 0; round < 8; round++) {
        for (let i = 0; i < 12; i++) {
          const [name, step] = pick(steps);
          await step();
          done.add(name);
          if (r() < 0.2) await refreshCounts(env.ctx);
        }
        await refreshCounts(env.ctx);
        for (const [from, to] of [
          ['2023-01', '2027-12'],
          ['2024-03', '2024-11'],
          ['2025-06', '2025-06'],
        ] as const)
        {
          const scratch = sorted(await fromScratch(env, from, to));
          assert.deepEqual(sorted(await fromCounts(env, from, to)), scratch, `table, round ${round}, ${from}..${to}`);
          assert.deepEqual(sorted(fromCube(await currentCounts(env.ctx), ids, from, to)), scratch, `this process, round ${round}, ${from}..${to}`);
          await other.sync(env.ctx.db);
          assert.deepEqual(sorted(fromCube(other, ids, from, to)), scratch, `another process, round ${round}, ${from}..${to}`);
        }
      }
      assert.equal(done.size, steps.length, `every kind of change was tried: ${[...done].join(', ')}`);
    });

    it('count the genders of cases opened per office and month, checked by hand', async () => {
      const cases = await env.ctx.db.selectFrom('cases').select(['office_id', 'opened_at', 'prs_gender']).execute();
      const expected: Tally = new Map();
      for (const c of cases)
        if (c.opened_at >= '2024-05' && c.opened_at < '2024-09') {
          const k = `gender|${c.office_id}|${c.prs_gender ?? ''}`;
          expected.set(k, (expected.get(k) ?? 0) + 1);
        }
      await refreshCounts(env.ctx);
      const got = new Map([...(await fromCounts(env, '2024-05', '2024-08')).entries()].filter(([k]) => k.startsWith('gender|')));
      assert.ok(expected.size > 3);
      assert.deepEqual(sorted(got), sorted(expected));
    });

    it('the migration counts what an older installation already holds', async () => {
      // Undo the migration (its tables and triggers), change data meanwhile, then run it again on the data as it is.
      const tables = ['cases', 'case_facts', 'reports', 'plan_services', 'referrals', 'case_solutions', 'reintegration_surveys'];
      for (const table of tables) {
        if (dialect === 'sqlite') for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger ${table}_dash_${op}`).execute(env.ctx.db);
        else await sql.raw(`drop function ${table}_dash_mark() cascade`).execute(env.ctx.db);
      }
      await sql`drop table dashboard_counts`.execute(env.ctx.db);
      await sql`drop table dashboard_dirty`.execute(env.ctx.db);
      await sql`drop table dashboard_recounts`.execute(env.ctx.db);
      const r = rng(99);
      await insertSynthetic(
        env.ctx.db,
        Array.from({ length: 40 }, (_, i) => syntheticCase(r, offices[i % offices.length] as SyntheticOffice, { seq: 10_000 + i, start: Date.parse('2023-06-01T00:00:00Z'), spanDays: 300 })),
      );
      await rollupMigration.up(env.ctx.db, dialect);
      assert.ok((await refreshCounts(env.ctx)) > 0);
      assert.deepEqual(sorted(await fromCounts(env, '2023-01', '2027-12')), sorted(await fromScratch(env, '2023-01', '2027-12')));
      // And the triggers are back.
      await insertSynthetic(env.ctx.db, [syntheticCase(r, offices[0] as SyntheticOffice, { seq: 20_000, start: Date.parse('2025-02-01T00:00:00Z'), spanDays: 20 })]);
      assert.ok((await refreshCounts(env.ctx)) >= 1);
      assert.deepEqual(sorted(await fromCounts(env, '2023-01', '2027-12')), sorted(await fromScratch(env, '2023-01', '2027-12')));
    });
  });
}
