import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CryptoError, KeyRing, MasterKeys } from '../../src/platform/crypto/keys.js';
import { normaliseDocument, normaliseName, normalisePhone } from '../../src/platform/crypto/normalise.js';
import { createOffice, createTestEnv, DIALECTS, type TestEnv } from '../support/index.js';

/** Flips one character of the base64url ciphertext part of an envelope. */
function tamper(envelope: string): string {
  const parts = envelope.split('.');
  const ct = parts[4] as string;
  const flipped = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1);
  return [...parts.slice(0, 4), flipped].join('.');
}

for (const dialect of DIALECTS) {
  describe(`encryption at rest (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    before(async () => {
      // Keys of its own: these tests read the key file this start created, and rotate it.
      env = await createTestEnv(dialect, {}, { fresh: true });
      officeId = await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env.close());

    it('round-trips strings, unicode and JSON values', async () => {
      for (const value of ['Amina Haddad', 'أمينة حداد', { phone: '+216 20 000 000', n: 3 }, '', 'x'.repeat(100_000)]) {
        const env1 = await env.ctx.keys.encrypt(officeId, value, { aad: 'people.name:1' });
        assert.ok(!env1.includes('Amina'));
        assert.deepEqual(await env.ctx.keys.decrypt(env1, 'people.name:1'), value);
      }
    });

    it('gives a different ciphertext each time (random IV)', async () => {
      const a = await env.ctx.keys.encrypt(officeId, 'same', { aad: 'aad' });
      const b = await env.ctx.keys.encrypt(officeId, 'same', { aad: 'aad' });
      assert.notEqual(a, b);
    });

    it('refuses a tampered ciphertext', async () => {
      const sealed = await env.ctx.keys.encrypt(officeId, 'secret', { aad: 'people.name:1' });
      await assert.rejects(env.ctx.keys.decrypt(tamper(sealed), 'people.name:1'), CryptoError);
      await assert.rejects(env.ctx.keys.decrypt(`${sealed.slice(0, -2)}xx`, 'people.name:1'), CryptoError);
      await assert.rejects(env.ctx.keys.decrypt('v1.nonsense', 'people.name:1'), CryptoError);
    });

    it('refuses a ciphertext moved to another row or column', async () => {
      const sealed = await env.ctx.keys.encrypt(officeId, 'secret', { aad: 'people.name:row-1' });
      await assert.rejects(env.ctx.keys.decrypt(sealed, 'people.name:row-2'), CryptoError);
      await assert.rejects(env.ctx.keys.decrypt(sealed, 'people.phone:row-1'), CryptoError);
    });

    it('encrypts files and refuses altered or moved ones', async () => {
      const bytes = Buffer.from('%PDF-1.7 a statement');
      const blob = await env.ctx.keys.encryptBytes(officeId, bytes, 'files:1');
      assert.ok(!blob.includes(Buffer.from('statement')));
      assert.deepEqual(await env.ctx.keys.decryptBytes(blob, 'files:1'), bytes);
      await assert.rejects(env.ctx.keys.decryptBytes(blob, 'files:2'), CryptoError);
      const altered = Buffer.from(blob);
      altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
      await assert.rejects(env.ctx.keys.decryptBytes(altered, 'files:1'), CryptoError);
    });

    it('uses a separate data key per office', async () => {
      const other = await createOffice(env.ctx, 'FR', 'FR');
      const a = await env.ctx.keys.encrypt(officeId, 'x', { aad: 'aad' });
      const b = await env.ctx.keys.encrypt(other, 'x', { aad: 'aad' });
      assert.notEqual(a.split('.')[1], b.split('.')[1]);
    });

    it('computes blind indexes that match equal normalised values only', async () => {
      const k = env.ctx.keys;
      assert.equal(await k.blindIndex('name', normaliseName('Amina  HADDAD')), await k.blindIndex('name', normaliseName('haddad, Amína')));
      assert.notEqual(await k.blindIndex('name', normaliseName('Amina Haddad')), await k.blindIndex('name', normaliseName('Amina Hadad')));
      assert.equal(await k.blindIndex('phone', normalisePhone('+33 6 12-34-56-78')), await k.blindIndex('phone', normalisePhone('06 12 34 56 78')));
      assert.equal(await k.blindIndex('doc', normaliseDocument('ab 12-34')), await k.blindIndex('doc', normaliseDocument('AB1234')));
      // The kind separates indexes: the same text as a name and as a place does not match.
      assert.notEqual(await k.blindIndex('name', 'tunis'), await k.blindIndex('place', 'tunis'));
      assert.ok(!(await k.blindIndex('name', 'tunis')).includes('tunis'));
    });

    it('keeps the master key file at mode 0600', () => {
      if (env.config.masterKey) return;
      const mode = statSync(join(env.config.dataDir, 'master.key')).mode & 0o777;
      assert.equal(mode, 0o600);
    });

    it('rotates keys: data keys re-wrapped, old data still readable, blind indexes unchanged, new writes on new keys', async () => {
      const sealed = await env.ctx.keys.encrypt(officeId, 'before rotation', { aad: 'people.name:r1' });
      const system = await env.ctx.keys.encrypt(null, 'totp secret', { aad: 'users.totp:r1' });
      const index = await env.ctx.keys.blindIndex('name', 'amina haddad');
      const before = JSON.parse(readFileSync(join(env.config.dataDir, 'master.key'), 'utf8')) as { active: string };
      const r = await env.ctx.keys.rotate();
      assert.ok(r.rewrapped >= 3);
      assert.notEqual(r.master, before.active);
      const wrappedUnder = await env.ctx.db.selectFrom('data_keys').select('master_key_id').distinct().execute();
      assert.deepEqual(wrappedUnder.map((w) => w.master_key_id), [r.master]);
      const file = JSON.parse(readFileSync(join(env.config.dataDir, 'master.key'), 'utf8')) as { active: string; keys: unknown[] };
      assert.equal(file.active, r.master);
      assert.equal(file.keys.length, 1);
      assert.equal(statSync(join(env.config.dataDir, 'master.key')).mode & 0o777, 0o600);
      assert.equal(statSync(r.archive).mode & 0o777, 0o600);

      // A fresh process (new key ring, empty caches) reads what was written before the rotation.
      const fresh = new KeyRing(env.ctx.db, new MasterKeys(env.config.dataDir, undefined));
      assert.equal(await fresh.decrypt(sealed, 'people.name:r1'), 'before rotation');
      assert.equal(await fresh.decrypt(system, 'users.totp:r1'), 'totp secret');
      assert.equal(await fresh.blindIndex('name', 'amina haddad'), index);
      const after = await fresh.encrypt(officeId, 'after', { aad: 'aad' });
      assert.notEqual(after.split('.')[1], sealed.split('.')[1]);
      assert.equal(await env.ctx.keys.decrypt(after, 'aad'), 'after');
    });
  });
}

describe('phone normalisation for blind indexes', () => {
  it('gives the same value with and without the country code, for 8- and 9-digit plans', () => {
    assert.equal(normalisePhone('+216 20 123 456'), normalisePhone('20 123 456'));
    assert.equal(normalisePhone('+33 6 12 34 56 78'), normalisePhone('06 12 34 56 78'));
    assert.equal(normalisePhone('00225 07 07 12 34 56'), normalisePhone('07 07 12 34 56'));
    assert.notEqual(normalisePhone('20 123 456'), normalisePhone('20 123 457'));
  });
});
