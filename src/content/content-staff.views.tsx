import { LOCALES, type Locale, languageOwnName } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { type FormAgain, RefusalBox } from '../platform/views/refusal.js';
import type { ContentItem, ContentTranslation } from './content.table.js';

/*
 * The editors' pages, as pure functions of what content.service.ts reads for them. Translation states are
 * computed by the service (translationState) and arrive here as plain values.
 */

type StaffLayout = Omit<LayoutProps, 'children'>;
export type TranslationState = 'missing' | 'draft' | 'published' | 'changed' | 'outdated';

/** One item in the editors' overview. */
export interface ItemRow {
  id: string;
  title: string;
  kind: 'page' | 'news';
  archived: boolean;
  states: Record<Locale, TranslationState>;
}

export function ContentHomePage(props: { layout: StaffLayout; items: ItemRow[]; links: { comments: boolean; directory: boolean } }) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout}>
      <h1>{t('content.staff.title')}</h1>
      <ul class="card-grid plain-list">
        {props.links.comments ? (
          <li class="card">
            <a href="/staff/comments">{t('comments.queue.title')}</a>
          </li>
        ) : null}
        {props.links.directory ? (
          <li class="card">
            <a href="/staff/directory">{t('directory.staff.title')}</a>
          </li>
        ) : null}
        <li class="card">
          <a href="/staff/content/new">{t('content.staff.new')}</a>
        </li>
      </ul>
      <Table
        caption={t('content.staff.items')}
        head={[t('content.staff.titleCol'), t('content.staff.kind'), ...LOCALES.map((l) => languageOwnName(l))]}
        rows={props.items.map((item) => [
          <>
            <a href={`/staff/content/${item.id}`}>{item.title}</a>
            {item.archived ? <span class="badge"> {t('content.staff.archived')}</span> : null}
          </>,
          t(`content.staff.kinds.${item.kind}`),
          ...LOCALES.map((l) => <span class={`badge state-${item.states[l]}`}>{t(`content.staff.states.${item.states[l]}`)}</span>),
        ])}
        empty={t('content.staff.none')}
      />
    </Layout>
  );
}

export function NewItemPage(props: { layout: StaffLayout; csrf: string | undefined; again?: FormAgain | undefined }) {
  const errors = props.again?.errors;
  const raw = props.again?.raw;
  const t = props.layout.t;
  const labels = { kind: t('content.staff.kind'), key: t('content.staff.key'), sourceLocale: t('content.staff.sourceLocale') };
  return (
    <Layout {...props.layout}>
      <h1>{t('content.staff.new')}</h1>
      <RefusalBox message={props.again?.refusal?.message} />
      <Form t={t} action="/staff/content" csrf={props.csrf} errors={errors} labels={labels} hasRequired>
        <Choices t={t} name="kind" label={labels.kind} options={[{ value: 'page', label: t('content.staff.kinds.page') }, { value: 'news', label: t('content.staff.kinds.news') }]} value={String(raw?.kind ?? 'page')} required error={errors?.kind} inline />
        <TextField t={t} name="key" label={labels.key} hint={t('content.staff.keyHint')} value={String(raw?.key ?? '')} required error={errors?.key} width="medium" dir="ltr" />
        <Select t={t} name="sourceLocale" label={labels.sourceLocale} options={LOCALES.map((l) => ({ value: l, label: languageOwnName(l) }))} value={String(raw?.sourceLocale ?? t.locale)} required error={errors?.sourceLocale} />
        <Choices t={t} name="commentsEnabled" multiple label={t('content.staff.comments')} options={[{ value: '1', label: t('content.staff.commentsOn') }]} value={raw?.commentsEnabled ? ['1'] : []} />
        <Submit label={t('content.staff.create')} />
      </Form>
    </Layout>
  );
}

/** One language of an item on the item's page. */
export interface TranslationRow {
  locale: Locale;
  state: TranslationState;
  exists: boolean;
  /** Where visitors read it, when published. */
  publicPath: string | undefined;
}

export interface ItemModel {
  item: ContentItem;
  title: string;
  translations: TranslationRow[];
  /** Items this one may be archived in favour of. */
  successors: Array<{ value: string; label: string }>;
}

