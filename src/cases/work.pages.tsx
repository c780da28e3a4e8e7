import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { type FieldErrors, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { loadCaseFor } from './case-access.js';
import { CasePage } from './case-layout.js';
import { CASE_ACCESS, csrfOf, options, type Refusal, RefusalBox, runPost } from './case-ui.js';
import { can } from './cases.policy.js';
import { CLOSURE_REASONS, CloseBody, NoteBody, ReopenBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { closeCase, openItems, reopenCase } from './closure.js';
import { caseHistory } from './history.js';
import { addAttachment, addNote, attachmentsOf, notesOf, readAttachment } from './notes.js';

/** Notes, files, history, closure: the everyday work on a case. */
export async function workPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const isClosed = (r: CaseRow) => r.cas_status === 'Closed' || r.cas_status === 'ClosedReferred';

  const notesPage = async (request: FastifyRequest, record: CaseRow, raw: Record<string, unknown> = {}, errors?: FieldErrors, refusal?: Refusal) => {
    const t = request.t;
    const notes = await notesOf(ctx, record.id);
    return CasePage({
      request,
      record,
      tab: 'notes',
      title: t('cases.notes.title'),
      children: (
        <>
          <RefusalBox refusal={refusal} />
          {isClosed(record) ? null : (
            <Form t={t} action={`/staff/cases/${record.id}/notes`} csrf={csrfOf(request)} errors={errors} labels={{ body: t('cases.notes.body') }} id="note-form">
              <TextArea t={t} name="body" label={t('cases.notes.body')} hint={t('cases.notes.hint')} value={String(raw.body ?? '')} rows={4} required error={errors?.body} />
              <Submit label={t('cases.notes.add')} />
            </Form>
          )}
          {notes.length === 0 ? <p class="empty">{t('cases.notes.none')}</p> : null}
          {notes.map((n) => (
            <article class="note">
              <p class="hint">{t('cases.notes.by', { author: n.author ?? '—', date: t.date(n.createdAt, undefined, true) })}</p>
              <p dir="auto">{n.body}</p>
            </article>
          ))}
        </>
      ),
    });
  };

  app.get('/staff/cases/:id/notes', { config: CASE_ACCESS }, async (request, reply) => reply.page(await notesPage(request, await loadCaseFor(request))));
  app.post('/staff/cases/:id/notes', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(NoteBody, request.body);
    if (!form.ok) return reply.page(await notesPage(request, record, form.raw, form.errors), 400);
    const r = await runPost(request, reply, () => addNote(ctx, auth.user, record, form.value.body), async (errors, refusal, status) => reply.page(await notesPage(request, record, form.value, errors, refusal), status));
    if (r) return r;
    await setFlash(request, 'success', 'cases.notes.added');
    return reply.redirect(`/staff/cases/${record.id}/notes`, 303);
  });

  const filesPage = async (request: FastifyRequest, record: CaseRow, errors?: FieldErrors, refusal?: Refusal) => {
    const t = request.t;
    const files = await attachmentsOf(ctx, record.id);
    return CasePage({
      request,
      record,
      tab: 'files',
      title: t('cases.files.title'),
      children: (
        <>
          <RefusalBox refusal={refusal} />
          <Table
            caption={t('cases.files.title')}
            head={[t('cases.files.name'), t('cases.files.type'), t('cases.files.size'), t('cases.files.added')]}
            rows={files.map((f) => [
              <a href={`/staff/cases/${record.id}/files/${f.id}`}>{f.name.title || t('cases.files.untitled')}</a>,
              f.name.ext.toUpperCase(),
              t('cases.files.kb', { kb: Math.max(1, Math.round(f.size / 1024)) }),
              t('cases.notes.by', { author: f.display_name ?? '—', date: t.date(f.created_at, undefined, true) }),
            ])}
            empty={t('cases.files.none')}
          />
          {isClosed(record) ? null : (
            <Form t={t} action={`/staff/cases/${record.id}/files`} csrf={csrfOf(request)} errors={errors} multipart labels={{ title: t('cases.files.name'), file: t('cases.files.file') }} id="file-form">
              <TextField t={t} name="title" label={t('cases.files.name')} error={errors?.title} />
              <div class={`field${errors?.file ? ' field-has-error' : ''}`}>
                <label class="label" for="f-file">
                  {t('cases.files.file')}
                </label>
                <p class="hint" id="f-file-hint">
                  {t('cases.files.hint')}
                </p>
                {errors?.file ? (
                  <p class="field-error" id="f-file-error">
                    {t(errors.file)}
                  </p>
                ) : null}
                <input type="file" id="f-file" name="file" class="input" aria-describedby={errors?.file ? 'f-file-hint f-file-error' : 'f-file-hint'} accept=".pdf,.jpg,.jpeg,.png,.webp,.gif,.docx,.odt" />
              </div>
              <Submit label={t('cases.files.upload')} />
            </Form>
          )}
        </>
      ),
    });
  };

  app.get('/staff/cases/:id/files', { config: CASE_ACCESS }, async (request, reply) => reply.page(await filesPage(request, await loadCaseFor(request))));
  app.post('/staff/cases/:id/files', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const file = body.file;
    const title = typeof body.title === 'string' ? body.title.trim().slice(0, 120) : '';
    const r = await runPost(
      request,
      reply,
      async () => {
        if (!Buffer.isBuffer(file)) throw new ValidationError({ file: 'cases.files.required' });
        await addAttachment(ctx, auth.user, record, title, file);
      },
      async (errors, refusal, status) => reply.page(await filesPage(request, record, errors, refusal), status),
    );
    if (r) return r;
    await setFlash(request, 'success', 'cases.files.added');
    return reply.redirect(`/staff/cases/${record.id}/files`, 303);
  });
  app.get('/staff/cases/:id/files/:fid', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request);
    const { fid } = request.params as { fid: string };
    if (!isId(fid)) throw new NotFoundError();
    const f = await readAttachment(ctx, auth.user, record, fid);
    return reply
      .header('content-type', f.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .header('cache-control', 'no-store')
      .send(f.bytes);
  });

  app.get('/staff/cases/:id/history', { config: CASE_ACCESS }, async (request, reply) => {
    const t = request.t;
    const record = await loadCaseFor(request);
    const h = await caseHistory(ctx, record.id);
    const eventText = (type: string) => (t.has(`cases.events.${type}`) ? t(`cases.events.${type}`) : type);
    return reply.page(
      await CasePage({
        request,
        record,
        tab: 'history',
        title: t('cases.history.title'),
        children: (
          <>
            <Table caption={t('cases.history.events')} head={[t('cases.history.when'), t('cases.history.who'), t('cases.history.what')]} rows={h.events.map((e) => [t.date(e.created_at, undefined, true), e.actor ?? t('cases.history.system'), eventText(e.type)])} empty={t('cases.history.none')} />
            <Table caption={t('cases.history.views')} head={[t('cases.history.when'), t('cases.history.who'), t('cases.history.action')]} rows={h.views.map((v) => [t.date(v.created_at, undefined, true), v.actor ?? '—', <code>{v.action}</code>])} empty={t('cases.history.none')} />
          </>
        ),
      }),
    );
  });

  const closePage = async (request: FastifyRequest, record: CaseRow, raw: Record<string, unknown> = {}, errors?: FieldErrors, refusal?: Refusal) => {
    const t = request.t;
    const auth = requireAuth(request);
    const open = isClosed(record) ? [] : await openItems(ctx.db, record);
    const csrf = csrfOf(request);
    return CasePage({
      request,
      record,
      tab: 'close',
      title: isClosed(record) ? t('cases.closure.reopenTitle') : t('cases.closure.title'),
      children: (
        <>
          <RefusalBox refusal={refusal} />
          {isClosed(record) ? (
            <>
              <p>{t('cases.closure.closedOn', { date: t.date(record.closed_at ?? ''), reason: t(`cases.values.closure.${record.cas_reason_for_case_closure}`) })}</p>
              {can(auth.user, 'reopen', record) ? (
                <Form t={t} action={`/staff/cases/${record.id}/reopen`} csrf={csrf} errors={errors} labels={{ reason: t('cases.closure.reopenReason') }} id="reopen-form" hasRequired>
                  <input type="hidden" name="version" value={String(record.version)} />
                  <TextArea t={t} name="reason" label={t('cases.closure.reopenReason')} hint={t('cases.closure.reopenHint')} value={String(raw.reason ?? '')} rows={3} required error={errors?.reason} />
                  <Submit label={t('cases.closure.reopen')} />
                </Form>
              ) : (
                <p class="hint">{t('cases.closure.supervisorReopens')}</p>
              )}
            </>
          ) : (
            <>
              {open.length > 0 ? (
                <div class="flash flash-error">
                  <p>{t('cases.closure.stillOpen')}</p>
                  <ul>
                    {open.map((o) => (
                      <li>{t(o.messageKey, { count: o.count })}</li>
                    ))}
                  </ul>
                </div>
              ) : (
                <p>{t('cases.closure.nothingOpen')}</p>
              )}
              <Form t={t} action={`/staff/cases/${record.id}/close`} csrf={csrf} errors={errors} labels={{ reason: t('cases.closure.reason'), note: t('cases.closure.note') }} id="close-form" hasRequired>
                <input type="hidden" name="version" value={String(record.version)} />
                <Select t={t} name="reason" label={t('cases.closure.reason')} options={options(t, 'cases.values.closure', CLOSURE_REASONS)} value={String(raw.reason ?? '')} emptyLabel={t('forms.choose')} required error={errors?.reason} />
                <TextArea t={t} name="note" label={t('cases.closure.note')} value={String(raw.note ?? '')} rows={3} error={errors?.note} />
                <Submit label={t('cases.closure.close')} />
              </Form>
            </>
          )}
        </>
      ),
    });
  };

  app.get('/staff/cases/:id/close', { config: CASE_ACCESS }, async (request, reply) => reply.page(await closePage(request, await loadCaseFor(request))));
  app.post('/staff/cases/:id/close', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'close');
    const form = parseForm(CloseBody, request.body);
    if (!form.ok) return reply.page(await closePage(request, record, form.raw, form.errors), 400);
    const r = await runPost(request, reply, () => closeCase(ctx, auth.user, record, form.value), async (errors, refusal, status) => reply.page(await closePage(request, record, form.value, errors, refusal), status));
    if (r) return r;
    await setFlash(request, 'success', 'cases.closure.closed');
    return reply.redirect(`/staff/cases/${record.id}`, 303);
  });
  app.post('/staff/cases/:id/reopen', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'reopen');
    const form = parseForm(ReopenBody, request.body);
    if (!form.ok) return reply.page(await closePage(request, record, form.raw, form.errors), 400);
    const r = await runPost(request, reply, () => reopenCase(ctx, auth.user, record, form.value), async (errors, refusal, status) => reply.page(await closePage(request, record, form.value, errors, refusal), status));
    if (r) return r;
    await setFlash(request, 'success', 'cases.closure.reopened');
    return reply.redirect(`/staff/cases/${record.id}`, 303);
  });
}
