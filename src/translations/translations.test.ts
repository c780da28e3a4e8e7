import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/support/index.js';
import { LANGUAGES, LOCALES, LOCALES_DIR, loadLanguageConfig, negotiateLocale } from '../platform/i18n/i18n.js';
import { hasSeedDocument, readSeedDocument, SEED_ITEMS, seedNewLanguages } from '../content/content.seed.js';
import { saveTranslation } from '../content/content.service.js';
import { readCatalogFacts } from './catalog-status.js';

describe('languages are data (locales/languages.json)', () => {
  it('lists ten languages, each with its folder, every namespace and the public pages', () => {
    assert.deepEqual([...LOCALES], ['fr', 'en', 'es', 'ar', 'pt', 'ru', 'uk', 'sw', 'fa', 'ur']);
    for (const facts of readCatalogFacts()) {
      for (const ns of facts.namespaces) assert.deepEqual(ns.missing, [], `${facts.locale}/${ns.namespace}.json lacks messages`);
    }
    for (const l of LOCALES) for (const seed of SEED_ITEMS) assert.ok(hasSeedDocument(seed.key, l), `src/content/seed/${seed.key}.${l}.md is missing`);
  });

  it('names each language in its own script and lays Arabic, Farsi and Urdu out right to left', () => {
    const byCode = new Map(LANGUAGES.map((l) => [l.code, l]));
    assert.equal(byCode.get('ru')?.name, 'Русский');
    assert.equal(byCode.get('uk')?.name, 'Українська');
    assert.equal(byCode.get('fa')?.name, 'فارسی');
    assert.equal(byCode.get('ur')?.name, 'اردو');
    assert.deepEqual(
      LANGUAGES.filter((l) => l.dir === 'rtl').map((l) => l.code),
      ['ar', 'fa', 'ur'],
    );
  });

  it('chooses a new language from Accept-Language, and Dari readers get Farsi', () => {
    assert.equal(negotiateLocale('pt-BR,pt;q=0.9'), 'pt');
    assert.equal(negotiateLocale('uk-UA,ru;q=0.8'), 'uk');
    assert.equal(negotiateLocale('prs-AF'), 'fa');
    assert.equal(negotiateLocale('sw-KE'), 'sw');
  });

  it('finds the messages a new language lacks, and refuses a malformed configuration with its reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'abri-locales-'));
    try {
      cpSync(LOCALES_DIR, dir, { recursive: true });
      // A language added by data alone: a folder and one line. One message left out on purpose.
      cpSync(join(dir, 'en'), join(dir, 'nl'), { recursive: true });
      const layout = JSON.parse(readFileSync(join(dir, 'nl', 'layout.json'), 'utf8')) as Record<string, unknown>;
      delete layout.quickExit;
      writeFileSync(join(dir, 'nl', 'layout.json'), JSON.stringify(layout));
      rmSync(join(dir, 'nl', '_review.json'));
      const config = JSON.parse(readFileSync(join(dir, 'languages.json'), 'utf8')) as { languages: unknown[] };
      config.languages.push({ code: 'nl', name: 'Nederlands', dir: 'ltr', script: 'Latn' });
      writeFileSync(join(dir, 'languages.json'), JSON.stringify(config));
      assert.deepEqual(
        loadLanguageConfig(dir).languages.map((l) => l.code),
        [...LOCALES, 'nl'],
      );
      const nl = readCatalogFacts(dir, ['nl'])[0];
      const layoutFacts = nl?.namespaces.find((n) => n.namespace === 'layout');
      assert.deepEqual(layoutFacts?.missing, ['quickExit']);
      assert.ok(
        nl?.namespaces.every((n) => n.fileStatus === 'draft'),
        'a catalog that says nothing of itself is a draft',
      );

      config.languages.push({ code: 'nl', name: 'Nederlands', dir: 'ltr', script: 'Latn' });
      writeFileSync(join(dir, 'languages.json'), JSON.stringify(config));
      assert.throws(() => loadLanguageConfig(dir), /nl is listed twice/);
      writeFileSync(join(dir, 'languages.json'), JSON.stringify({ languages: [{ code: 'xx', name: 'X', dir: 'down' }] }));
      assert.throws(() => loadLanguageConfig(dir), /needs "dir"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`translation status page (${dialect})`, () => {
    let env: TestEnv;
    let editor: { cookie: string; csrf: string };
    before(async () => {
      env = await createTestEnv(dialect);
      editor = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['editor'] })).id);
    });
    after(async () => env.close());

    const post = (locale: string, data: Record<string, string>) =>
      env.app.inject({
        method: 'POST',
        url: `/staff/translations/${locale}`,
        headers: { ...FORM, cookie: editor.cookie },
        payload: form({ _csrf: editor.csrf, ...data }),
      });

    it('shows every language with its own name, how complete it is, and the new ones as drafts', async () => {
      const res = await env.app.inject({ method: 'GET', url: '/staff/translations', headers: { cookie: editor.cookie } });
      assert.equal(res.statusCode, 200);
      for (const l of LANGUAGES) assert.ok(res.body.includes(`lang="${l.code}" dir="${l.dir}">${l.name}</a>`), l.code);
      const ur = await env.app.inject({ method: 'GET', url: '/staff/translations/ur', headers: { cookie: editor.cookie } });
      assert.equal(ur.statusCode, 200);
      assert.match(ur.body, /Draft — needs review by a native speaker/);
      assert.doesNotMatch(ur.body, /Reviewed by an editor/);
    });

    it('lets an editor mark a part reviewed and back, audited, and not the source language', async () => {
      const marked = await post('ur', { namespace: 'reports', status: 'reviewed' });
      assert.equal(marked.statusCode, 303);
      const page = await env.app.inject({ method: 'GET', url: '/staff/translations/ur', headers: { cookie: editor.cookie } });
      const row = /<code>reports<\/code>[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? '';
      assert.match(row, /Reviewed by an editor/);
      assert.match(row, /Test editor/);
      const events = await env.ctx.db.selectFrom('audit_events').select(['type', 'subject_id']).where('type', '=', 'translations.reviewed').execute();
      assert.deepEqual(events, [{ type: 'translations.reviewed', subject_id: 'ur/reports' }]);

      // The mark holds for the text it was made on: a catalog changed by an upgrade asks for review again.
      await env.ctx.db
        .updateTable('catalog_reviews')
        .set({ content_hash: 'f'.repeat(64) })
        .where('locale', '=', 'ur')
        .execute();
      const changed = await env.app.inject({ method: 'GET', url: '/staff/translations/ur', headers: { cookie: editor.cookie } });
      assert.match(/<code>reports<\/code>[\s\S]*?<\/tr>/.exec(changed.body)?.[0] ?? '', /Changed since it was reviewed/);

      const source = await post('en', { namespace: 'reports', status: 'reviewed' });
      assert.equal(source.statusCode, 400);
      assert.match(source.body, /English is the source language/);
      const unknownPart = await post('fa', { namespace: 'nowhere', status: 'reviewed' });
      assert.equal(unknownPart.statusCode, 400);
      assert.match(unknownPart.body, /Choose a part of the catalog/);
      const badStatus = await post('fa', { namespace: 'reports', status: 'perfect' });
      assert.equal(badStatus.statusCode, 400);
      const unknownLanguage = await post('xx', { namespace: 'reports', status: 'reviewed' });
      assert.equal(unknownLanguage.statusCode, 404);
      assert.equal((await env.ctx.db.selectFrom('catalog_reviews').selectAll().execute()).length, 1, 'nothing half-made');
    });

    it('gives an installation seeded before a language existed its starting pages in that language, never over an office page', async () => {
      // As if the installation had been seeded before Portuguese and Urdu came: their starting pages are not there.
      const gone = await env.ctx.db.selectFrom('content_translations').select('id').where('locale', 'in', ['pt', 'ur']).execute();
      await env.ctx.db
        .deleteFrom('content_revisions')
        .where(
          'translation_id',
          'in',
          gone.map((g) => g.id),
        )
        .execute();
      await env.ctx.db.deleteFrom('content_translations').where('locale', 'in', ['pt', 'ur']).execute();
      // The office meanwhile wrote its own Urdu home page at the seed page's address: it stays.
      const home = await env.ctx.db.selectFrom('content_items').select('id').where('key', '=', 'home').executeTakeFirstOrThrow();
      const slug = readSeedDocument('home', 'ur').slug;
      const officeText = { slug, title: 'Office home', summary: 'Written by the office', body: 'Our own words.' };
      await saveTranslation(env.ctx, { user: null, itemId: home.id, locale: 'ur', input: officeText, publish: true });
      assert.equal(await seedNewLanguages(env.ctx), SEED_ITEMS.length * 2 - 1);
      assert.equal(await seedNewLanguages(env.ctx), 0, 'nothing added twice');
      const urHome = await env.ctx.db
        .selectFrom('content_translations')
        .selectAll()
        .where('item_id', '=', home.id)
        .where('locale', '=', 'ur')
        .executeTakeFirstOrThrow();
      assert.equal(urHome.published_title, 'Office home');
      const page = await env.app.inject({ url: `/pt/${readSeedDocument('what-is-trafficking', 'pt').slug}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="pt" dir="ltr"/);
    });

    it('refuses staff who do not edit content', async () => {
      const worker = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['case_worker'] })).id);
      const res = await env.app.inject({ method: 'GET', url: '/staff/translations', headers: { cookie: worker.cookie } });
      assert.equal(res.statusCode, 403);
    });
  });
}
