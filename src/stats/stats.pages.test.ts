import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { DIALECTS, FORM, type Signed, type TestEnv, createOffice, createTestEnv, createUser, form, sessionFor } from '../../test/helper.js';
import { ctdcFile } from './ctdc/fixtures.js';
import { listDatasets } from './stats.repository.js';

const BOUNDARY = '----abri-test-boundary';

/** A multipart/form-data body with text fields and one file. */
function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer }): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    );
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}
const MULTIPART = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

for (const dialect of DIALECTS) {
  describe(`CTDC reference pages (${dialect})`, () => {
    let env: TestEnv;
    let analyst: Signed;
    let supervisor: Signed;
    let caseWorker: Signed;
    let datasetId: string;

    before(async () => {
      env = await createTestEnv(dialect);
      const office = await createOffice(env.ctx);
      analyst = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['analyst'], officeId: office })).id);
      supervisor = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['supervisor'], officeId: office })).id);
      caseWorker = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['case_worker'], officeId: office })).id);
    });
    after(async () => {
      await env.close();
    });

    it('every statistics route requires stats.view or ctdc.exchange', () => {
      const routes = [...env.app.routeAccess.values()].filter((r) => r.url.startsWith('/staff/stats'));
      assert.ok(routes.length >= 5);
      for (const r of routes) {
        assert.equal(typeof r.access, 'object', `${r.method} ${r.url}`);
        const permission = (r.access as { permission: string }).permission;
        assert.ok(['stats.view', 'ctdc.exchange'].includes(permission), `${r.method} ${r.url}: ${permission}`);
        if (r.method === 'POST') assert.equal(permission, 'ctdc.exchange');
      }
    });

    it('an analyst imports the victim-perpetrator file through the page and is sent to its figures', async () => {
      const body = multipart(
        { _csrf: analyst.csrf, name: 'CTDC VP 2022' },
        { name: 'ctdc-vp-synthetic-2022.csv', bytes: readFileSync(ctdcFile('ctdc-vp-synthetic-2022.csv')) },
      );
      const res = await env.app.inject({ method: 'POST', url: '/staff/stats/reference', headers: { cookie: analyst.cookie, ...MULTIPART }, payload: body });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const ds = await listDatasets(env.ctx.db);
      const found = ds.find((d) => d.name === 'CTDC VP 2022');
      assert.ok(found);
      assert.equal(found.rows_imported, 21195);
      assert.equal(found.imported_by !== null, true);
      datasetId = found.id;
      assert.equal(res.headers.location, `/staff/stats/reference/${datasetId}`);
    });

    for (const locale of ['en', 'fr', 'es', 'ar']) {
      it(`shows charts and tables of the figures, small counts hidden (${locale})`, async () => {
        const res = await env.app.inject({
          method: 'GET',
          url: `/staff/stats/reference/${datasetId}?lang=${locale}`,
          headers: { cookie: analyst.cookie, 'accept-language': locale },
        });
        assert.equal(res.statusCode, 200);
        assert.ok(!res.body.includes('⟦'), `untranslated key: ${/⟦[^⟧]+⟧/.exec(res.body)?.[0]}`);
        assert.ok((res.body.match(/<svg class="chart-svg"/g) ?? []).length >= 10, 'one chart per variable');
        assert.ok((res.body.match(/<table class="figures"/g) ?? []).length >= 10, 'one table per chart');
        assert.ok(res.body.includes('role="img"'));
      });
    }

    it('hides the small counts of the official figures (IP_ageBroad "30--38;48+" is 3) in the page and the CSV', async () => {
      const page = await env.app.inject({ method: 'GET', url: `/staff/stats/reference/${datasetId}`, headers: { cookie: analyst.cookie } });
      const row = /<th scope="row"><bdi dir="ltr">30–38 \+ 48\+<\/bdi><\/th><td class="numeric">(.*?)<\/td>/.exec(page.body);
      assert.ok(row, 'the row is listed');
      assert.match(row[1] as string, /hidden/);
      const csv = await env.app.inject({
        method: 'GET',
        url: `/staff/stats/reference/${datasetId}/figures/perpetratorAge.csv`,
        headers: { cookie: analyst.cookie },
      });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment/);
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      assert.equal(lines[0], 'Age of the perpetrators,People');
      assert.ok(lines.includes('30–38 + 48+,hidden'));
      assert.ok(lines.includes('30–38,1196'));
      // Published cells never include a count under 10.
      for (const line of lines.slice(1)) {
        const n = Number(line.split(',').at(-1));
        if (Number.isFinite(n)) assert.ok(n >= 10, line);
      }
    });

    it('downloads every figure as an Excel workbook, one sheet per variable', async () => {
      const res = await env.app.inject({ method: 'GET', url: `/staff/stats/reference/${datasetId}/figures.xlsx`, headers: { cookie: supervisor.cookie } });
      assert.equal(res.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      assert.ok(wb.worksheets.length >= 10);
      const gender = wb.getWorksheet('Gender');
      assert.ok(gender);
      assert.deepEqual([gender.getRow(2).getCell(1).value, gender.getRow(2).getCell(2).value], ['Female', 9589]);
    });

    it('a supervisor sees the figures but cannot import; a case worker sees nothing; a visitor is sent to sign in', async () => {
      assert.equal((await env.app.inject({ method: 'GET', url: '/staff/stats/reference', headers: { cookie: supervisor.cookie } })).statusCode, 200);
      const page = await env.app.inject({ method: 'GET', url: '/staff/stats/reference', headers: { cookie: supervisor.cookie } });
      assert.ok(!page.body.includes('id="ctdc-import"'), 'no import form without ctdc.exchange');
      const post = await env.app.inject({
        method: 'POST',
        url: '/staff/stats/reference',
        headers: { cookie: supervisor.cookie, ...MULTIPART },
        payload: multipart({ _csrf: supervisor.csrf }, { name: 'x.csv', bytes: Buffer.from('a,b\n') }),
      });
      assert.equal(post.statusCode, 403);
      for (const url of [
        '/staff/stats/reference',
        `/staff/stats/reference/${datasetId}`,
        `/staff/stats/reference/${datasetId}/figures/gender.csv`,
        `/staff/stats/reference/${datasetId}/figures.xlsx`,
      ]) {
        assert.equal((await env.app.inject({ method: 'GET', url, headers: { cookie: caseWorker.cookie } })).statusCode, 403, url);
        const anon = await env.app.inject({ method: 'GET', url });
        assert.equal(anon.statusCode, 303, url);
        assert.match(String(anon.headers.location), /^\/staff\/sign-in/);
      }
    });

    it('an analyst only ever gets aggregates: no route gives a record, unknown ids and figure names are 404', async () => {
      for (const url of [
        `/staff/stats/reference/${datasetId}/records`,
        `/staff/stats/reference/${datasetId}/figures/line_no.csv`,
        `/staff/stats/reference/${datasetId}/figures/..%2F..%2Fetc.csv`,
        '/staff/stats/reference/not-an-id',
        '/staff/stats/reference/01900000-0000-7000-8000-000000000000',
      ]) {
        const res = await env.app.inject({ method: 'GET', url, headers: { cookie: analyst.cookie } });
        assert.equal(res.statusCode, 404, url);
      }
      const csv = await env.app.inject({ method: 'GET', url: `/staff/stats/reference/${datasetId}/figures/gender.csv`, headers: { cookie: analyst.cookie } });
      // Categories and the total, nothing per record.
      assert.equal(csv.body.trim().split('\r\n').length, 1 + 3 + 1);
    });

    it('a broken upload is refused with the line and column, status 400, nothing imported', async () => {
      const before = (await listDatasets(env.ctx.db)).length;
      const res = await env.app.inject({
        method: 'POST',
        url: '/staff/stats/reference',
        headers: { cookie: analyst.cookie, ...MULTIPART },
        payload: multipart(
          { _csrf: analyst.csrf },
          {
            name: 'bad.csv',
            bytes: Buffer.from(
              'yearRegister,gender,majorityStatus,isForcedLabour,isSexualExploit,UN_COO_Region,UN_COE_Region,IP_Exploiter,IP_Gender,IP_ageBroad,IP_citizen_UNRegion,IP_Relation,IP_PayMoney,IP_RecruiterBroker,IP_TransactionProcess,IP_ControlAbuseKidnap\n2019,Female,Adult,1,,Europe,Mars,,,,,,,,,\n',
            ),
          },
        ),
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Line 2, column 7 \(UN_COE_Region\)/);
      assert.equal((await listDatasets(env.ctx.db)).length, before);
      const none = await env.app.inject({
        method: 'POST',
        url: '/staff/stats/reference',
        headers: { cookie: analyst.cookie, ...MULTIPART },
        payload: multipart({ _csrf: analyst.csrf }),
      });
      assert.equal(none.statusCode, 400);
    });

    it('an analyst removes a data set; a supervisor cannot; the removal is audited', async () => {
      const body = multipart({ _csrf: analyst.csrf, name: 'to remove' }, { name: 'x.csv', bytes: Buffer.from('yearRegister,IP_Exploiter\n2019,1\n') });
      const res = await env.app.inject({ method: 'POST', url: '/staff/stats/reference', headers: { cookie: analyst.cookie, ...MULTIPART }, payload: body });
      assert.equal(res.statusCode, 303);
      const id = String(res.headers.location).split('/').at(-1) as string;
      const denied = await env.app.inject({
        method: 'POST',
        url: `/staff/stats/reference/${id}/delete`,
        headers: { cookie: supervisor.cookie, ...FORM },
        payload: form({ _csrf: supervisor.csrf }),
      });
      assert.equal(denied.statusCode, 403);
      const done = await env.app.inject({
        method: 'POST',
        url: `/staff/stats/reference/${id}/delete`,
        headers: { cookie: analyst.cookie, ...FORM },
        payload: form({ _csrf: analyst.csrf }),
      });
      assert.equal(done.statusCode, 303);
      assert.equal(
        (await listDatasets(env.ctx.db)).some((d) => d.id === id),
        false,
      );
      const events = await env.ctx.db.selectFrom('audit_events').select(['type']).where('subject_id', '=', id).execute();
      assert.deepEqual(events.map((e) => e.type).sort(), ['ctdc.deleted', 'ctdc.imported']);
      const again = await env.app.inject({
        method: 'POST',
        url: `/staff/stats/reference/${id}/delete`,
        headers: { cookie: analyst.cookie, ...FORM },
        payload: form({ _csrf: analyst.csrf }),
      });
      assert.equal(again.statusCode, 404);
    });

    it('random bytes and random fields never cause a server error', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.string({ maxLength: 300 }), async (bytes, name) => {
          const res = await env.app.inject({
            method: 'POST',
            url: '/staff/stats/reference',
            headers: { cookie: analyst.cookie, ...MULTIPART },
            payload: multipart({ _csrf: analyst.csrf, name }, { name: 'random.csv', bytes: Buffer.from(bytes) }),
          });
          assert.ok(res.statusCode < 500, `status ${res.statusCode}`);
        }),
        { numRuns: 40 },
      );
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 60 }), async (segment) => {
          const res = await env.app.inject({
            method: 'GET',
            url: `/staff/stats/reference/${encodeURIComponent(segment)}`,
            headers: { cookie: analyst.cookie },
          });
          assert.ok(res.statusCode < 500, `status ${res.statusCode}`);
        }),
        { numRuns: 40 },
      );
    });
  });
}
