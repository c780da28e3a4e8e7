import type { Static } from '@sinclair/typebox';
import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, type FieldErrors, Form, type Option, Select, Submit, Table, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { listDate, options } from './case-ui.js';
import { CaseTable, ColumnChooser, Pager, SavedViews } from './caselist.views.js';
import { STAGES } from './case-values.js';
import { CASE_STATUSES, LIST_SORTS, type ListQuery, RISK_LEVELS } from './cases.schema.js';
import type { CaseList } from './worklist.service.js';

export interface WorklistModel {
  layout: Omit<LayoutProps, 'children'>;
  filters: Static<typeof ListQuery>;
  /** Field errors of the filters, when they did not parse. */
  errors: FieldErrors | undefined;
  result: CaseList;
  loads: Array<{ id: string; display_name: string; open: number | string | bigint; next_due: unknown }>;
  /** The user's time zone, for the opening dates. */
  timeZone: string;
  today: string;
  /** The user's saved filters and the savable query string of the current ones. */
  views: Array<{ id: string; name: string; query: string }>;
  savable: string;
  canExport: boolean;
  csrf: string;
  /** The message key of the save-filters form's error, when it was refused. */
  saveError?: string | undefined;
}

/** The work list: filters, person search, one page of cases, and (for a supervisor) the caseloads. */
export function WorklistPage(props: WorklistModel) {
  const t: Translator = props.layout.t;
  const { filters, result, loads } = props;
  const tz = props.timeZone;
  const q = (k: keyof typeof filters) => String(filters[k] ?? '');
  /** A filter of the list: one of its values, or any. */
  const filter = (name: keyof typeof filters, label: string, choices: Option[]) => (
    <Select t={t} name={name} label={label} options={choices} value={q(name)} emptyLabel={t('cases.list.any')} />
  );
  const pageLink = (page: number) => `/staff/cases?${listQueryString(filters, page)}`;
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
          {filter('status', t('cases.fields.status'), options(t, 'cases.status', CASE_STATUSES))}
          {filter('stage', t('cases.fields.stage'), options(t, 'cases.stage', STAGES))}
          {filter('risk', t('cases.fields.risk'), options(t, 'cases.risk', RISK_LEVELS))}
          {filter('due', t('cases.fields.due'), [
            { value: 'overdue', label: t('cases.list.overdue') },
            { value: 'week', label: t('cases.list.dueWeek') },
          ])}
          {filter('owner', t('cases.fields.owner'), [
            { value: 'me', label: t('cases.list.mine') },
            { value: 'unassigned', label: t('cases.list.unassigned') },
            ...loads.map((l) => ({ value: l.id, label: l.display_name })),
          ])}
          <Select
            t={t}
            name="sort"
            label={t('caselist.sort')}
            options={LIST_SORTS.map((v) => ({ value: v, label: t(`caselist.sorts.${v}`) }))}
            value={q('sort') || 'opened_desc'}
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
        <ColumnChooser t={t} columns={result.columns} namesAllowed={result.namesAllowed} />
        <details class="search-person" open={!!(filters.number || filters.name || filters.birthDate || filters.document || filters.phone)}>
          <summary>{t('cases.list.search')}</summary>
          <p class="hint">{t(result.namesAllowed ? 'caselist.searchHint' : 'caselist.searchHintNoNames')}</p>
          <TextField t={t} name="number" label={t('cases.fields.caseNumber')} value={q('number')} width="medium" dir="ltr" />
          {result.namesAllowed ? <TextField t={t} name="name" label={t('caselist.searchName')} hint={t('caselist.searchNameHint')} value={q('name')} /> : null}
          <TextField t={t} name="birthDate" type="date" label={t('cases.person.birthDate')} value={q('birthDate')} width="medium" />
          <TextField t={t} name="document" label={t('cases.person.documentNumber')} value={q('document')} width="medium" dir="ltr" />
          <TextField t={t} name="phone" type="tel" label={t('cases.person.phone')} value={q('phone')} width="medium" dir="ltr" />
        </details>
        <Submit label={t('cases.list.apply')} />
      </Form>
      <p class="list-total" role="status">
        {t('caselist.total', { total: result.total })}
        {props.canExport ? (
          <>
            {' · '}
            <a href={`/staff/cases/export.xlsx?${listQueryString(filters)}`}>{t('caselist.export')}</a>
          </>
        ) : null}
      </p>
      <CaseTable t={t} list={result} today={props.today} timeZone={tz} />
      <Pager t={t} page={result.page} pages={result.pages} link={pageLink} />
      <SavedViews t={t} csrf={props.csrf} views={props.views} current={props.savable} error={props.saveError} />
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

/** The list's query string (the same filters and columns), on the given page or without one. */
function listQueryString(filters: Static<typeof ListQuery>, page?: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined || k === 'page') continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.set(k, String(v));
  }
  if (page) p.set('page', String(page));
  return p.toString();
}
