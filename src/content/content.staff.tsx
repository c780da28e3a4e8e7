import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasPermission } from '../platform/auth/auth-user.js';
import { isId } from '../platform/ids.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isLocale, LOCALES, type Locale } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import * as repo from './content.repository.js';
import { ArchiveBody, ItemBody, TranslationBody, VersionBody } from './content.schema.js';
import * as service from './content.service.js';
import type { ContentItem, ContentTranslation } from './content.table.js';

const EDIT = { access: { permission: 'content.edit' } } as const;
const LANGUAGE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English', es: 'Español', ar: 'العربية' };

function itemTitle(item: ContentItem, translations: ContentTranslation[]): string {
  const t = translations.find((x) => x.locale === item.source_locale) ?? translations[0];
  return t?.title ?? item.key;
}

/** The editors' side of the public site: items, their translations and states, revisions and archiving. */
export async function contentStaffRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/content', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const items = await repo.listItems(ctx.db);
    const translations = await repo.translationsOf(ctx.db, items.map((i) => i.id));
    return reply.page(
      <Layout {...(await staffLayout(request, t('content.staff.title')))}>
        <h1>{t('content.staff.title')}</h1>
        <ul class="card-grid plain-list">
          {hasPermission(auth.user, 'comments.moderate') ? (
            <li class="card">
              <a href="/staff/comments">{t('comments.queue.title')}</a>
            </li>
          ) : null}
          {hasPermission(auth.user, 'directory.manage') ? (
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
          head={[t('content.staff.titleCol'), t('content.staff.kind'), ...LOCALES.map((l) => LANGUAGE_NAMES[l])]}
          rows={items.map((item) => {
            const mine = translations.filter((x) => x.item_id === item.id);
            return [
              <>
                <a href={`/staff/content/${item.id}`}>{itemTitle(item, mine)}</a>
                {item.archived_at ? <span class="badge"> {t('content.staff.archived')}</span> : null}
              </>,
              t(`content.staff.kinds.${item.kind}`),
              ...LOCALES.map((l) => {
                const state = service.translationState(item, mine, l);
                return <span class={`badge state-${state}`}>{t(`content.staff.states.${state}`)}</span>;
              }),
            ];
          })}
          empty={t('content.staff.none')}
        />
      </Layout>,
    );
  });

  const newForm = async (request: FastifyRequest, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const labels = { kind: t('content.staff.kind'), key: t('content.staff.key'), sourceLocale: t('content.staff.sourceLocale') };
    return (
      <Layout {...(await staffLayout(request, t('content.staff.new')))}>
        <h1>{t('content.staff.new')}</h1>
        <Form t={t} action="/staff/content" csrf={auth.session?.csrf_secret} errors={errors} labels={labels} hasRequired>
          <Choices t={t} name="kind" label={labels.kind} options={[{ value: 'page', label: t('content.staff.kinds.page') }, { value: 'news', label: t('content.staff.kinds.news') }]} value={String(raw?.kind ?? 'page')} required error={errors?.kind} inline />
          <TextField t={t} name="key" label={labels.key} hint={t('content.staff.keyHint')} value={String(raw?.key ?? '')} required error={errors?.key} width="medium" dir="ltr" />
          <Select t={t} name="sourceLocale" label={labels.sourceLocale} options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} value={String(raw?.sourceLocale ?? t.locale)} required error={errors?.sourceLocale} />
          <Choices t={t} name="commentsEnabled" multiple label={t('content.staff.comments')} options={[{ value: '1', label: t('content.staff.commentsOn') }]} value={raw?.commentsEnabled ? ['1'] : []} />
          <Submit label={t('content.staff.create')} />
        </Form>
      </Layout>
    );
  };

  app.get('/staff/content/new', { config: EDIT }, async (request, reply) => reply.page(await newForm(request)));

  app.post('/staff/content', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const form = parseForm(ItemBody, request.body);
    if (!form.ok) return reply.page(await newForm(request, form.errors, form.raw), 400);
    let id: string;
    try {
      id = await service.createItem(ctx, auth.user, form.value);
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await newForm(request, e.fields, form.value), 400);
      throw e;
    }
    return reply.redirect(`/staff/content/${id}/${form.value.sourceLocale}`, 303);
  });

  const loadItem = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const item = isId(id) ? await repo.findItem(ctx.db, id) : undefined;
    if (!item) throw new NotFoundError();
    return item;
  };

  app.get('/staff/content/:id', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const item = await loadItem(request);
    const translations = await repo.translationsOf(ctx.db, [item.id]);
    const others = (await repo.listItems(ctx.db)).filter((i) => i.id !== item.id && !i.archived_at && i.kind === item.kind);
    const otherTranslations = await repo.translationsOf(ctx.db, others.map((o) => o.id));
    const csrf = auth.session?.csrf_secret ?? '';
    const title = itemTitle(item, translations);
    return reply.page(
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <p>
          <a href="/staff/content">{t('content.staff.back')}</a>
        </p>
        {item.archived_at ? <p class="flash flash-info">{t('content.staff.isArchived', { date: t.date(item.archived_at) })}</p> : null}
        <Table
          caption={t('content.staff.translations')}
          head={[t('content.staff.language'), t('content.staff.state'), t('content.staff.address'), '']}
          rows={LOCALES.map((l) => {
            const tr = translations.find((x) => x.locale === l);
            const state = service.translationState(item, translations, l);
            return [
              `${LANGUAGE_NAMES[l]}${l === item.source_locale ? ` (${t('content.staff.source')})` : ''}`,
              <span class={`badge state-${state}`}>{t(`content.staff.states.${state}`)}</span>,
              tr?.published_revision ? <a href={service.publicPath(item, l, tr.slug)}>{service.publicPath(item, l, tr.slug)}</a> : '',
              <>
                <a href={`/staff/content/${item.id}/${l}`}>{tr ? t('content.staff.edit') : t('content.staff.translate')}</a>
                {tr ? (
                  <>
                    {' · '}
                    <a href={`/staff/content/${item.id}/${l}/history`}>{t('content.staff.history')}</a>
                  </>
                ) : null}
              </>,
            ];
          })}
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
              <Select t={t} name="successorId" label={t('content.staff.successor')} options={others.map((o) => ({ value: o.id, label: itemTitle(o, otherTranslations.filter((x) => x.item_id === o.id)) }))} emptyLabel={t('content.staff.noSuccessor')} />
              <Submit label={t('content.staff.archive')} secondary />
            </Form>
          </section>
        )}
      </Layout>,
    );
  });

  app.post('/staff/content/:id/archive', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const item = await loadItem(request);
    const form = parseForm(ArchiveBody, request.body);
    if (!form.ok) throw new ValidationError(form.errors);
    await service.archiveItem(ctx, auth.user, item.id, form.value.successorId, form.value.version);
    await setFlash(request, 'success', 'content.staff.archivedDone');
    return reply.redirect(`/staff/content/${item.id}`, 303);
  });

  app.post('/staff/content/:id/restore', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const item = await loadItem(request);
    const form = parseForm(VersionBody, request.body);
    if (!form.ok) throw new ValidationError(form.errors);
    await service.restoreItem(ctx, auth.user, item.id, form.value.version);
    await setFlash(request, 'success', 'content.staff.restoredDone');
    return reply.redirect(`/staff/content/${item.id}`, 303);
  });

  const loadLocale = (request: FastifyRequest): Locale => {
    const { locale } = request.params as { locale: string };
    if (!isLocale(locale)) throw new NotFoundError();
    return locale;
  };

  const editForm = async (request: FastifyRequest, item: ContentItem, locale: Locale, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const translations = await repo.translationsOf(ctx.db, [item.id]);
    const tr = translations.find((x) => x.locale === locale);
    const source = locale === item.source_locale ? undefined : translations.find((x) => x.locale === item.source_locale);
    const v = (k: 'slug' | 'title' | 'summary' | 'body') => String(raw?.[k] ?? tr?.[k] ?? (k === 'slug' && source ? source.slug : ''));
    const labels = { slug: t('content.staff.slug'), title: t('content.staff.titleField'), summary: t('content.staff.summary'), body: t('content.staff.body') };
    const state = service.translationState(item, translations, locale);
    const title = t('content.staff.editTitle', { language: LANGUAGE_NAMES[locale] });
    return (
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <p>
          <a href={`/staff/content/${item.id}`}>{t('content.staff.backToItem')}</a> · <span class={`badge state-${state}`}>{t(`content.staff.states.${state}`)}</span>
        </p>
        {source ? (
          <details class="source-text">
            <summary>{t('content.staff.showSource', { language: LANGUAGE_NAMES[item.source_locale as Locale] ?? item.source_locale })}</summary>
            <h2 dir="auto">{source.title}</h2>
            <p dir="auto">{source.summary}</p>
            <pre class="source-body" dir="auto">{source.body}</pre>
          </details>
        ) : null}
        <Form t={t} action={`/staff/content/${item.id}/${locale}`} csrf={auth.session?.csrf_secret} errors={errors} labels={labels} hasRequired id="translation-form" class="form form-wide">
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
  };

  app.get('/staff/content/:id/:locale', { config: EDIT }, async (request, reply) => {
    const item = await loadItem(request);
    return reply.page(await editForm(request, item, loadLocale(request)));
  });

  app.post('/staff/content/:id/:locale', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const item = await loadItem(request);
    const locale = loadLocale(request);
    const form = parseForm(TranslationBody, request.body);
    if (!form.ok) return reply.page(await editForm(request, item, locale, form.errors, form.raw), 400);
    const publish = form.value.action === 'publish';
    try {
      await service.saveTranslation(ctx, auth.user, item.id, locale, form.value, publish);
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await editForm(request, item, locale, e.fields, form.value), 400);
      throw e;
    }
    await setFlash(request, 'success', publish ? 'content.staff.publishedDone' : 'content.staff.savedDone');
    return reply.redirect(`/staff/content/${item.id}`, 303);
  });

  app.get('/staff/content/:id/:locale/history', { config: EDIT }, async (request, reply) => {
    const t = request.t;
    const item = await loadItem(request);
    const locale = loadLocale(request);
    const tr = await repo.findTranslation(ctx.db, item.id, locale);
    if (!tr) throw new NotFoundError();
    const revisions = await repo.listRevisions(ctx.db, tr.id);
    const title = t('content.staff.historyTitle', { language: LANGUAGE_NAMES[locale] });
    return reply.page(
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <p>
          <a href={`/staff/content/${item.id}`}>{t('content.staff.backToItem')}</a>
        </p>
        <Table
          caption={title}
          head={[t('content.staff.revision'), t('content.staff.date'), t('content.staff.titleCol'), t('content.staff.state')]}
          rows={revisions.map((r) => [String(r.revision), t.date(r.created_at, undefined, true), r.title, r.revision === tr.published_revision ? t('content.staff.live') : r.published ? t('content.staff.wasPublished') : t('content.staff.states.draft')])}
        />
      </Layout>,
    );
  });
}
