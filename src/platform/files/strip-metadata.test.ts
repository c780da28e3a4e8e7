import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileTypeFromBuffer } from 'file-type';
import { PDFDocument } from 'pdf-lib';
import { createOffice, createTestEnv, DIALECTS, type TestEnv } from '../../../test/helper.js';
import { readFile } from '../../reports/attachments.js';
import { hashReceiptCode } from '../../reports/receipt.js';
import { validReport } from '../../../test/support/reports.js';
import { multipart } from '../../../test/support/http.js';
import { cleanPdf } from './pdf-clean.js';
import { cleanPdfIsolated, pdfWorkerIdle, pdfWorkerRunning } from './pdf-isolated.js';
import { stripMp3Tags, stripWav } from './strip-metadata.js';
import { mp3WithTags, pdfWithMetadata, SECRETS, wavWithInfo } from '../../../test/support/files.js';

const SECRET_VALUES = Object.values(SECRETS);

function leftovers(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  const out = SECRET_VALUES.filter((s) => text.includes(s));
  if (/\/Prev\b/.test(text)) out.push('/Prev (an earlier revision)');
  if ((text.match(/%%EOF/g) ?? []).length > 1) out.push('more than one %%EOF');
  if (/\/Info\b/.test(text)) out.push('/Info');
  if (/\/Metadata\b/.test(text)) out.push('/Metadata');
  return out;
}

describe('removing hidden data from files', () => {
  it('the test files really carry author, tool, GPS and an earlier revision', async () => {
    const pdf = await pdfWithMetadata();
    assert.deepEqual(
      leftovers(pdf).sort(),
      [...SECRET_VALUES.filter((s) => s !== SECRETS.tags), '/Prev (an earlier revision)', 'more than one %%EOF', '/Info', '/Metadata'].sort(),
    );
    assert.equal((await PDFDocument.load(pdf)).getPageCount(), 1);
    for (const s of [SECRETS.author, SECRETS.tool, SECRETS.gps, SECRETS.tags]) assert.ok(mp3WithTags().toString('latin1').includes(s), s);
    for (const s of [SECRETS.author, SECRETS.tool, SECRETS.gps]) assert.ok(wavWithInfo().toString('latin1').includes(s), s);
  });

  it('rebuilds a PDF from its pages: no Info, no XMP, no earlier revision, the page kept', async () => {
    const clean = await cleanPdf(await pdfWithMetadata());
    assert.deepEqual(leftovers(clean), []);
    const doc = await PDFDocument.load(clean, { updateMetadata: false });
    assert.equal(doc.getPageCount(), 1);
    assert.deepEqual(doc.getPage(0).getSize(), { width: 300, height: 200 });
    assert.equal(doc.getAuthor(), undefined);
    assert.equal(doc.getProducer(), undefined);
  });

  it('cleans PDFs in a worker thread that ends when idle; the next PDF starts a new one and is cleaned the same', async () => {
    const idle = pdfWorkerIdle.ms;
    pdfWorkerIdle.ms = 100;
    try {
      const first = await cleanPdfIsolated(await pdfWithMetadata());
      assert.deepEqual(leftovers(first), []);
      assert.equal(pdfWorkerRunning(), true, 'kept while PDFs may follow');
      const until = Date.now() + 5_000;
      while (pdfWorkerRunning() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.equal(pdfWorkerRunning(), false, 'ended after being idle');
      const again = await Promise.all([cleanPdfIsolated(await pdfWithMetadata()), cleanPdfIsolated(await pdfWithMetadata())]);
      for (const clean of again) {
        assert.deepEqual(leftovers(clean), []);
        assert.equal((await PDFDocument.load(clean, { updateMetadata: false })).getPageCount(), 1);
      }
      await assert.rejects(cleanPdfIsolated(Buffer.from('%PDF-1.4\n%%EOF\n')), /pdf-unreadable/);
    } finally {
      pdfWorkerIdle.ms = idle;
    }
  });

  it('strips ID3v2, ID3v1 tags from MP3 and INFO chunks from WAV, leaving playable audio', async () => {
    const mp3 = stripMp3Tags(mp3WithTags());
    assert.deepEqual(leftovers(mp3), []);
    assert.equal(mp3[0], 0xff);
    assert.equal((await fileTypeFromBuffer(mp3))?.mime, 'audio/mpeg');
    const wav = stripWav(wavWithInfo());
    assert.deepEqual(leftovers(wav), []);
    assert.equal((await fileTypeFromBuffer(wav))?.mime, 'audio/wav');
    assert.equal(wav.readUInt32LE(4), wav.length - 8);
  });
});

for (const dialect of DIALECTS) {
  describe(`attachments are stored without hidden data (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
      await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env.close());

    it("keeps nothing of the author, tool, GPS, tags or earlier revision of a reporter's PDF, MP3 and WAV", async () => {
      const body = multipart(validReport(), [
        { name: 'files', filename: 'letter.pdf', type: 'application/pdf', data: await pdfWithMetadata() },
        { name: 'files', filename: 'voice.mp3', type: 'audio/mpeg', data: mp3WithTags() },
        { name: 'files', filename: 'voice.wav', type: 'audio/wav', data: wavWithInfo() },
      ]);
      const res = await env.app.inject({ method: 'POST', url: '/en/report', payload: body.payload, headers: body.headers });
      assert.equal(res.statusCode, 200, res.body.slice(0, 1500));
      const code = (/data-receipt-code[^>]*>(\d{4} \d{4} \d{4} \d{4})</.exec(res.body)?.[1] ?? '').replace(/ /g, '');
      const report = await env.ctx.db
        .selectFrom('reports')
        .selectAll()
        .where('receipt_hash', '=', await hashReceiptCode(env.ctx, code))
        .executeTakeFirstOrThrow();
      const files = await env.ctx.db.selectFrom('report_files').selectAll().where('report_id', '=', report.id).execute();
      assert.equal(files.length, 3);
      const officeId = report.office_id;
      assert.ok(officeId, 'the report went to the office');
      for (const f of files) {
        const plain = await readFile(env.ctx, officeId, f.id);
        assert.deepEqual(leftovers(plain), [], f.mime);
      }
    });

    it('refuses recordings it cannot clean, and password-protected or broken PDFs, saying what is accepted', async () => {
      const ogg = Buffer.concat([Buffer.from('OggS\u0000\u0002', 'latin1'), Buffer.alloc(22), Buffer.from('\u0001\u0013OpusHead', 'latin1'), Buffer.alloc(40)]);
      const body = multipart(validReport(), [{ name: 'files', filename: 'voice.ogg', type: 'audio/ogg', data: ogg }]);
      const res = await env.app.inject({ method: 'POST', url: '/fr/report', payload: body.payload, headers: body.headers });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /MP3, WAV ou AMR/);
      const broken = multipart(validReport(), [{ name: 'files', filename: 'a.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') }]);
      const r2 = await env.app.inject({ method: 'POST', url: '/en/report', payload: broken.payload, headers: broken.headers });
      assert.equal(r2.statusCode, 400);
      assert.match(r2.body, /could not be read/);
    });

    it('says on the form which kinds are accepted and that hidden data is removed', async () => {
      const page = await env.app.inject({ method: 'GET', url: '/en/report' });
      assert.match(page.body, /MP3, WAV or AMR/);
      assert.match(page.body, /Hidden details are removed/);
      assert.doesNotMatch(page.body, /accept="[^"]*audio\/\*/);
    });
  });
}
