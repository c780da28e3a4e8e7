import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createOffice, createTestEnv, DIALECTS, type TestEnv } from '../../test/helper.js';
import { UPLOAD_BUDGET_BYTES } from '../platform/http/upload-budget.js';
import { multipart } from '../../test/support/http.js';
import { submit, submitOk, validReport } from '../../test/support/reports.js';

/** A real JPEG of 9 to 10 MiB (noise does not compress): a phone photo at its largest under MAX_UPLOAD_MB=10. */
async function tenMegabytePhoto(): Promise<Buffer> {
  const [w, h] = [2150, 1560];
  const photo = await sharp(randomBytes(w * h * 3), { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
    .toBuffer();
  assert.ok(photo.length > 9 * 1024 * 1024 && photo.length < 10 * 1024 * 1024, `photo of ${photo.length} bytes`);
  return photo;
}

const reportCount = async (env: TestEnv) =>
  Number(
    (
      await env.ctx.db
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const dialect of DIALECTS) {
  describe(`uploads in flight share one budget of ${UPLOAD_BUDGET_BYTES / 1024 / 1024} MB (${dialect})`, () => {
    let env: TestEnv;
    let photo: Buffer;
    before(async () => {
      env = await createTestEnv(dialect);
      await createOffice(env.ctx, 'TN', 'TN');
      photo = await tenMegabytePhoto();
    });
    after(async () => {
      await env.close();
    });

    test('a 10 MB photo is accepted (and cleaned) when the server is otherwise idle', async () => {
      const { id } = await submitOk(env, validReport(), [{ name: 'files', filename: 'photo.jpg', type: 'image/jpeg', data: photo }]);
      const files = await env.ctx.db.selectFrom('report_files').select('mime').where('report_id', '=', id).execute();
      assert.deepEqual(
        files.map((f) => f.mime),
        ['image/jpeg'],
      );
    });

    test('past the budget: a localised 429 with Retry-After before the body is read, nothing created; accepted again once it ends', async () => {
      // An upload in flight that declares 20 MB and is still being sent.
      const slow = new PassThrough();
      const held = multipart(validReport());
      const inFlight = env.app.inject({
        method: 'POST',
        url: '/en/report',
        payload: slow,
        headers: { ...held.headers, 'content-length': String(20 * 1024 * 1024) },
      });
      slow.write(held.payload.subarray(0, 100));
      await new Promise((r) => setTimeout(r, 50));
      const before = await reportCount(env);
      for (const locale of ['en', 'fr', 'ar', 'es']) {
        const refused = await submit(env, validReport(), [{ name: 'files', filename: 'photo.jpg', type: 'image/jpeg', data: photo }], locale);
        assert.equal(refused.statusCode, 429, `${locale}: ${refused.body.slice(0, 300)}`);
        assert.ok(Number(refused.headers['retry-after']) > 0, 'says when to try again');
        assert.match(refused.body, /<html[^>]+lang="(en|fr|ar|es)"/);
        assert.ok(refused.body.includes(`lang="${locale}"`), `${locale} page`);
      }
      assert.equal(await reportCount(env), before, 'nothing half-created');
      // A small report still fits next to the upload in flight.
      await submitOk(env, validReport());
      // The upload in flight ends (here: cut short, a client error); its share of the budget is given back.
      slow.end();
      const ended = await inFlight;
      assert.ok(ended.statusCode >= 400 && ended.statusCode < 500, `cut-short upload → ${ended.statusCode}`);
      await submitOk(env, validReport(), [{ name: 'files', filename: 'photo.jpg', type: 'image/jpeg', data: photo }]);
    });
  });
}