export function ItemPage(props: { layout: StaffLayout; model: ItemModel; csrf: string }) {
  const { model, csrf } = props;
  const { item } = model;
  const t = props.layout.t;
  return (
    <Layout {...props.layout}>
      <h1>{model.title}</h1>
      <p>
        <a href="/staff/content">{t('content.staff.back')}</a>
      </p>
      {item.archived_at ? <p class="flash flash-info">{t('content.staff.isArchived', { date: t.date(item.archived_at) })}</p> : null}
      <Table
        caption={t('content.staff.translations')}
        head={[t('content.staff.language'), t('content.staff.state'), t('content.staff.address'), '']}
        rows={model.translations.map((tr) => [
          `${languageOwnName(tr.locale)}${tr.locale === item.source_locale ? ` (${t('content.staff.source')})` : ''}`,
          <span class={`badge state-${tr.state}`}>{t(`content.staff.states.${tr.state}`)}</span>,
          tr.publicPath ? <a href={tr.publicPath}>{tr.publicPath}</a> : '',
          <>
            <a href={`/staff/content/${item.id}/${tr.locale}`}>{tr.exists ? t('content.staff.edit') : t('content.staff.translate')}</a>
            {tr.exists ? (
              <>
                {' · '}
                <a href={`/staff/content/${item.id}/${tr.locale}/history`}>{t('content.staff.history')}</a>
              </>
            ) : null}
          </>,
        ])}
      />
      {item.key === 'home' ? null : item.archived_at ? (
        <section class="danger-zone">
          <h2>{t('content.staff.restoreTitle')}</h2>
          <ActionButton action={`/staff/content/${item.id}/restore`} csrf={csrf} label={t('content.staff.restore')} fields={{ version: String(item.version) }} />
        </section>
      ) : (
        <section class="danger-zone">
          <h2>{t('content.staff.archiveTitle')}</h2>
          <p>{t('content.staff.archiveHint')}</p>
          <Form t={t} action={`/staff/content/${item.id}/archive`} csrf={csrf} id="archive-form">
            <input type="hidden" name="version" value={String(item.version)} />
            <Select t={t} name="successorId" label={t('content.staff.successor')} options={model.successors} emptyLabel={t('content.staff.noSuccessor')} />
            <Submit label={t('content.staff.archive')} secondary />
          </Form>
        </section>
      )}
    </Layout>
  );
}

export interface EditModel {
  item: ContentItem;
  locale: Locale;
  translation: ContentTranslation | undefined;
  /** The source language's text, when editing a translation. */
  source: ContentTranslation | undefined;
  state: TranslationState;
}

export function EditTranslationPage(props: { layout: StaffLayout; model: EditModel; csrf: string | undefined; again?: FormAgain | undefined }) {
  const { model } = props;
  const errors = props.again?.errors;
  const raw = props.again?.raw;
  const { item, locale, translation: tr, source, state } = model;
  const t = props.layout.t;
  const v = (k: 'slug' | 'title' | 'summary' | 'body') => String(raw?.[k] ?? tr?.[k] ?? (k === 'slug' && source ? source.slug : ''));
  const labels = { slug: t('content.staff.slug'), title: t('content.staff.titleField'), summary: t('content.staff.summary'), body: t('content.staff.body') };
  return (
    <Layout {...props.layout}>
      <h1>{props.layout.title}</h1>
      <p>
        <a href={`/staff/content/${item.id}`}>{t('content.staff.backToItem')}</a> · <span class={`badge state-${state}`}>{t(`content.staff.states.${state}`)}</span>
      </p>
      {source ? (
        <details class="source-text">
          <summary>{t('content.staff.showSource', { language: languageOwnName(item.source_locale) })}</summary>
          <h2 dir="auto">{source.title}</h2>
          <p dir="auto">{source.summary}</p>
          <pre class="source-body" dir="auto">{source.body}</pre>
        </details>
      ) : null}
      <RefusalBox message={props.again?.refusal?.message} />
      <Form t={t} action={`/staff/content/${item.id}/${locale}`} csrf={props.csrf} errors={errors} labels={labels} hasRequired id="translation-form" class="form form-wide">
        {tr ? <input type="hidden" name="version" value={String(tr.version)} /> : null}
        <TextField t={t} name="title" label={labels.title} value={v('title')} required error={errors?.title} />
        <TextField t={t} name="slug" label={labels.slug} hint={t('content.staff.slugHint')} value={v('slug')} required error={errors?.slug} dir="ltr" width="medium" />
        <TextArea t={t} name="summary" label={labels.summary} value={v('summary')} required error={errors?.summary} rows={2} />
        <TextArea t={t} name="body" label={labels.body} hint={t('content.staff.bodyHint')} value={v('body')} required error={errors?.body} rows={20} />
        <div class="actions">
          <Submit label={t('content.staff.saveDraft')} name="action" value="save" secondary />
          <Submit label={t('content.staff.publish')} name="action" value="publish" />
        </div>
      </Form>
    </Layout>
  );
}

export interface RevisionRow {
  revision: number;
  createdAt: string;
  title: string;
  live: boolean;
  wasPublished: boolean;
}

export function HistoryPage(props: { layout: StaffLayout; itemId: string; revisions: RevisionRow[] }) {
  const t = props.layout.t;
  const title = props.layout.title;
  return (
    <Layout {...props.layout}>
      <h1>{title}</h1>
      <p>
        <a href={`/staff/content/${props.itemId}`}>{t('content.staff.backToItem')}</a>
      </p>
      <Table
        caption={title}
        head={[t('content.staff.revision'), t('content.staff.date'), t('content.staff.titleCol'), t('content.staff.state')]}
        rows={props.revisions.map((r) => [String(r.revision), t.date(r.createdAt, undefined, true), r.title, r.live ? t('content.staff.live') : r.wasPublished ? t('content.staff.wasPublished') : t('content.staff.states.draft')])}
      />
    </Layout>
  );
}
