import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Form, Select, Submit, SummaryList, TextArea } from '../platform/views/components.js';
import { ProblemNote, problemOf } from '../platform/views/form-problem.js';
import { peopleRows } from './people.views.js';
import type { Contact } from './referral-people.service.js';
import type { OutgoingReferral } from './referrals.service.js';
import { StatusBadge } from './referrals.views.js';
import type { ThreadModel } from './thread.service.js';

/** The thread: its messages, oldest first, and the form to write one (a plain form: no script needed). */
export function ThreadSection(props: {
  t: Translator;
  csrf: string;
  action: string;
  thread: ThreadModel;
  other: 'office' | 'partner';
  problem?: FormProblem | undefined;
}) {
  const { t, thread } = props;
  const problem = problemOf(props.problem, 'message');
  const errors = problem?.errors ?? (problem?.refusal ? { body: problem.refusal.messageKey } : undefined);
  const labels = { body: t('referralThread.write') };
  return (
    <section aria-labelledby="thread-h" class="card referral-thread" id="thread">
      <h2 id="thread-h">{t(props.other === 'partner' ? 'referralThread.titleWithPartner' : 'referralThread.titleWithOffice')}</h2>
      {thread.messages.length === 0 ? (
        <p class="empty">{t('referralThread.none')}</p>
      ) : (
        <ol class="thread">
          {thread.messages.map((m) => (
            // The reports' thread styles: the office's messages as the staff's, the partner's set apart.
            <li class={`thread-item ${m.side === 'office' ? 'thread-staff' : 'thread-reporter'}`} id={`m-${m.id}`}>
              <p class="thread-meta">
                {t(`referralThread.side.${m.side}`, { name: m.mine ? t('referralThread.you') : m.authorName })} ·{' '}
                <time datetime={m.createdAt}>{t.date(m.createdAt, undefined, true)}</time>
              </p>
              <p class="thread-body" dir="auto">
                {m.body}
              </p>
            </li>
          ))}
        </ol>
      )}
      {thread.canPost ? (
        <Form t={props.t} id="message-form" action={props.action} csrf={props.csrf} errors={errors} labels={labels}>
          <TextArea
            t={t}
            name="body"
            label={labels.body}
            hint={t('referralThread.writeHint')}
            value={String(problem?.raw.body ?? '')}
            rows={3}
            maxLength={2000}
            required
            error={errors?.body}
          />
          <Submit label={t('referralThread.send')} />
        </Form>
      ) : (
        <p class="hint">{t('referralThread.ended')}</p>
      )}
    </section>
  );
}

/** The partner names who handles the referral on its side (one of its users). */
export function PartnerContactForm(props: {
  t: Translator;
  csrf: string;
  action: string;
  contacts: Contact[];
  current: Contact | null;
  problem?: FormProblem | undefined;
}) {
  const { t } = props;
  const problem = problemOf(props.problem, 'contact');
  return (
    <Form t={t} id="contact-form" action={props.action} csrf={props.csrf} errors={problem?.errors} labels={{ contactId: t('referralThread.nameContact') }}>
      <Select
        t={t}
        name="contactId"
        label={t('referralThread.nameContact')}
        options={props.contacts.map((c) => ({ value: c.id, label: c.name }))}
        value={String(problem?.raw.contactId ?? props.current?.id ?? '')}
        emptyLabel={t('forms.choose')}
        error={problem?.errors?.contactId}
      />
      <Submit label={t('referralThread.nameContactSubmit')} secondary />
    </Form>
  );
}

/** One outgoing referral for the case's staff: who is in contact on each side, the deadline, and the thread. */
export function StaffReferralPage(props: {
  t: Translator;
  csrf: string;
  caseId: string;
  r: OutgoingReferral;
  thread: ThreadModel;
  problem?: FormProblem | undefined;
}) {
  const { t, r } = props;
  const base = `/staff/cases/${props.caseId}/referrals`;
  return (
    <>
      <p>
        <a href={base}>{t('referralThread.back')}</a>
      </p>
      <h2>
        <span dir="ltr">{r.reference}</span> · {r.organisationName} · {t(`plans.types.${r.service}`)} <StatusBadge t={t} status={r.status} />
      </h2>
      <ProblemNote t={t} problem={problemOf(props.problem, 'message') ? undefined : props.problem} />
      <SummaryList items={[[t('referrals.date'), t.date(r.referralDate)], ...peopleRows(t, props.thread.people)]} />
      <ThreadSection t={t} csrf={props.csrf} action={`${base}/${r.id}/messages`} thread={props.thread} other="partner" problem={props.problem} />
    </>
  );
}
