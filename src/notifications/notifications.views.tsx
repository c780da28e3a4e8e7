import { ActionButton, Choices, Form, Select, Submit, Table, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { type FormAgain, RefusalBox } from '../platform/views/refusal.js';
import type { OfficeClockView } from './clocks.service.js';
import type { NotificationListModel, PreferencesModel } from './notifications.service.js';
import { CASE_ASSIGNMENT_RULES } from './notifications.schema.js';

/*
 * The notifications pages, as pure functions of what notifications.service.ts and clocks.service.ts return.
 */

type PageLayout = Omit<LayoutProps, 'children'>;

function MailNote(props: { t: PageLayout['t']; configured: boolean }) {
  return props.configured ? null : <p class="hint notice">{props.t('notifications.mailOff')}</p>;
}

/** The person's own notifications, newest first, each leading to what waits. */
export function NotificationsPage(props: { layout: PageLayout; model: NotificationListModel; csrf: string }) {
  const t = props.layout.t;
  const { model } = props;
  return (
    <Layout {...props.layout}>
      <h1>{t('notifications.title')}</h1>
      <p class="lead">{t('notifications.unreadCount', { count: model.unread })}</p>
      <MailNote t={t} configured={model.mailConfigured} />
      <p>
        <a href="/staff/notifications/preferences">{t('notifications.preferences.title')}</a>
      </p>
      {model.dueLists ? (
        <nav aria-label={t('notifications.due.title')}>
          <p>
            {t('notifications.due.title')} <a href="/staff/plans/overdue?mine=1">{t('notifications.due.planActions')}</a> ·{' '}
            <a href="/staff/cases?due=overdue">{t('notifications.due.followUps')}</a>
          </p>
        </nav>
      ) : null}
      {model.unread > 0 ? <ActionButton action="/staff/notifications/read-all" csrf={props.csrf} label={t('notifications.markAllRead')} /> : null}
      <Table
        caption={t('notifications.title')}
        head={[t('notifications.what'), t('notifications.when'), t('notifications.status')]}
        rows={model.items.map((n) => [
          <>
            <a href={`/staff/notifications/${n.id}`}>{t(`notifications.events.${n.event}`)}</a>
            {n.urgent ? <span class="badge badge-urgent"> {t('notifications.urgent')}</span> : null}
          </>,
          t.date(n.createdAt, model.timeZone, true),
          n.read ? (
            t('notifications.read')
          ) : (
            <ActionButton action={`/staff/notifications/${n.id}/read`} csrf={props.csrf} label={t('notifications.markRead')} />
          ),
        ])}
        empty={t('notifications.empty')}
      />
    </Layout>
  );
}

/** Which events the person wants, and how mail reaches them. */
export function PreferencesPage(props: { layout: PageLayout; model: PreferencesModel; csrf: string; again?: FormAgain | undefined }) {
  const t = props.layout.t;
  const { model } = props;
  const errors = props.again?.errors;
  const raw = props.again?.raw;
  const events = raw
    ? ((Array.isArray(raw.events) ? raw.events : raw.events ? [raw.events] : []) as string[])
    : model.events.filter((e) => e.on).map((e) => e.event);
  const labels = { events: t('notifications.preferences.events'), delivery: t('notifications.preferences.delivery') };
  return (
    <Layout {...props.layout}>
      <h1>{t('notifications.preferences.title')}</h1>
      <p class="lead">{t('notifications.preferences.lead')}</p>
      <MailNote t={t} configured={model.mailConfigured} />
      <RefusalBox message={props.again?.refusal?.message} />
      <Form t={t} action="/staff/notifications/preferences" csrf={props.csrf} errors={errors} labels={labels}>
        <Choices
          t={t}
          name="events"
          multiple
          label={labels.events}
          options={model.events.map((e) => ({ value: e.event, label: t(`notifications.events.${e.event}`) }))}
          value={events}
          error={errors?.events}
        />
        <Choices
          t={t}
          name="delivery"
          label={labels.delivery}
          hint={t('notifications.preferences.deliveryHint')}
          options={['immediate', 'digest', 'none'].map((d) => ({ value: d, label: t(`notifications.preferences.deliveries.${d}`) }))}
          value={String(raw?.delivery ?? model.delivery)}
          required
          error={errors?.delivery}
        />
        <Submit label={t('forms.save')} />
      </Form>
      <p>
        <a href="/staff/notifications">{t('notifications.back')}</a>
      </p>
    </Layout>
  );
}

/** Each office's time limits, one form per office, for its supervisors and the administrators. */
export function ClocksPage(props: {
  layout: PageLayout;
  offices: OfficeClockView[];
  csrf: string;
  mailConfigured: boolean;
  /** Administrators only: the mail outbox's counts. */
  outbox?: { pending: number; failed: number; sent: number } | undefined;
  again?: (FormAgain & { officeId: string }) | undefined;
}) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout}>
      <h1>{t('notifications.clocks.title')}</h1>
      <p class="lead">{t('notifications.clocks.lead')}</p>
      <MailNote t={t} configured={props.mailConfigured} />
      {props.outbox ? <p class="hint">{t('notifications.clocks.outbox', props.outbox)}</p> : null}
      {props.offices.length === 0 ? <p class="empty">{t('notifications.clocks.none')}</p> : null}
      {props.offices.map((o) => {
        const again = props.again?.officeId === o.officeId ? props.again : undefined;
        const errors = again?.errors;
        const v = (k: string, fallback: number) => String(again?.raw?.[k] ?? fallback);
        const prefix = `o${o.code.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
        const labels = {
          untriagedHours: t('notifications.clocks.untriaged'),
          urgentHours: t('notifications.clocks.urgent'),
          referralDays: t('notifications.clocks.referral'),
          caseAssignment: t('notifications.clocks.assignment.label'),
        };
        /** One of the office's clocks: a whole number of hours or days, required. */
        const clock = (name: 'untriagedHours' | 'urgentHours' | 'referralDays', saved: number) => (
          <TextField
            t={t}
            idPrefix={prefix}
            name={name}
            type="number"
            inputMode="numeric"
            width="short"
            label={labels[name]}
            value={v(name, saved)}
            required
            error={errors?.[name]}
          />
        );
        return (
          <section class="card" aria-labelledby={`${prefix}-title`}>
            <h2 id={`${prefix}-title`}>
              {o.name} <span class="hint">({o.code})</span>
            </h2>
            <p class="hint">
              {t('notifications.clocks.timeZone', { zone: o.timeZone })}{' '}
              {o.version === null ? t('notifications.clocks.defaults') : t('notifications.clocks.updated', { when: t.date(o.updatedAt, o.timeZone, true) })}
            </p>
            <RefusalBox message={again?.refusal?.message} />
            <Form t={t} action={`/staff/clocks/${o.officeId}`} csrf={props.csrf} errors={errors} labels={labels} idPrefix={prefix}>
              {o.version !== null ? <input type="hidden" name="version" value={String(o.version)} /> : null}
              {clock('untriagedHours', o.untriagedHours)}
              {clock('urgentHours', o.urgentHours)}
              {clock('referralDays', o.referralDays)}
              <Select
                t={t}
                idPrefix={prefix}
                name="caseAssignment"
                label={labels.caseAssignment}
                hint={t('notifications.clocks.assignment.hint')}
                options={CASE_ASSIGNMENT_RULES.map((r) => ({ value: r, label: t(`notifications.clocks.assignment.rules.${r}`) }))}
                value={String(again?.raw?.caseAssignment ?? o.caseAssignment)}
                error={errors?.caseAssignment}
              />
              <Submit label={t('forms.save')} />
            </Form>
          </section>
        );
      })}
    </Layout>
  );
}
