import type { FormProblem } from '../platform/http/form-action.js';
import { Form, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { type CaseFrame, CaseFrameView } from './case-frame.views.js';
import { RefusalBox, refusalOf, typedFor } from './case-ui.js';
import { CorrectionMark, CorrectWithdraw, rowProblem } from './corrections.views.js';

export interface NotesModel {
  notes: Array<{
    id: string;
    author: string | null;
    createdAt: string;
    body: string;
    version: number;
    withdrawnAt: string | null;
    withdrawalReason: string | null;
    correctionReason: string | null;
  }>;
  closed: boolean;
}

/** The case's notes (HTCDS cco_CaseComment), newest first, and the form for a new one. */
export function NotesPage(frame: CaseFrame, vm: NotesModel, problem?: FormProblem) {
  const { t } = frame;
  const { notes, closed } = vm;
  const newNote = problem?.form === 'noteCorrect' || problem?.form === 'noteWithdraw' ? undefined : problem;
  const { v, errors } = typedFor(newNote);
  return (
    <CaseFrameView frame={frame}>
      <>
        <RefusalBox refusal={refusalOf(t, problem)} />
        {closed ? null : (
          <Form
            t={t}
            action={`/staff/cases/${frame.record.id}/notes`}
            csrf={frame.csrf}
            errors={errors}
            labels={{ body: t('cases.notes.body') }}
            id="note-form"
          >
            <TextArea t={t} name="body" label={t('cases.notes.body')} hint={t('cases.notes.hint')} value={v('body')} rows={4} required error={errors?.body} />
            <Submit label={t('cases.notes.add')} />
          </Form>
        )}
        {notes.length === 0 ? <p class="empty">{t('cases.notes.none')}</p> : null}
        {notes.map((n) => (
          <article class="note">
            <p class="hint">{t('cases.notes.by', { author: n.author ?? '—', date: t.date(n.createdAt, undefined, true) })}</p>
            <p dir="auto">{n.withdrawnAt ? <s>{n.body}</s> : n.body}</p>
            <CorrectionMark t={t} withdrawnAt={n.withdrawnAt} withdrawalReason={n.withdrawalReason} correctionReason={n.correctionReason} />
            {closed || n.withdrawnAt ? null : <NoteCorrection frame={frame} n={n} problem={problem} />}
          </article>
        ))}
      </>
    </CaseFrameView>
  );
}

/** A note's "Correct" (its text) and "Withdraw" forms, each with its required reason. */
function NoteCorrection(props: { frame: CaseFrame; n: NotesModel['notes'][number]; problem?: FormProblem | undefined }) {
  const { frame, n } = props;
  const { t } = frame;
  const base = `/staff/cases/${frame.record.id}/notes/${n.id}`;
  const correctProblem = rowProblem(props.problem, 'noteCorrect', n.id);
  return (
    <CorrectWithdraw
      t={t}
      csrf={frame.csrf}
      id={n.id}
      version={n.version}
      correctAction={`${base}/correct`}
      withdrawAction={`${base}/withdraw`}
      correctProblem={correctProblem}
      withdrawProblem={rowProblem(props.problem, 'noteWithdraw', n.id)}
    >
      <TextArea
        t={t}
        name="body"
        idPrefix={`note-${n.id}`}
        label={t('cases.notes.body')}
        value={correctProblem ? String(correctProblem.raw.body ?? '') : n.body}
        rows={4}
        required
        error={correctProblem?.errors?.body}
      />
    </CorrectWithdraw>
  );
}

export interface FilesModel {
  files: Array<{ id: string; name: { title: string; ext: string }; size: number; display_name: string | null; created_at: string }>;
  closed: boolean;
}

/** The case's files (encrypted, type detected) and the upload form. */
export function FilesPage(frame: CaseFrame, vm: FilesModel, problem?: FormProblem) {
  const { t } = frame;
  const { files, closed } = vm;
  const errors = problem?.errors;
  return (
    <CaseFrameView frame={frame}>
      <>
        <RefusalBox refusal={refusalOf(t, problem)} />
        <Table
          caption={t('cases.files.title')}
          head={[t('cases.files.name'), t('cases.files.type'), t('cases.files.size'), t('cases.files.added')]}
          rows={files.map((f) => [
            <a href={`/staff/cases/${frame.record.id}/files/${f.id}`}>{f.name.title || t('cases.files.untitled')}</a>,
            f.name.ext.toUpperCase(),
            t('cases.files.kb', { kb: Math.max(1, Math.round(f.size / 1024)) }),
            t('cases.notes.by', { author: f.display_name ?? '—', date: t.date(f.created_at, undefined, true) }),
          ])}
          empty={t('cases.files.none')}
        />
        {closed ? null : (
          <Form
            t={t}
            action={`/staff/cases/${frame.record.id}/files`}
            csrf={frame.csrf}
            errors={errors}
            multipart
            labels={{ title: t('cases.files.name'), file: t('cases.files.file') }}
            id="file-form"
          >
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
              <input
                type="file"
                id="f-file"
                name="file"
                class="input"
                aria-describedby={errors?.file ? 'f-file-hint f-file-error' : 'f-file-hint'}
                accept=".pdf,.jpg,.jpeg,.png,.webp,.gif,.docx,.odt"
              />
            </div>
            <Submit label={t('cases.files.upload')} />
          </Form>
        )}
      </>
    </CaseFrameView>
  );
}
