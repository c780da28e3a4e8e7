import type { Translator } from '../platform/i18n/i18n.js';
import { type FieldErrors, Form, Submit, TextArea, TextField } from '../platform/views/components.js';
import type { PublicComment } from './comments.repository.js';

function CommentText(props: { body: string }) {
  // Plain text, escaped by the renderer; paragraphs kept.
  return (
    <div class="comment-body" dir="auto">
      {props.body.split(/\n{2,}/).map((p) => (
        <p>{p}</p>
      ))}
    </div>
  );
}

export function CommentSection(props: { t: Translator; action: string; comments: PublicComment[]; errors?: FieldErrors | undefined; raw?: Record<string, unknown> | undefined }) {
  const { t, errors, raw } = props;
  const v = (k: string) => (typeof raw?.[k] === 'string' ? (raw[k] as string) : '');
  const labels = { name: t('comments.form.name'), email: t('comments.form.email'), comment: t('comments.form.comment') };
  return (
    <section class="comments" id="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{t('comments.title', { count: props.comments.length })}</h2>
      {props.comments.length === 0 ? <p class="empty">{t('comments.none')}</p> : null}
      <ol class="plain-list comment-list">
        {props.comments.map((c) => (
          <li class="comment">
            <p class="comment-meta">
              <strong dir="auto">{c.name}</strong> · {t.date(c.createdAt, 'UTC')}
            </p>
            <CommentText body={c.body} />
            {c.replies.length > 0 ? (
              <ol class="plain-list comment-replies">
                {c.replies.map((r) => (
                  <li class="comment comment-staff">
                    <p class="comment-meta">
                      <strong dir="auto">{r.name}</strong> <span class="badge">{t('comments.staffBadge')}</span> · {t.date(r.createdAt, 'UTC')}
                    </p>
                    <CommentText body={r.body} />
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ol>
      <h3 id="comment-form-title">{t('comments.form.title')}</h3>
      <div class="safety-note">
        <p>{t('comments.form.safety')}</p>
        <p>
          <a href={`/${t.locale}/report`}>{t('comments.form.reportInstead')}</a>
        </p>
      </div>
      <Form t={t} action={props.action} errors={errors} labels={labels} id="comment-form" hasRequired>
        <p class="hint">{t('comments.form.emailNotPublished')}</p>
        <TextField t={t} name="name" label={labels.name} value={v('name')} required error={errors?.name} autocomplete="nickname" maxLength={80} width="medium" />
        <TextField t={t} name="email" type="email" label={labels.email} hint={t('comments.form.emailHint')} value={v('email')} required error={errors?.email} autocomplete="email" maxLength={200} dir="ltr" />
        <TextArea t={t} name="comment" label={labels.comment} value={v('comment')} required error={errors?.comment} maxLength={4000} rows={6} />
        <div class="hp-field" aria-hidden="true">
          <label for="f-website">{t('comments.form.honeypot')}</label>
          <input id="f-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>
        <Submit label={t('comments.form.submit')} />
      </Form>
    </section>
  );
}
