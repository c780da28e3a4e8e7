import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasPermission } from '../platform/auth/auth-user.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isLocale, type Locale, languageOwnName } from '../platform/i18n/i18n.js';
import { editModel, findItemOrFail, itemModel, itemRows, revisionRows } from './content-staff.service.js';
import { ContentHomePage, EditTranslationPage, HistoryPage, ItemPage, NewItemPage } from './content-staff.views.js';
import { ArchiveBody, ItemBody, TranslationBody, VersionBody } from './content.schema.js';
import * as service from './content.service.js';

const EDIT = { access: { permission: 'content.edit' } } as const;

function localeOf(request: FastifyRequest): Locale {
  const { locale } = request.params as { locale: string };
  if (!isLocale(locale)) throw new NotFoundError();
  return locale;
}

function itemIdOf(request: FastifyRequest): string {
  return (request.params as { id: string }).id;
}

/** The editors' side of the public site: items, their translations and states, revisions and archiving. */
export async function contentStaffRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/content', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const links = { comments: hasPermission(auth.user, 'comments.moderate'), directory: hasPermission(auth.user, 'directory.manage') };
    const layout = await staffLayout(request, request.t('content.staff.title'));
    return reply.page(ContentHomePage({ layout, items: await itemRows(ctx.db), links }));
  });

  const newItemPage = async (request: FastifyRequest, again?: FormProblem) =>
    NewItemPage({ layout: await staffLayout(request, request.t('content.staff.new')), csrf: requireAuth(request).session?.csrf_secret, again });

  app.get('/staff/content/new', { config: EDIT }, async (request, reply) => reply.page(await newItemPage(request)));

  app.post('/staff/content', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    let sourceLocale = '';
    return formAction(request, reply, {
      schema: ItemBody,
      run: (value) => {
        sourceLocale = value.sourceLocale;
        return service.createItem(ctx, auth.user, value);
      },
      rerender: (problem) => newItemPage(request, problem),
      done: (id) => ({ to: `/staff/content/${id}/${sourceLocale}` }),
    });
  });

  app.get('/staff/content/:id', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const model = await itemModel(ctx.db, await findItemOrFail(ctx.db, itemIdOf(request)));
    return reply.page(ItemPage({ layout: await staffLayout(request, model.title), model, csrf: auth.session?.csrf_secret ?? '' }));
  });

  app.post('/staff/content/:id/archive', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const item = await findItemOrFail(ctx.db, itemIdOf(request));
    const form = parseForm(ArchiveBody, request.body);
    if (!form.ok) throw new ValidationError(form.errors);
    await service.archiveItem(ctx, { user: auth.user, itemId: item.id, successorId: form.value.successorId, version: form.value.version });
    await setFlash(request, { kind: 'success', key: 'content.staff.archivedDone' });
    return reply.redirect(`/staff/content/${item.id}`, 303);
  });

  app.post('/staff/content/:id/restore', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const item = await findItemOrFail(ctx.db, itemIdOf(request));
    const form = parseForm(VersionBody, request.body);
    if (!form.ok) throw new ValidationError(form.errors);
    await service.restoreItem(ctx, { user: auth.user, itemId: item.id, version: form.value.version });
    await setFlash(request, { kind: 'success', key: 'content.staff.restoredDone' });
    return reply.redirect(`/staff/content/${item.id}`, 303);
  });

  const editPage = async (request: FastifyRequest, opts: { itemId: string; locale: Locale; again?: FormProblem }) => {
    const model = await editModel(ctx.db, await findItemOrFail(ctx.db, opts.itemId), opts.locale);
    const layout = await staffLayout(request, request.t('content.staff.editTitle', { language: languageOwnName(opts.locale) }));
    return EditTranslationPage({ layout, model, csrf: requireAuth(request).session?.csrf_secret, again: opts.again });
  };

  app.get('/staff/content/:id/:locale', { config: EDIT }, async (request, reply) => {
    const item = await findItemOrFail(ctx.db, itemIdOf(request));
    return reply.page(await editPage(request, { itemId: item.id, locale: localeOf(request) }));
  });

  app.post('/staff/content/:id/:locale', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const item = await findItemOrFail(ctx.db, itemIdOf(request));
    const locale = localeOf(request);
    let publish = false;
    return formAction(request, reply, {
      schema: TranslationBody,
      run: (value) => {
        publish = value.action === 'publish';
        return service.saveTranslation(ctx, { user: auth.user, itemId: item.id, locale, input: value, publish });
      },
      rerender: (again) => editPage(request, { itemId: item.id, locale, again }),
      done: () => ({ to: `/staff/content/${item.id}`, flash: publish ? 'content.staff.publishedDone' : 'content.staff.savedDone' }),
    });
  });

  app.get('/staff/content/:id/:locale/history', { config: EDIT }, async (request, reply) => {
    const item = await findItemOrFail(ctx.db, itemIdOf(request));
    const locale = localeOf(request);
    const revisions = await revisionRows(ctx.db, item, locale);
    const layout = await staffLayout(request, request.t('content.staff.historyTitle', { language: languageOwnName(locale) }));
    return reply.page(HistoryPage({ layout, itemId: item.id, revisions }));
  });
}
