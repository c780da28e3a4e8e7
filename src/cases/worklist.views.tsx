import type { Static } from '@sinclair/typebox';
import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, type FieldErrors, Form, Select, Submit, Table, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { listDate, options } from './case-ui.js';
import { STAGES } from './case-values.js';
import { CASE_STATUSES, type ListQuery, RISK_LEVELS } from './cases.schema.js';

export interface WorklistRow {
  id: string;
  case_number: string;
  cas_status: string;
  stage: string;
  is_child: number;
  risk_level: string | null;
  next_due_on: string | null;
  opened_at: string;
  owner_name: string | null;
}

export interface WorklistModel {
  layout: Omit<LayoutProps, 'children'>;
  filters: Static<typeof ListQuery>;
  /** Field errors of the filters, when they did not parse. */
  errors: FieldErrors | undefined;
  result: { rows: WorklistRow[]; page: number; hasMore: boolean };
  loads: Array<{ id: string; display_name: string; open: number | string | bigint; next_due: unknown }>;
  /** The user's time zone, for the opening dates. */
  timeZone: string;
  today: string;
}

/** The work list: filters, person search, one page of cases, and (for a supervisor) the caseloads. */
export function WorklistPage(props: WorklistModel) {
  const t: Translator = props.layout.t;
  const { filters, result, loads } = props;
  const tz = props.timeZone;
  const q = (k: keyof typeof filters) => String(filters[k] ?? '');
  const pageLink = (page: number) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v !== undefined && k !== 'page') p.set(k, String(v));
    p.set('page', String(page));
    return `/staff/cases?${p.toString()}`;
  };
  return (
    <Layout {...props.layout}>
      <h1>{t('cases.list.title')}</h1>
      <p>
        <a class="button" href="/staff/cases/new">
          {t('cases.new.title')}
        </a>
      </p>
      <Form t={t} action="/staff/cases" method="get" id="filters" class="form filters" errors={props.errors}>
        <div class="filter-grid">
          <Select
            t={t}
            name="status"
            label={t('cases.fields.status')}
            options={options(t, 'cases.status', CASE_STATUSES)}
            value={q('status')}
            emptyLabel={t('cases.list.any')}
          />
          <Select
            t={t}
            name="stage"
            label={t('cases.fields.stage')}
            options={options(t, 'cases.stage', STAGES)}
            value={q('stage')}
            emptyLabel={t('cases.list.any')}
          />
          <Select
            t={t}
            name="risk"
            label={t('cases.fields.risk')}
            options={options(t, 'cases.risk', RISK_LEVELS)}
            value={q('risk')}
            emptyLabel={t('cases.list.any')}
          />
          <Select
            t={t}
            name="due"
            label={t('cases.fields.due')}
            options={[
              { value: 'overdue', label: t('cases.list.overdue') },
              { value: 'week', label: t('cases.list.dueWeek') },
            ]}
            value={q('due')}
            emptyLabel={t('cases.list.any')}
          />
          <Select
            t={t}
            name="owner"
            label={t('cases.fields.owner')}
            options={[
              { value: 'me', label: t('cases.list.mine') },
              { value: 'unassigned', label: t('cases.list.unassigned') },
              ...loads.map((l) => ({ value: l.id, label: l.display_name })),
            ]}
            value={q('owner')}
            emptyLabel={t('cases.list.any')}
          />
          <Choices
            t={t}
            name="minors"
            multiple
            label={t('cases.list.minorsLegend')}
            options={[{ value: '1', label: t('cases.list.minorsOnly') }]}
            value={q('minors')}
          />
        </div>
        <details class="search-person" open={!!(filters.number || filters.name || filters.birthDate || filters.document || filters.phone)}>
          <summary>{t('cases.list.search')}</summary>
          <p class="hint">{t('cases.list.searchHint')}</p>
          <TextField t={t} name="number" label={t('cases.fields.caseNumber')} value={q('number')} width="medium" dir="ltr" />
          <TextField t={t} name="name" label={t('cases.list.searchName')} value={q('name')} />
          <TextField t={t} name="birthDate" type="date" label={t('cases.person.birthDate')} value={q('birthDate')} width="medium" />
          <TextField t={t} name="document" label={t('cases.person.documentNumber')} value={q('document')} width="medium" dir="ltr" />
          <TextField t={t} name="phone" type="tel" label={t('cases.person.phone')} value={q('phone')} width="medium" dir="ltr" />
        </details>
        <Submit label={t('cases.list.apply')} />
      </Form>
      <Table
        caption={t('cases.list.caption')}
        head={[
          t('cases.fields.caseNumber'),
          t('cases.fields.status'),
          t('cases.fields.stage'),
          t('cases.fields.owner'),
          t('cases.fields.risk'),
          t('cases.fields.nextDue'),
          t('cases.fields.opened'),
        ]}
        rows={result.rows.map((r) => [
          <>
            <a href={`/staff/cases/${r.id}`} dir="ltr">
              {r.case_number}
            </a>
            {r.is_child ? (
              <>
                {' '}
                <span class="badge badge-high">{t('cases.childMarker')}</span>
              </>
            ) : null}
          </>,
          t(`cases.status.${r.cas_status}`),
          t(`cases.stage.${r.stage}`),
          r.owner_name ?? t('cases.list.unassigned'),
          r.risk_level ? <span class={`badge badge-${r.risk_level}`}>{t(`cases.risk.${r.risk_level}`)}</span> : '—',
          r.next_due_on ? <span class={r.next_due_on < props.today ? 'overdue' : undefined}>{listDate(t, r.next_due_on)}</span> : '—',
          listDate(t, r.opened_at, tz),
        ])}
        empty={t('cases.list.none')}
      />
      <nav class="pager" aria-label={t('cases.list.pages')}>
        {result.page > 1 ? <a href={pageLink(result.page - 1)}>{t('cases.list.previous')}</a> : null}
        {result.hasMore ? <a href={pageLink(result.page + 1)}>{t('cases.list.next')}</a> : null}
      </nav>
      {loads.length > 0 ? (
        <Table
          caption={t('cases.list.caseloads')}
          head={[t('cases.fields.owner'), t('cases.list.openCases'), t('cases.fields.nextDue')]}
          rows={loads.map((l) => [
            <a href={`/staff/cases?owner=${l.id}`}>{l.display_name}</a>,
            t.number(Number(l.open)),
            l.next_due ? listDate(t, String(l.next_due)) : '—',
          ])}
        />
      ) : null}
    </Layout>
  );
}
