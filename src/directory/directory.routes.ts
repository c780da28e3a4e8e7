import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { parseForm } from '../platform/http/forms.js';
import { publicLayout, requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { LOCALES, type Locale } from '../platform/i18n/i18n.js';
import { DirectoryQuery, EntryBody } from './directory.schema.js';
import { allEntries, createEntry, findEntryOrFail, publicDirectory, updateEntry } from './directory.service.js';
import type { DirectoryEntry } from './directory.table.js';
import { DirectoryPage, EntryFormPage, EntryListPage } from './directory.views.js';
import { StaySafePage } from './stay-safe.views.js';

const PUBLIC = { access: 'public' } as const;
const MANAGE = { access: { permission: 'directory.manage' } } as const;

/** The help directory: hotlines and organisations by country; administrators keep it up to date. */
export async function directoryRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  for (const locale of LOCALES) {
    const alternates = Object.fromEntries(LOCALES.map((l) => [l, `/${l}/help`])) as Record<Locale, string>;
    app.get(`/${locale}/help`, { config: PUBLIC }, async (request, reply) => {
      const query = parseForm(DirectoryQuery, request.query);
      const country = query.ok ? query.value.country : undefined;
      const { countries, entries, starter, international } = await publicDirectory(ctx.db, { locale, country });
      const layout = publicLayout(request, request.t('directory.title'), alternates);
      return reply.page(DirectoryPage({ layout, countries, country, queryErrors: query.ok ? undefined : query.errors, entries, starter, international }));
    });
    const staySafe = Object.fromEntries(LOCALES.map((l) => [l, `/${l}/stay-safe`])) as Record<Locale, string>;
    app.get(`/${locale}/stay-safe`, { config: PUBLIC }, async (request, reply) =>
      reply.page(StaySafePage({ layout: publicLayout(request, request.t('safety.staySafe.title'), staySafe) })),
    );
  }

  const entryForm = async (request: FastifyRequest, entry: DirectoryEntry | undefined, again?: FormProblem) => {
    const layout = await staffLayout(request, entry ? request.t('directory.staff.edit') : request.t('directory.staff.new'));
    return EntryFormPage({ layout, entry, csrf: requireAuth(request).session?.csrf_secret, again });
  };

  app.get('/staff/directory', { config: MANAGE }, async (request, reply) => {
    const layout = await staffLayout(request, request.t('directory.staff.title'));
    return reply.page(EntryListPage({ layout, entries: await allEntries(ctx.db) }));
  });

  app.get('/staff/directory/new', { config: MANAGE }, async (request, reply) => reply.page(await entryForm(request, undefined)));

  app.post('/staff/directory', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    return formAction(request, reply, {
      schema: EntryBody,
      run: (value) => createEntry(ctx, auth.user, value),
      rerender: (again) => entryForm(request, undefined, again),
      done: () => ({ to: '/staff/directory', flash: 'forms.saved' }),
    });
  });

  const load = (request: FastifyRequest) => findEntryOrFail(ctx.db, (request.params as { id: string }).id);

  app.get('/staff/directory/:id', { config: MANAGE }, async (request, reply) => reply.page(await entryForm(request, await load(request))));

  app.post('/staff/directory/:id', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const entry = await load(request);
    return formAction(request, reply, {
      schema: EntryBody,
      run: (value) => updateEntry(ctx, { user: auth.user, id: entry.id, input: value }),
      rerender: (again) => entryForm(request, entry, again),
      done: () => ({ to: '/staff/directory', flash: 'forms.saved' }),
    });
  });
}
