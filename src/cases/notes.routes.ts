import { Type } from '@sinclair/typebox';
import { IdParams, Ok, op } from '../platform/http/api-schema.js';
import { parseBody } from '../platform/http/forms.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { ValidationError } from '../platform/http/errors.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFormRoute, caseFrame, idParam } from './case-http.js';
import { isClosedStatus } from './case-values.js';
import { NoteBody, NoteCorrectionBody, NoteWithdrawBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { addAttachment, addNote, attachmentsOf, correctNote, notesOf, readAttachment, withdrawNote } from './notes.service.js';
import { FilesPage, NotesPage } from './notes.views.js';

/** An upload's fields are read from the multipart body itself (the file is a Buffer, the title is cut to 120). */
const UploadBody = Type.Object({});

/** Notes and files of a case. */
export async function noteRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const notesPage = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    NotesPage(
      await caseFrame(request, { record, tab: 'notes', title: request.t('cases.notes.title') }),
      { notes: await notesOf(ctx, record.id, { withWithdrawn: true }), closed: isClosedStatus(record.cas_status) },
      problem,
    );
  const filesPage = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    FilesPage(
      await caseFrame(request, { record, tab: 'files', title: request.t('cases.files.title') }),
      { files: await attachmentsOf(ctx, record.id), closed: isClosedStatus(record.cas_status) },
      problem,
    );

  app.get('/staff/cases/:id/notes', { config: CASE_ACCESS }, async (request, reply) => reply.page(await notesPage(request, await loadCaseFor(request))));
  caseFormRoute(app, {
    url: '/staff/cases/:id/notes',
    schema: NoteBody,
    run: ({ user, record }, v) => addNote(ctx, { actor: user, record, body: v.body }),
    page: notesPage,
    done: (record) => ({ to: `/staff/cases/${record.id}/notes`, flash: 'cases.notes.added' }),
  });
  // Corrections (issue 21): a note corrected or withdrawn with a reason, the text before kept sealed.
  caseFormRoute(app, {
    url: '/staff/cases/:id/notes/:noteId/correct',
    ids: ['noteId'],
    schema: NoteCorrectionBody,
    form: 'noteCorrect',
    run: ({ user, record, ids }, v) => correctNote(ctx, { actor: user, record, noteId: ids.noteId as string, input: v }),
    page: notesPage,
    done: (record) => ({ to: `/staff/cases/${record.id}/notes`, flash: 'corrections.flash.corrected' }),
  });
  caseFormRoute(app, {
    url: '/staff/cases/:id/notes/:noteId/withdraw',
    ids: ['noteId'],
    schema: NoteWithdrawBody,
    form: 'noteWithdraw',
    run: ({ user, record, ids }, v) => withdrawNote(ctx, { actor: user, record, noteId: ids.noteId as string, input: v }),
    page: notesPage,
    done: (record) => ({ to: `/staff/cases/${record.id}/notes`, flash: 'corrections.flash.withdrawn' }),
  });

  // The same corrections through the API (issue 21): a reason, the version read; the text before kept sealed.
  for (const c of [
    { kind: 'correct', schema: NoteCorrectionBody, summary: 'Correct a case note, with a reason (the text before is kept sealed)' },
    { kind: 'withdraw', schema: NoteWithdrawBody, summary: 'Withdraw a case note, with a reason (it stays in the history)' },
  ] as const) {
    app.post(
      `/api/v1/cases/:id/notes/:noteId/${c.kind}`,
      {
        config: CASE_ACCESS,
        schema: op({ summary: c.summary, tags: ['cases'], params: IdParams('id', 'noteId'), body: c.schema, response: { 200: Ok }, errors: [409, 422] }),
      },
      async (request) => {
        const auth = requireAuth(request);
        const record = await loadCaseFor(request, 'edit');
        const noteId = idParam(request, 'noteId');
        if (c.kind === 'correct') await correctNote(ctx, { actor: auth.user, record, noteId, input: parseBody(NoteCorrectionBody, request.body) });
        else await withdrawNote(ctx, { actor: auth.user, record, noteId, input: parseBody(NoteWithdrawBody, request.body) });
        return { ok: true as const };
      },
    );
  }

  app.get('/staff/cases/:id/files', { config: CASE_ACCESS }, async (request, reply) => reply.page(await filesPage(request, await loadCaseFor(request))));
  app.post('/staff/cases/:id/files', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const file = body.file;
    const title = typeof body.title === 'string' ? body.title.trim().slice(0, 120) : '';
    return formAction(request, reply, {
      schema: UploadBody,
      run: async () => {
        if (!Buffer.isBuffer(file)) throw new ValidationError({ file: 'cases.files.required' });
        await addAttachment(ctx, { actor: auth.user, record, title, bytes: file });
      },
      rerender: (p) => filesPage(request, record, p),
      done: () => ({ to: `/staff/cases/${record.id}/files`, flash: 'cases.files.added' }),
    });
  });
  app.get('/staff/cases/:id/files/:fid', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request);
    const f = await readAttachment(ctx, { actor: auth.user, record, attachmentId: idParam(request, 'fid') });
    return reply
      .header('content-type', f.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .header('cache-control', 'no-store')
      .send(f.bytes);
  });
}
