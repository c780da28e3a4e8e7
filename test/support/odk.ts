import { constants, createCipheriv, createHash, publicEncrypt, randomBytes } from 'node:crypto';
import { fileIv, signatureInput } from '../../src/odk/odk-crypto.js';

/**
 * What ODK Collect does on the phone, for tests and the benchmark: encrypts a filled instance (and media) for a
 * form's `base64RsaPublicKey`, exactly as the ODK encryption specification says, and returns the manifest and the
 * `.enc` files to post. Abri itself never encrypts a submission; this exists so tests exercise the real scheme.
 */
export function encryptForForm(
  base64RsaPublicKey: string,
  record: { formId: string; version?: string; instanceId: string; xml: string; media?: Array<{ name: string; bytes: Buffer }> },
  options: { signature?: 'good' | 'bad' | 'none' } = {},
): { manifest: string; files: Array<{ name: string; bytes: Buffer }> } {
  const pem = `-----BEGIN PUBLIC KEY-----\n${base64RsaPublicKey}\n-----END PUBLIC KEY-----\n`;
  const oaep = { key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
  const key = randomBytes(32);
  const wrapped = publicEncrypt(oaep, key).toString('base64');
  const plainFiles = [...(record.media ?? []), { name: 'submission.xml', bytes: Buffer.from(record.xml, 'utf8') }];
  const files = plainFiles.map((f, i) => {
    const pad = 16 - (f.bytes.length % 16);
    const cipher = createCipheriv('aes-256-cfb', key, fileIv(record.instanceId, key, i));
    return { name: `${f.name}.enc`, bytes: Buffer.concat([cipher.update(Buffer.concat([f.bytes, Buffer.alloc(pad, pad)])), cipher.final()]) };
  });
  const meta = { formId: record.formId, version: record.version, base64EncryptedKey: wrapped, instanceId: record.instanceId };
  let signature = '';
  if (options.signature !== 'none') {
    const input = signatureInput(
      meta,
      options.signature === 'bad' ? plainFiles.map((f) => ({ ...f, bytes: Buffer.concat([f.bytes, Buffer.from('x')]) })) : plainFiles,
    );
    const digest = createHash('md5').update(input, 'utf8').digest();
    signature = `<base64EncryptedElementSignature>${publicEncrypt(oaep, digest).toString('base64')}</base64EncryptedElementSignature>`;
  }
  const media = (record.media ?? []).map((m) => `<media><file>${m.name}.enc</file></media>`).join('');
  const manifest = `<?xml version="1.0"?><data xmlns="http://opendatakit.org/submissions" id="${record.formId}" encrypted="yes"${record.version ? ` version="${record.version}"` : ''}><base64EncryptedKey>${wrapped}</base64EncryptedKey><encryptedXmlFile>submission.xml.enc</encryptedXmlFile>${media}${signature}<meta xmlns="http://openrosa.org/xforms"><instanceID>${record.instanceId}</instanceID></meta></data>`;
  return { manifest, files };
}

/** A filled screening instance, as Collect would write it for the generated form. */
export function screeningInstance(
  version: string,
  instanceId: string,
  over: { firstName?: string; consentScreening?: 'yes' | 'no'; indicators?: string; caseNumber?: string; started?: string } = {},
): string {
  const consent = over.consentScreening ?? 'yes';
  return `<?xml version="1.0"?><data xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms" id="abri-screening" version="${version}"><consent><screening>${consent}</screening><assistance>yes</assistance><sharing>no</sharing><contact>yes</contact></consent><person><case_number>${over.caseNumber ?? ''}</case_number><first_name>${over.firstName ?? 'Amina'}</first_name><last_name>Diallo</last_name><birth_date/><estimated_age>24</estimated_age><may_be_child>no</may_be_child><gender>Feminine</gender><citizenship>ML</citizenship><languages>Bambara, French</languages><phone>+223 70 00 00 00</phone></person><screening><exploitation>labour</exploitation><acts>recruitment transportation</acts><means>deception</means><purposes>forced_labour</purposes><ind_adultsLabour_0>${over.indicators ?? 'deceptive-recruitment:deceived-job-nature'}</ind_adultsLabour_0><notes>Met at the bus station.</notes></screening><started>${over.started ?? '2026-01-01T08:00:00.000+01:00'}</started><meta><instanceID>${instanceId}</instanceID></meta></data>`;
}

/** A filled field report instance for the generated report form. */
export function reportInstance(version: string, instanceId: string, description = 'Workers locked in a farm shed at night, passports taken.'): string {
  return `<?xml version="1.0"?><data id="abri-report" version="${version}"><who><reporterRole>professional</reporterRole></who><what><exploitation>ForcedLabour</exploitation><control>WithholdsDocuments</control><recruitment/></what><urgency><dangerNow>yes</dangerNow><recent24h>no</recent24h><children>no</children><peopleCount>6-20</peopleCount><whenText>since March</whenText></urgency><where><country>TN</country><place>Sfax</place><preciseLocation/><workplace/></where><details><description>${description}</description><names/><phones/></details><consent><contactOk>no</contactOk><contactHow/><contactWhen/><shareAssistance>yes</shareAssistance><sharePolice>no</sharePolice></consent><meta><instanceID>${instanceId}</instanceID></meta></data>`;
}

/** A multipart OpenRosa submission body: the XML part, then the files. */
export function submissionBody(
  xml: string,
  files: Array<{ name: string; bytes: Buffer }> = [],
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----odk${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  const part = (name: string, type: string, data: Buffer) => {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name === 'xml_submission_file' ? 'submission.xml' : name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      data,
      Buffer.from('\r\n'),
    );
  };
  part('xml_submission_file', 'text/xml', Buffer.from(xml, 'utf8'));
  for (const f of files) part(f.name, 'application/octet-stream', f.bytes);
  for (const [name, value] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-openrosa-version': '1.0' } };
}

export const publicKeyOf = (formXml: string) => /base64RsaPublicKey="([^"]+)"/.exec(formXml)?.[1];
export const versionOf = (formXml: string) => /<data id="[^"]+" version="([^"]+)"/.exec(formXml)?.[1] ?? '';
