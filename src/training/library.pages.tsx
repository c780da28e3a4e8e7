import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasPermission } from '../platform/auth/auth-user.js';
import { ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { ActionButton, type FieldErrors, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import * as library from './library.service.js';
import { trainingScope } from './training.policy.js';
import { officesByIds } from './training.repository.js';
import { LIBRARY_LANGUAGES, LibraryBody, LibraryQuery, TRAINING_TOPICS } from './training.schema.js';

const READ = { access: { permission: 'training.library' } } as const;
const MANAGE = { access: { permission: 'training.manage' } } as const;

export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function sizeLabel(bytes: number, locale: string): string {
  const fmt = (n: number, unit: 'kilobyte' | 'megabyte') => new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(n);
  return bytes < 1024 * 1024 ? fmt(Math.max(1, Math.round(bytes / 1024)), 'kilobyte') : fmt(bytes / (1024 * 1024), 'megabyte');
}

export async function libraryPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/training/library', { config: READ }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const q = parseForm(LibraryQuery, request.query);
    const filter = q.ok ? q.value : {};
    const docs = await library.listDocuments(ctx, filter);
    const manager = hasPermission(auth.user, 'training.manage');
    const scope = trainingScope(auth.user);
    return reply.page(
      <Layout {...(await staffLayout(request, t('training.library.title')))}>
        <h1>{t('training.library.title')}</h1>
        <p>{t('training.library.intro')}</p>
        {manager ? (
          <p>
            <a class="button" href="/staff/training/library/new">
              {t('training.library.add')}
            </a>
          </p>
        ) : null}
        <Form t={t} method="get" action="/staff/training/library" class="form form-inline">
          <Select t={t} name="topic" label={t('training.fields.topic')} options={TRAINING_TOPICS.map((x) => ({ value: x, label: t(`training.topics.${x}`) }))} value={filter.topic ?? ''} emptyLabel={t('training.library.allTopics')} />
          <Select t={t} name="language" label={t('training.library.language')} options={LIBRARY_LANGUAGES.map((l) => ({ value: l, label: languageName(l, t.locale) }))} value={filter.language ?? ''} emptyLabel={t('training.library.allLanguages')} />
          <Submit label={t('training.library.filter')} secondary />
        </Form>
        <Table
          caption={t('training.library.documents')}
          head={[t('training.library.docTitle'), t('training.fields.topic'), t('training.library.language'), t('training.library.size'), ...(manager ? [t('training.library.actions')] : [])]}
          rows={docs.map((d) => [
            <>
              <a href={`/staff/training/library/${d.id}`} hrefLang={d.language} download={d.file_name}>
                {d.title}
              </a>
              {d.description ? <p class="hint">{d.description}</p> : null}
            </>,
            t(`training.topics.${d.topic}`),
            languageName(d.language, t.locale),
            `${d.file_name.split('.').pop()?.toUpperCase() ?? ''} · ${sizeLabel(d.size_bytes, t.locale)}`,
            ...(manager
              ? [scope === 'all' || scope.includes(d.office_id) ? <ActionButton action={`/staff/training/library/${d.id}/remove`} csrf={auth.session?.csrf_secret ?? ''} label={t('training.library.remove')} danger /> : '']
              : []),
          ])}
          empty={t('training.library.none')}
        />
      </Layout>,
    );
  });

  const uploadForm = async (request: FastifyRequest, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const offices = await officesByIds(ctx.db, trainingScope(auth.user));
    const v = (k: string) => (typeof raw?.[k] === 'string' ? (raw[k] as string) : '');
    const labels = {
      officeId: t('training.fields.office'),
      title: t('training.library.docTitle'),
      description: t('training.library.description'),
      topic: t('training.fields.topic'),
      language: t('training.library.language'),
      file: t('training.library.file'),
    };
    const maxMb = Math.min(library.LIBRARY_MAX_BYTES, ctx.config.maxUploadMb * 1024 * 1024) / (1024 * 1024);
    return (
      <Layout {...(await staffLayout(request, t('training.library.add')))}>
        <p>
          <a href="/staff/training/library">{t('training.library.title')}</a>
        </p>
        <h1>{t('training.library.add')}</h1>
        <Form t={t} action="/staff/training/library" multipart csrf={auth.session?.csrf_secret} errors={errors} hasRequired labels={labels}>
          {offices.length > 1 ? (
            <Select t={t} name="officeId" label={labels.officeId} options={offices.map((o) => ({ value: o.id, label: `${o.code} · ${o.name}` }))} value={v('officeId')} emptyLabel={t('forms.choose')} required error={errors?.officeId} />
          ) : null}
          <TextField t={t} name="title" label={labels.title} value={v('title')} required error={errors?.title} />
          <TextArea t={t} name="description" label={labels.description} value={v('description')} rows={3} error={errors?.description} />
          <Select t={t} name="topic" label={labels.topic} options={TRAINING_TOPICS.map((x) => ({ value: x, label: t(`training.topics.${x}`) }))} value={v('topic')} emptyLabel={t('forms.choose')} required error={errors?.topic} />
          <Select t={t} name="language" label={labels.language} options={LIBRARY_LANGUAGES.map((l) => ({ value: l, label: languageName(l, t.locale) }))} value={v('language')} emptyLabel={t('forms.choose')} required error={errors?.language} />
          <div class={`field${errors?.file ? ' field-has-error' : ''}`}>
            <label for="f-file" class="label">
              {labels.file}
              <span class="required" aria-hidden="true">
                {' '}
                *
              </span>
            </label>
            <p class="hint" id="f-file-hint">
              {t('training.library.fileHint', { mb: maxMb })}
            </p>
            {errors?.file ? (
              <p class="field-error" id="f-file-error">
                <span class="visually-hidden">{t('forms.errorPrefix')} </span>
                {t(errors.file)}
              </p>
            ) : null}
            <input id="f-file" name="file" type="file" required aria-describedby={errors?.file ? 'f-file-hint f-file-error' : 'f-file-hint'} aria-invalid={errors?.file ? 'true' : undefined} />
          </div>
          <Submit label={t('training.library.upload')} />
        </Form>
      </Layout>
    );
  };

  app.get('/staff/training/library/new', { config: MANAGE }, async (request, reply) => reply.page(await uploadForm(request)));

  app.post('/staff/training/library', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const form = parseForm(LibraryBody, body);
    if (!form.ok) return reply.page(await uploadForm(request, form.errors, form.raw), 400);
    try {
      await library.addDocument(ctx, auth.user, form.value, body.file);
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await uploadForm(request, e.fields, form.value), 400);
      throw e;
    }
    await setFlash(request, 'success', 'training.library.added');
    return reply.redirect('/staff/training/library', 303);
  });

  app.get('/staff/training/library/:id', { config: READ }, async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    const { doc, bytes } = await library.readDocument(ctx, auth.user, id);
    const ascii = doc.file_name.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .header('content-type', doc.media_type)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.file_name)}`)
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });

  app.post('/staff/training/library/:id/remove', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    await library.removeDocument(ctx, auth.user, id);
    await setFlash(request, 'success', 'training.library.removed');
    return reply.redirect('/staff/training/library', 303);
  });
}
