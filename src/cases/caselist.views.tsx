import type { ComponentChildren } from 'preact';
import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, Table, TextField } from '../platform/views/components.js';
import { listDate } from './case-ui.js';
import { LIST_COLUMNS, type ListColumn } from './cases.schema.js';
import type { CaseList, CaseListRow } from './worklist.service.js';

/* The case list's parts: the chosen columns, the numbered pages, the saved filters. */

/** The label of a column, as in the column chooser and the table's head. */
export function columnLabel(t: Translator, c: ListColumn): string {
  return t(`caselist.columns.${c}`);
}

/** The column chooser (checkboxes, no JavaScript): the name and age only for those who may see names. */
export function ColumnChooser(props: { t: Translator; columns: readonly ListColumn[]; namesAllowed: boolean }) {
  const { t } = props;
  const offered = LIST_COLUMNS.filter((c) => props.namesAllowed || (c !== 'name' && c !== 'age'));
  return (
    <details class="column-chooser">
      <summary>{t('caselist.chooseColumns')}</summary>
      <Choices
        t={t}
        name="cols"
        multiple
        inline
        label={t('caselist.columnsLegend')}
        options={offered.map((c) => ({ value: c, label: columnLabel(t, c) }))}
        value={[...props.columns]}
      />
    </details>
  );
}

function cell(t: Translator, c: ListColumn, r: CaseListRow, today: string, tz: string): ComponentChildren {
  switch (c) {
    case 'name':
      return r.name ? <bdi>{r.name}</bdi> : '—';
    case 'age':
      return r.age === null ? '—' : t.number(r.age);
    case 'sex':
      return r.sex ? t(`cases.values.gender.${r.sex}`) : '—';
    case 'status':
      return t(`cases.status.${r.status}`);
    case 'stage':
      return t(`cases.stage.${r.stage}`);
    case 'risk':
      return r.risk ? <span class={`badge badge-${r.risk}`}>{t(`cases.risk.${r.risk}`)}</span> : '—';
    case 'nextDue':
      return r.nextDue ? <span class={r.nextDue < today ? 'overdue' : undefined}>{listDate(t, r.nextDue)}</span> : '—';
    case 'owner':
      return r.ownerName ?? t('cases.list.unassigned');
    case 'opened':
      return listDate(t, r.openedAt, tz);
  }
}

/** The list's table: the case number (a link) and the chosen columns. */
export function CaseTable(props: { t: Translator; list: CaseList; today: string; timeZone: string }) {
  const { t, list } = props;
  return (
    <Table
      caption={t('caselist.caption', { total: list.total })}
      head={[t('cases.fields.caseNumber'), ...list.columns.map((c) => columnLabel(t, c))]}
      rows={list.rows.map((r) => [
        <>
          <a href={`/staff/cases/${r.id}`} dir="ltr">
            {r.caseNumber}
          </a>
          {r.isChild ? (
            <>
              {' '}
              <span class="badge badge-high">{t('cases.childMarker')}</span>
            </>
          ) : null}
        </>,
        ...list.columns.map((c) => cell(t, c, r, props.today, props.timeZone)),
      ])}
      empty={t('cases.list.none')}
    />
  );
}

/** The pages to offer: the first, the last, and two on each side of the current one. */
export function pageNumbers(page: number, pages: number): Array<number | 'gap'> {
  const out: Array<number | 'gap'> = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p);
    else if (out[out.length - 1] !== 'gap') out.push('gap');
  }
  return out;
}

/** Numbered pages, with previous and next. */
export function Pager(props: { t: Translator; page: number; pages: number; link: (page: number) => string }) {
  const { t, page, pages } = props;
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t('cases.list.pages')}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={props.link(page - 1)} rel="prev">
              {t('cases.list.previous')}
            </a>
          </li>
        ) : null}
        {pageNumbers(page, pages).map((p) =>
          p === 'gap' ? (
            <li aria-hidden="true">…</li>
          ) : (
            <li>
              <a href={props.link(p)} aria-current={p === page ? 'page' : undefined} aria-label={t('caselist.pageN', { page: p })}>
                {t.number(p)}
              </a>
            </li>
          ),
        )}
        {page < pages ? (
          <li>
            <a href={props.link(page + 1)} rel="next">
              {t('cases.list.next')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** The user's saved filters (links), a form to save the current ones, and a delete button for each. */
export function SavedViews(props: {
  t: Translator;
  csrf: string;
  views: Array<{ id: string; name: string; query: string }>;
  current: string;
  error?: string | undefined;
}) {
  const { t } = props;
  return (
    <section class="saved-views" aria-labelledby="saved-title">
      <h2 id="saved-title">{t('caselist.saved.title')}</h2>
      {props.views.length ? (
        <ul class="saved-list">
          {props.views.map((v) => (
            <li>
              <a href={`/staff/cases?${v.query}`}>{v.name}</a>{' '}
              <form method="post" action={`/staff/cases/views/${v.id}/delete`} class="inline-form">
                <input type="hidden" name="_csrf" value={props.csrf} />
                <button type="submit" class="button button-secondary button-small" aria-label={t('caselist.saved.deleteNamed', { name: v.name })}>
                  {t('caselist.saved.delete')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">{t('caselist.saved.none')}</p>
      )}
      <form method="post" action="/staff/cases/views" class="form inline-save">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="query" value={props.current} />
        <TextField t={t} name="viewName" label={t('caselist.saved.name')} hint={t('caselist.saved.hint')} error={props.error} required width="medium" />
        <button type="submit" class="button button-secondary">
          {t('caselist.saved.save')}
        </button>
      </form>
    </section>
  );
}
