import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, type FieldErrors, Form, Submit, TextArea, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import type { FlagReason } from './detection.js';

/*
 * Comments as pure functions of their view models: the thread and form under a news article (shown by the content
 * feature's article page) and the moderators' pages. comments.service.ts builds the models.
 */

/** A published comment as visitors see it: the published copy of name and text only, with its staff replies. */
export interface PublicComment {
  id: string;
  name: string;
  body: string;
  createdAt: string;
  staff: boolean;
  replies: PublicComment[];
}

/** A comment waiting for moderation, decrypted for a moderator. */
export interface QueueEntry {
  id: string;
  itemKey: string;
  locale: string;
  status: string;
  name: string;
  body: string;
  flagged: boolean;
  reasons: FlagReason[];
  version: number;
  createdAt: string;
}

/** An approved comment a moderator may answer. */
export interface ApprovedEntry {
  id: string;
  name: string;
  body: string;
  itemKey: string;
  createdAt: string;
}

type StaffLayout = Omit<LayoutProps, 'children'>;

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
              <strong dir="auto">{c.name || t('comments.anonymous')}</strong> · {t.date(c.createdAt, 'UTC')}
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
      {/* Without JavaScript a refused comment reloads at its error summary: the fragment of the form's address. */}
      <Form t={t} action={`${props.action}#comment-form-errors`} errors={errors} labels={labels} id="comment-form" hasRequired>
        <TextArea t={t} name="comment" label={labels.comment} value={v('comment')} required error={errors?.comment} maxLength={4000} rows={6} />
        <TextField t={t} name="name" label={labels.name} hint={t('comments.form.nameHint')} value={v('name')} error={errors?.name} autocomplete="off" maxLength={80} width="medium" />
        <TextField t={t} name="email" type="email" label={labels.email} hint={t('comments.form.emailHint')} value={v('email')} error={errors?.email} autocomplete="off" maxLength={200} dir="ltr" />
        <div class="hp-field" aria-hidden="true">
          <label for="f-website">{t('comments.form.honeypot')}</label>
          <input id="f-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>
        <Submit label={t('comments.form.submit')} />
      </Form>
    </section>
  );
}

export function ModerationQueuePage(props: { layout: StaffLayout; queue: QueueEntry[]; csrf: string }) {
  const { layout, queue, csrf } = props;
  const t = layout.t;
  return (
    <Layout {...layout}>
      <h1>{t('comments.queue.title')}</h1>
      <p>
        <a href="/staff/comments/approved">{t('comments.queue.approvedLink')}</a>
      </p>
      {queue.length === 0 ? <p class="empty">{t('comments.queue.none')}</p> : null}
      <ol class="plain-list">
        {queue.map((c) => (
          <li class={`card moderation-item${c.flagged ? ' moderation-held' : ''}`}>
            {c.flagged ? (
              <p class="held-label">
                <span class="badge badge-high">{t('comments.queue.held')}</span> {t('comments.queue.heldText')}{' '}
                {c.reasons.map((r) => t(`comments.reasons.${r}`)).join(', ')}
              </p>
            ) : (
              <p>
                <span class="badge">{t('comments.queue.pending')}</span>
              </p>
            )}
            <p class="comment-meta">
              <strong dir="auto">{c.name}</strong> · {c.itemKey} · {c.locale} · {t.date(c.createdAt, undefined, true)}
            </p>
            <div class="comment-body" dir="auto">
              {c.body.split(/\n{2,}/).map((p) => (
                <p>{p}</p>
              ))}
            </div>
            <div class="actions">
              {c.flagged ? null : <ActionButton action={`/staff/comments/${c.id}/moderate`} csrf={csrf} label={t('comments.queue.approve')} fields={{ decision: 'approve', version: String(c.version) }} />}
              <ActionButton action={`/staff/comments/${c.id}/moderate`} csrf={csrf} label={t('comments.queue.reject')} fields={{ decision: 'reject', version: String(c.version) }} />
              {c.flagged ? null : <ActionButton action={`/staff/comments/${c.id}/moderate`} csrf={csrf} label={t('comments.queue.spam')} fields={{ decision: 'spam', version: String(c.version) }} danger />}
              <a class="button button-secondary" href={`/staff/comments/${c.id}/email`}>
                {t('comments.email.show')}
              </a>
            </div>
          </li>
        ))}
      </ol>
    </Layout>
  );
}

/** A visitor's address, on its own page so that reading it is a deliberate, recorded act. */
export function EmailPage(props: { layout: StaffLayout; email: string }) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout}>
      <h1>{t('comments.email.title')}</h1>
      <p class="lead" dir="ltr">
        <a href={`mailto:${props.email}`}>{props.email}</a>
      </p>
      <p>{t('comments.email.hint')}</p>
      <p>
        <a href="/staff/comments">{t('comments.email.back')}</a>
      </p>
    </Layout>
  );
}

export function ApprovedPage(props: { layout: StaffLayout; comments: ApprovedEntry[]; csrf: string }) {
  const { layout, csrf } = props;
  const t = layout.t;
  return (
    <Layout {...layout}>
      <h1>{t('comments.approved.title')}</h1>
      {props.comments.length === 0 ? <p class="empty">{t('comments.approved.none')}</p> : null}
      <ol class="plain-list">
        {props.comments.map((c) => (
          <li class="card">
            <p class="comment-meta">
              <strong dir="auto">{c.name}</strong> · {c.itemKey} · {t.date(c.createdAt, undefined, true)}
            </p>
            <p dir="auto">{c.body}</p>
            <Form t={t} action={`/staff/comments/${c.id}/reply`} csrf={csrf} id={`reply-${c.id}`}>
              <TextArea t={t} name="reply" label={t('comments.approved.reply')} rows={3} maxLength={4000} />
              <Submit label={t('comments.approved.send')} secondary />
            </Form>
          </li>
        ))}
      </ol>
    </Layout>
  );
}
