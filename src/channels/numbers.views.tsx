import { ActionButton, type FieldErrors, Form, type Option, Select, Submit, Table, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';

export interface ChannelNumbersModel {
  csrf: string;
  numbers: Array<{ id: string; number: string; office: string; createdAt: string }>;
  offices: Option[];
}

/** The channel settings: the organisation's gateway numbers and the office each one's reports go to. */
export function ChannelNumbersPage(props: {
  layout: Omit<LayoutProps, 'children'>;
  model: ChannelNumbersModel;
  errors?: FieldErrors | undefined;
  values?: Record<string, unknown> | undefined;
}) {
  const { model } = props;
  const t = props.layout.t;
  const v = props.values ?? {};
  return (
    <Layout {...props.layout}>
      <h1>{t('channels.numbers.title')}</h1>
      <p class="lead">{t('channels.numbers.lead')}</p>
      <Table
        caption={t('channels.numbers.title')}
        head={[t('channels.numbers.number'), t('channels.numbers.office'), t('channels.numbers.actions')]}
        rows={model.numbers.map((n) => [
          <span dir="ltr">{n.number}</span>,
          n.office,
          <ActionButton action={`/staff/admin/channels/${n.id}/delete`} csrf={model.csrf} label={t('channels.numbers.remove')} danger />,
        ])}
        empty={t('channels.numbers.none')}
      />
      <h2>{t('channels.numbers.add')}</h2>
      <Form
        t={t}
        action="/staff/admin/channels"
        csrf={model.csrf}
        errors={props.errors}
        hasRequired
        labels={{ number: t('channels.numbers.number'), officeId: t('channels.numbers.office') }}
      >
        <TextField
          t={t}
          name="number"
          type="tel"
          dir="ltr"
          label={t('channels.numbers.number')}
          hint={t('channels.numbers.numberHint')}
          required
          value={String(v.number ?? '')}
          error={props.errors?.number}
        />
        <Select
          t={t}
          name="officeId"
          label={t('channels.numbers.office')}
          required
          options={model.offices}
          value={String(v.officeId ?? '')}
          emptyLabel={t('channels.numbers.chooseOffice')}
          error={props.errors?.officeId}
        />
        <Submit label={t('channels.numbers.save')} />
      </Form>
    </Layout>
  );
}
