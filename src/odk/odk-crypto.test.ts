import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DecryptionRefused, decryptFile, decryptRecord, fileIv, generateOfficeKeyPair, readManifest, unwrapKey } from './odk-crypto.js';
import { encryptForForm } from '../../test/support/odk.js';
import { parseXml, XmlRefused } from './xml.js';

const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/odk/collect-1.22.4-encrypted.json', import.meta.url), 'utf8'));
const centralKey = readFileSync(new URL('../../test/fixtures/odk/central-test-priv.pem', import.meta.url), 'utf8');

describe('ODK encryption (receiving side)', () => {
  it('derives the IVs of the specification’s test vectors', () => {
    const v = fixture.ivVectors;
    for (const [i, hex] of Object.entries(v.ivs as Record<string, string>))
      assert.equal(fileIv(v.instanceId, Buffer.from(v.aesKey, 'base64'), Number(i)).toString('hex'), hex, `iv ${i}`);
  });

  it('decrypts a record ODK Collect 1.22.4 encrypted (RSA-OAEP SHA-256 key, AES-256-CFB, PKCS#7)', () => {
    const key = unwrapKey(centralKey, fixture.base64EncryptedKey);
    const xml = decryptFile(key, fileIv(fixture.instanceId, key, fixture.ivIndex), Buffer.from(fixture.submissionXmlEnc, 'base64'));
    assert.equal(xml.toString('utf8'), fixture.plaintext);
  });

  it('reads the specification’s example manifest', () => {
    const m = readManifest(parseXml(readFileSync(new URL('../../test/fixtures/odk/spec-manifest.xml', import.meta.url))));
    assert.ok(m);
    assert.equal(m.formId, 'mysurvey');
    assert.equal(m.version, '2014083101');
    assert.deepEqual(m.media, ['myimage.jpg.enc', 'myaudio.mp3.enc']);
    assert.equal(m.encryptedXmlFile, 'submission.xml.enc');
    assert.equal(m.instanceId, 'uuid:5b9cf8d1-106f-4004-844f-c072d76762ed');
  });

  it('round-trips a record with media and checks the signature; a wrong key, a changed file or a missing one is refused', () => {
    const pair = generateOfficeKeyPair();
    const media = [{ name: 'photo.jpg', bytes: Buffer.from('not really a jpeg') }];
    const sealed = encryptForForm(pair.publicKey, { formId: 'f', version: '1', instanceId: 'uuid:1', xml: '<data id="f"/>', media });
    const m = readManifest(parseXml(sealed.manifest));
    assert.ok(m);
    const files = new Map(sealed.files.map((f) => [f.name, f.bytes]));
    const r = decryptRecord(pair.privateKeyPem, m, files);
    assert.equal(r.xml.toString(), '<data id="f"/>');
    assert.equal(r.media[0]?.bytes.toString(), 'not really a jpeg');
    assert.equal(r.signatureChecked, true);
    const other = generateOfficeKeyPair();
    assert.throws(
      () => decryptRecord(other.privateKeyPem, m, files),
      (e) => e instanceof DecryptionRefused && e.reason === 'key',
    );
    const swapped = new Map(files);
    swapped.set('photo.jpg.enc', files.get('submission.xml.enc') as Buffer);
    swapped.set('submission.xml.enc', files.get('photo.jpg.enc') as Buffer);
    assert.throws(() => decryptRecord(pair.privateKeyPem, m, swapped), DecryptionRefused);
    const partial = new Map(files);
    partial.delete('photo.jpg.enc');
    assert.throws(
      () => decryptRecord(pair.privateKeyPem, m, partial),
      (e) => e instanceof DecryptionRefused && e.reason === 'file_missing',
    );
    const bad = encryptForForm(pair.publicKey, { formId: 'f', instanceId: 'uuid:2', xml: '<data id="f"/>' }, { signature: 'bad' });
    const mb = readManifest(parseXml(bad.manifest));
    assert.ok(mb);
    assert.throws(
      () => decryptRecord(pair.privateKeyPem, mb, new Map(bad.files.map((f) => [f.name, f.bytes]))),
      (e) => e instanceof DecryptionRefused && e.reason === 'signature',
    );
  });
});

describe('XML intake', () => {
  it('refuses document types (entity bombs, external entities), undefined entities, depth and size beyond the caps', () => {
    const reason = (x: string, lim = {}) => {
      try {
        parseXml(x, lim);
        return 'parsed';
      } catch (e) {
        return e instanceof XmlRefused ? e.reason : 'other';
      }
    };
    assert.equal(reason('<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'), 'doctype');
    assert.equal(reason('<!DOCTYPE a SYSTEM "http://example.org/a.dtd"><a/>'), 'doctype');
    assert.equal(reason('<a>&nbsp;</a>'), 'malformed');
    assert.equal(reason('<a><b></a>'), 'malformed');
    assert.equal(reason(`${'<a>'.repeat(60)}${'</a>'.repeat(60)}`), 'too_deep');
    assert.equal(reason(`<a>${'<b/>'.repeat(50)}</a>`, { maxElements: 20 }), 'too_many');
    assert.equal(reason('<a>xxxxxxxx</a>', { maxBytes: 5 }), 'too_large');
    const ok = parseXml('<h:data xmlns:h="x" id="1"><h:b>t &amp; u</h:b><![CDATA[<z>]]></h:data>');
    assert.equal(ok.name, 'data');
    assert.equal(ok.children[0]?.text, 't & u');
  });
});
