import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, type FieldErrors, Form, Submit, SummaryList, Table, TextField } from '../platform/views/components.js';
import type { LayoutProps } from '../platform/views/layout.js';
import { Layout } from '../platform/views/layout.js';

export interface SubscriptionItem {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
  version: number;
  rotatingUntil: string | null;
}

export interface DeliveryItem {
  id: string;
  eventType: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string;
  deliveredAt: string | null;
}

export interface WebhookListModel {
  base: string;
  csrf: string;
  timeZone: string;
  subscriptions: SubscriptionItem[];
  events: readonly string[];
  errors?: FieldErrors | undefined;
  values?: Record<string, unknown> | undefined;
  secret?: { id: string; value: string } | undefined;
}

function Notice(props: { t: Translator; sub: SubscriptionItem; timeZone: string }) {
  const { t, sub } = props;
  if (sub.active || sub.disabledReason !== 'failures' || !sub.disabledAt) return null;
  return (
    <div class="notice notice-warning" role="status">
      <p>{t('webhooks.disabledNotice', { url: sub.url, date: t.date(sub.disabledAt, props.timeZone, true) })}</p>
    </div>
  );
}

function Secret(props: { t: Translator; secret: string }) {
  return (
    <div class="flash flash-success" role="status">
      <p>{props.t('webhooks.secretShown')}</p>
      <code dir="ltr">{props.secret}</code>
    </div>
  );
}

function stateLabel(t: Translator, sub: SubscriptionItem): string {
  return sub.active ? t('webhooks.state.active') : t(`webhooks.state.disabled_${sub.disabledReason ?? 'administrator'}`);
}

export function WebhookListPage(props: { layout: Omit<LayoutProps, 'children'>; model: WebhookListModel }) {
  const { model } = props;
  const t = props.layout.t;
  const v = model.values ?? {};
  const chosen = Array.isArray(v.events) ? (v.events as string[]) : typeof v.events === 'string' ? [v.events] : [];
  return (
    <Layout {...props.layout}>
      <h1>{t('webhooks.title')}</h1>
      <p class="lead">{t('webhooks.intro')}</p>
      {model.subscriptions.map((s) => (
        <Notice t={t} sub={s} timeZone={model.timeZone} />
      ))}
      {model.secret ? <Secret t={t} secret={model.secret.value} /> : null}
      <Table
        caption={t('webhooks.title')}
        head={[t('webhooks.url'), t('webhooks.events'), t('webhooks.stateLabel'), t('webhooks.created')]}
        rows={model.subscriptions.map((s) => [
          <a href={`${model.base}/${s.id}`} dir="ltr">
            {s.url}
          </a>,
          s.events.map((e) => t(`webhooks.event.${e}`)).join(', '),
          stateLabel(t, s),
          t.date(s.createdAt, model.timeZone, true),
        ])}
        empty={t('webhooks.none')}
      />
      <h2>{t('webhooks.new')}</h2>
      <Form t={t} action={model.base} csrf={model.csrf} errors={model.errors} hasRequired labels={{ url: t('webhooks.url'), events: t('webhooks.events') }}>
        <TextField
          t={t}
          name="url"
          type="url"
          label={t('webhooks.url')}
          hint={t('webhooks.urlHint')}
          required
          value={String(v.url ?? '')}
          error={model.errors?.url}
        />
        <Choices
          t={t}
          name="events"
          multiple
          label={t('webhooks.events')}
          hint={t('webhooks.eventsHint')}
          required
          options={model.events.map((e) => ({ value: e, label: t(`webhooks.event.${e}`) }))}
          value={chosen}
          error={model.errors?.events}
        />
        <Submit label={t('webhooks.subscribe')} />
      </Form>
    </Layout>
  );
}

export interface WebhookDetailModel {
  base: string;
  csrf: string;
  timeZone: string;
  subscription: SubscriptionItem;
  deliveries: DeliveryItem[];
  secret?: string | undefined;
}

export function WebhookDetailPage(props: { layout: Omit<LayoutProps, 'children'>; model: WebhookDetailModel }) {
  const { model } = props;
  const t = props.layout.t;
  const s = model.subscription;
  const at = (iso: string | null) => (iso ? t.date(iso, model.timeZone, true) : '');
  const self = `${model.base}/${s.id}`;
  const version = { version: String(s.version) };
  return (
    <Layout {...props.layout}>
      <p>
        <a href={model.base}>{t('webhooks.back')}</a>
      </p>
      <h1>{t('webhooks.detailTitle')}</h1>
      <Notice t={t} sub={s} timeZone={model.timeZone} />
      {model.secret ? <Secret t={t} secret={model.secret} /> : null}
      <SummaryList
        items={[
          [t('webhooks.url'), <span dir="ltr">{s.url}</span>],
          [t('webhooks.events'), s.events.map((e) => t(`webhooks.event.${e}`)).join(', ')],
          [t('webhooks.stateLabel'), stateLabel(t, s)],
          [t('webhooks.created'), at(s.createdAt)],
          ...(s.rotatingUntil ? ([[t('webhooks.rotating'), at(s.rotatingUntil)]] as Array<[string, string]>) : []),
        ]}
      />
      <p class="actions">
        <ActionButton action={`${self}/rotate`} csrf={model.csrf} label={t('webhooks.rotate')} fields={version} />{' '}
        {s.active ? (
          <ActionButton action={`${self}/disable`} csrf={model.csrf} label={t('webhooks.disable')} fields={version} />
        ) : (
          <ActionButton action={`${self}/enable`} csrf={model.csrf} label={t('webhooks.enable')} fields={version} />
        )}{' '}
        <ActionButton action={`${self}/delete`} csrf={model.csrf} label={t('webhooks.delete')} danger />
      </p>
      <p class="hint">{t('webhooks.rotateHint')}</p>
      <h2>{t('webhooks.log')}</h2>
      <Table
        caption={t('webhooks.log')}
        head={[t('webhooks.logAt'), t('webhooks.logEvent'), t('webhooks.logState'), t('webhooks.logAttempts'), t('webhooks.logResult'), t('webhooks.logNext')]}
        rows={model.deliveries.map((d) => [
          at(d.createdAt),
          t(`webhooks.event.${d.eventType}`),
          t(`webhooks.delivery.${d.state}`),
          String(d.attempts),
          d.lastError
            ? t(`webhooks.error.${d.lastError.startsWith('http_') ? 'http' : d.lastError}`, { status: d.lastStatus ?? 0 })
            : d.lastStatus
              ? String(d.lastStatus)
              : '',
          d.state === 'pending' ? at(d.nextAttemptAt) : at(d.deliveredAt),
        ])}
        empty={t('webhooks.noDeliveries')}
      />
    </Layout>
  );
}
