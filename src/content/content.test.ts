import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SaxesParser } from 'saxes';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type Signed, type TestEnv } from '../../test/support/index.js';
import { direction, LOCALES } from '../platform/i18n/i18n.js';
import { pageCacheSize } from '../platform/views/page-cache.js';
import * as repo from './content.repository.js';
import { readSeedDocument, SEED_ITEMS } from './content.seed.js';
import { publicPath } from './content.service.js';

/** Well-formed XML, or the parser's error. */
function parseXml(xml: string): { root: string; names: string[] } {
  const parser = new SaxesParser({ xmlns: true });
  const names: string[] = [];
  parser.on('opentag', (tag) => names.push(tag.uri ? `${tag.uri} ${tag.local}` : tag.name));
  parser.write(xml).close();
  return { root: names[0] ?? '', names };
}

for (const dialect of DIALECTS) {
  describe(`public content (${dialect})`, () => {
    let env: TestEnv;
    let editor: Signed;
    let admin: Signed;
    let caseWorker: Signed;

    before(async () => {
      env = await createTestEnv(dialect);
      const office = await createOffice(env.ctx);
      editor = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['editor'], officeId: office })).id);
      admin = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['administrator'], officeId: null })).id);
      caseWorker = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['case_worker'], officeId: office })).id);
    });
    after(async () => env?.close());

    const get = (url: string, cookie?: string) => env.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    const post = (url: string, who: Signed, data: Record<string, string | string[]>) =>
      env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });

    it('serves every seed page in the four languages, with alternates, canonical link and no missing text', async () => {
      for (const seed of SEED_ITEMS) {
        for (const locale of LOCALES) {
          const doc = readSeedDocument(seed.key, locale);
          const path = publicPath({ kind: seed.kind, key: seed.key }, locale, doc.slug);
          const r = await get(path);
          assert.equal(r.statusCode, 200, path);
          assert.ok(!r.body.includes('⟦'), `missing text on ${path}`);
          assert.match(r.body, new RegExp(`<html lang="${locale}" dir="${direction(locale)}"`));
          assert.ok(r.body.includes('rel="canonical"'), path);
          for (const other of LOCALES) assert.ok(r.body.includes(`hreflang="${other}"`), `${path} → ${other}`);
          assert.ok(r.body.includes('id="quick-exit"'), path);
          assert.equal(r.headers['set-cookie'], undefined, 'no cookie needed to read');
          assert.ok(Buffer.byteLength(r.body) < 30_000, `${path} is small`);
        }
      }
    });

    it('redirects / by Accept-Language and answers unknown pages with a localised 404', async () => {
      const r = await env.app.inject({ url: '/', headers: { 'accept-language': 'ar,fr;q=0.5' } });
      assert.equal(r.headers.location, '/ar/');
      const nf = await get('/fr/nexiste-pas');
      assert.equal(nf.statusCode, 404);
      assert.match(nf.body, /lang="fr"/);
    });

    it('lists news and serves a valid Atom feed per language and a valid sitemap', async () => {
      for (const locale of LOCALES) {
        const list = await get(`/${locale}/news`);
        assert.equal(list.statusCode, 200);
        const feed = await get(`/${locale}/news/feed.xml`);
        assert.equal(feed.statusCode, 200);
        assert.match(String(feed.headers['content-type']), /application\/atom\+xml/);
        const parsed = parseXml(feed.body);
        assert.equal(parsed.root, 'http://www.w3.org/2005/Atom feed');
        assert.ok(parsed.names.includes('http://www.w3.org/2005/Atom entry'));
      }
      const sm = await get('/sitemap.xml');
      assert.equal(sm.statusCode, 200);
      const parsed = parseXml(sm.body);
      assert.equal(parsed.root, 'http://www.sitemaps.org/schemas/sitemap/0.9 urlset');
      assert.equal(parsed.names.filter((n) => n.endsWith(' url')).length, SEED_ITEMS.length * LOCALES.length);
      assert.ok(sm.body.includes('http://localhost:3000/ar/ma-hiya-al-itijar'));
    });

    it('lets only editors and administrators reach the content staff pages', async () => {
      const anon = await get('/staff/content');
      assert.equal(anon.statusCode, 303);
      assert.match(String(anon.headers.location), /sign-in/);
      assert.equal((await get('/staff/content', caseWorker.cookie)).statusCode, 403);
      assert.equal((await get('/staff/content', editor.cookie)).statusCode, 200);
      assert.equal((await get('/staff/content', admin.cookie)).statusCode, 200);
      const home = await repo.findItemByKey(env.ctx.db, 'home');
      assert.ok(home);
      for (const url of [`/staff/content/${home.id}`, `/staff/content/${home.id}/fr`, `/staff/content/${home.id}/fr/history`, '/staff/content/new']) {
        assert.equal((await get(url, caseWorker.cookie)).statusCode, 403, url);
        assert.equal((await get(url, editor.cookie)).statusCode, 200, url);
      }
      const refused = await post('/staff/content', caseWorker, { kind: 'page', key: 'x-page', sourceLocale: 'en' });
      assert.equal(refused.statusCode, 403);
    });

    it('keeps drafts private, publishes a translation, flags it out of date when the source changes, and keeps history', async () => {
      const created = await post('/staff/content', editor, { kind: 'page', key: 'safe-travel', sourceLocale: 'en' });
      assert.equal(created.statusCode, 303);
      const item = await repo.findItemByKey(env.ctx.db, 'safe-travel');
      assert.ok(item);
      const draft = await post(`/staff/content/${item.id}/en`, editor, { slug: 'safe-travel', title: 'Travel safely', summary: 'Before you go.', body: 'Keep your passport.', action: 'save' });
      assert.equal(draft.statusCode, 303);
      assert.equal((await get('/en/safe-travel')).statusCode, 404, 'a draft is not public');
      await post(`/staff/content/${item.id}/en`, editor, { slug: 'safe-travel', title: 'Travel safely', summary: 'Before you go.', body: 'Keep your passport.', version: '1', action: 'publish' });
      assert.match((await get('/en/safe-travel')).body, /Keep your passport/);
      const fr = await post(`/staff/content/${item.id}/fr`, editor, { slug: 'voyager-en-securite', title: 'Voyager en sécurité', summary: 'Avant de partir.', body: 'Gardez votre passeport.', action: 'publish' });
      assert.equal(fr.statusCode, 303);
      const frPage = await get('/fr/voyager-en-securite');
      assert.equal(frPage.statusCode, 200);
      assert.match(frPage.body, /Gardez votre passeport/);
      assert.match(frPage.body, /hreflang="en" href="\/en\/safe-travel"/);
      let overview = await get('/staff/content', editor.cookie);
      const row = () => overview.body.slice(overview.body.indexOf('Travel safely'), overview.body.indexOf('</tr>', overview.body.indexOf('Travel safely')));
      assert.match(row(), /state-published/);
      const en = await repo.findTranslation(env.ctx.db, item.id, 'en');
      await post(`/staff/content/${item.id}/en`, editor, { slug: 'safe-travel', title: 'Travel safely', summary: 'Before you go.', body: 'Keep your passport and a copy.', version: String(en?.version), action: 'publish' });
      overview = await get('/staff/content', editor.cookie);
      assert.match(row(), /state-outdated/, 'the French translation is now out of date');
      const history = await get(`/staff/content/${item.id}/en/history`, editor.cookie);
      assert.equal(history.statusCode, 200);
      assert.equal((history.body.match(/<tr>/g) ?? []).length, 4, 'three revisions and a header row');
    });

    it('refuses a stale edit, a bad or reserved address, and renders no script from any field', async () => {
      const item = await repo.findItemByKey(env.ctx.db, 'safe-travel');
      assert.ok(item);
      const stale = await post(`/staff/content/${item.id}/en`, editor, { slug: 'safe-travel', title: 'Old', summary: 's', body: 'b', version: '1', action: 'save' });
      assert.equal(stale.statusCode, 409);
      const bad = await post(`/staff/content/${item.id}/es`, editor, { slug: 'Not A Slug', title: 't', summary: 's', body: 'b', action: 'save' });
      assert.equal(bad.statusCode, 400);
      const reserved = await post(`/staff/content/${item.id}/es`, editor, { slug: 'report', title: 't', summary: 's', body: 'b', action: 'save' });
      assert.equal(reserved.statusCode, 400);
      const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
      const r = await post(`/staff/content/${item.id}/es`, editor, { slug: 'viajar-seguro', title: evil, summary: evil, body: `${evil}\n\n[x](javascript:alert(3))`, action: 'publish' });
      assert.equal(r.statusCode, 303);
      const page = await get('/es/viajar-seguro');
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('<script>alert'), 'no script tag from content');
      assert.ok(!/<img|<[^>]*\sonerror=/i.test(page.body), 'no image and no event handler');
      assert.ok(!/href="javascript:/i.test(page.body), 'no script link');
    });

    it('clears the published-page cache on publish', async () => {
      const item = await repo.findItemByKey(env.ctx.db, 'how-to-report');
      assert.ok(item);
      const before = await get('/en/how-to-report');
      assert.ok(pageCacheSize() > 0, 'the page was cached');
      assert.ok(!before.body.includes('Updated reporting guidance'));
      const tr = await repo.findTranslation(env.ctx.db, item.id, 'en');
      assert.ok(tr);
      await post(`/staff/content/${item.id}/en`, editor, { slug: tr.slug, title: tr.title, summary: tr.summary, body: 'Updated reporting guidance.', version: String(tr.version), action: 'publish' });
      const afterPublish = await get('/en/how-to-report');
      assert.match(afterPublish.body, /Updated reporting guidance/);
    });

    it('archives a page: it stays readable with a banner in the visitor language linking to its successor', async () => {
      const old = await repo.findItemByKey(env.ctx.db, 'safe-travel');
      const successor = await repo.findItemByKey(env.ctx.db, 'warning-signs');
      assert.ok(old && successor);
      assert.equal((await post(`/staff/content/${old.id}/archive`, caseWorker, { successorId: successor.id, version: String(old.version) })).statusCode, 403);
      const r = await post(`/staff/content/${old.id}/archive`, editor, { successorId: successor.id, version: String(old.version) });
      assert.equal(r.statusCode, 303);
      const fr = await get('/fr/voyager-en-securite');
      assert.equal(fr.statusCode, 200);
      assert.match(fr.body, /class="archive-banner"/);
      assert.match(fr.body, /Cette page est archivée/);
      assert.match(fr.body, /href="\/fr\/recrutement-et-signes-d-alerte"/);
      const en = await get('/en/safe-travel');
      assert.match(en.body, /This page is archived/);
      assert.match(en.body, /href="\/en\/recruitment-and-warning-signs"/);
      const home = await get('/en/');
      assert.ok(!home.body.includes('Travel safely'), 'archived pages leave the home list');
      const homeItem = await repo.findItemByKey(env.ctx.db, 'home');
      assert.ok(homeItem);
      assert.equal((await post(`/staff/content/${homeItem.id}/archive`, editor, { version: String(homeItem.version) })).statusCode, 409);
    });
  });
}

describe('neutral titles', () => {
  it('gives every public page a neutral browser title when the option is on', async () => {
    const env = await createTestEnv('sqlite', { neutralTitles: true });
    try {
      for (const url of ['/en/', '/en/what-is-trafficking', '/ar/help', '/fr/self-check', '/es/news']) {
        const r = await env.app.inject({ url });
        const title = /<title>([^<]*)<\/title>/.exec(r.body)?.[1];
        const t = env.ctx.i18n.translator(url.split('/')[1] as 'en');
        assert.equal(title, t('layout.neutralTitle'), url);
      }
    } finally {
      await env.close();
    }
  });
});
