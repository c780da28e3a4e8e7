import { constants, createDecipheriv, createHash, generateKeyPairSync, privateDecrypt, timingSafeEqual } from 'node:crypto';
import { type XmlElement, textAt } from './xml.js';

/**
 * ODK's encrypted-form scheme (https://getodk.github.io/xforms-spec/encryption), on the receiving side: the record's
 * AES-256 key is wrapped with RSA-OAEP (SHA-256, MGF1 SHA-256), every file is AES-256-CFB with PKCS#7 padding under
 * an IV derived from md5(instanceID ‖ key) and incremented per file (media first, the XML last), and the optional
 * element signature is an RSA-wrapped md5 over the form id, version, wrapped key, instance id and each file's md5.
 */
export class DecryptionRefused extends Error {
  constructor(readonly reason: 'key' | 'file_missing' | 'padding' | 'signature' | 'manifest') {
    super(reason);
  }
}

export interface OfficeKeyPair {
  /** Base64 DER SubjectPublicKeyInfo, the form's `base64RsaPublicKey`. */
  publicKey: string;
  privateKeyPem: string;
}

export function generateOfficeKeyPair(): OfficeKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const;

export function unwrapKey(privateKeyPem: string, base64: string): Buffer {
  try {
    const key = privateDecrypt({ key: privateKeyPem, ...OAEP }, Buffer.from(base64, 'base64'));
    if (key.length !== 32) throw new DecryptionRefused('key');
    return key;
  } catch {
    throw new DecryptionRefused('key');
  }
}

/** The IV of the file at `index` (0 = the first file encrypted). */
export function fileIv(instanceId: string, key: Buffer, index: number): Buffer {
  const seed = createHash('md5').update(instanceId, 'utf8').update(key).digest();
  for (let i = 0; i <= index; i++) seed[i % 16] = ((seed[i % 16] as number) + 1) & 0xff;
  return seed;
}

export function decryptFile(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-cfb', key, iv);
  const out = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = out[out.length - 1] ?? 0;
  if (pad < 1 || pad > 16 || pad > out.length) throw new DecryptionRefused('padding');
  for (let i = out.length - pad; i < out.length; i++) if (out[i] !== pad) throw new DecryptionRefused('padding');
  return out.subarray(0, out.length - pad);
}

export interface EncryptedManifest {
  formId: string;
  version: string | undefined;
  instanceId: string;
  base64EncryptedKey: string;
  encryptedXmlFile: string;
  media: string[];
  signature: string | undefined;
}

/** Reads a submission manifest (`encrypted="yes"`), or undefined when the XML part is a plain instance. */
export function readManifest(root: XmlElement): EncryptedManifest | undefined {
  if (root.attrs.encrypted !== 'yes') return undefined;
  const formId = root.attrs.id;
  const instanceId = textAt(root, 'meta', 'instanceID');
  const base64EncryptedKey = textAt(root, 'base64EncryptedKey');
  const encryptedXmlFile = textAt(root, 'encryptedXmlFile');
  if (!formId || !instanceId || !base64EncryptedKey || !encryptedXmlFile) throw new DecryptionRefused('manifest');
  const media = root.children.filter((c) => c.name === 'media').map((m) => textAt(m, 'file') ?? '');
  if (media.some((m) => m === '')) throw new DecryptionRefused('manifest');
  return {
    formId,
    version: root.attrs.version,
    instanceId,
    base64EncryptedKey,
    encryptedXmlFile,
    media,
    signature: textAt(root, 'base64EncryptedElementSignature'),
  };
}

const plainName = (encName: string) => (encName.endsWith('.enc') ? encName.slice(0, -4) : encName);
const md5hex = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** The string whose md5 the element signature wraps (the spec's "Signature" section). */
export function signatureInput(
  m: Pick<EncryptedManifest, 'formId' | 'version' | 'base64EncryptedKey' | 'instanceId'>,
  files: Array<{ name: string; bytes: Buffer }>,
): string {
  const parts = [m.formId, ...(m.version ? [m.version] : []), m.base64EncryptedKey, m.instanceId, ...files.map((f) => `${f.name}::${md5hex(f.bytes)}`)];
  return `${parts.join('\n')}\n`;
}

export interface DecryptedRecord {
  xml: Buffer;
  media: Array<{ name: string; bytes: Buffer }>;
  signatureChecked: boolean;
}

/**
 * Decrypts a record: every file the manifest names must be present; a signature, when the client sent one, must
 * match (a tampered or mixed-up file is refused). Collect and Enketo send one; a record without it is still
 * decrypted, its files authenticated only by the padding check — the service records which it was.
 */
export function decryptRecord(privateKeyPem: string, m: EncryptedManifest, files: Map<string, Buffer>): DecryptedRecord {
  const key = unwrapKey(privateKeyPem, m.base64EncryptedKey);
  const order = [...m.media, m.encryptedXmlFile];
  const plain: Array<{ name: string; bytes: Buffer }> = [];
  order.forEach((encName, index) => {
    const data = files.get(encName);
    if (!data) throw new DecryptionRefused('file_missing');
    plain.push({ name: plainName(encName), bytes: decryptFile(key, fileIv(m.instanceId, key, index), data) });
  });
  let signatureChecked = false;
  if (m.signature) {
    let wrapped: Buffer;
    try {
      wrapped = privateDecrypt({ key: privateKeyPem, ...OAEP }, Buffer.from(m.signature, 'base64'));
    } catch {
      throw new DecryptionRefused('signature');
    }
    const expected = createHash('md5').update(signatureInput(m, plain), 'utf8').digest();
    if (wrapped.length !== expected.length || !timingSafeEqual(wrapped, expected)) throw new DecryptionRefused('signature');
    signatureChecked = true;
  }
  const xml = plain.pop() as { bytes: Buffer };
  return { xml: xml.bytes, media: plain, signatureChecked };
}
