import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db, Executor } from '../db/database.js';
import { newId, nowIso } from '../ids.js';
import * as repo from './keys.repository.js';

export class CryptoError extends Error {
  readonly code = 'CRYPTO';
}

interface MasterKeyEntry {
  id: string;
  key: string;
  created_at: string;
}
interface MasterKeyFile {
  active: string;
  keys: MasterKeyEntry[];
}

const KEY_FILE = 'master.key';

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** Where the master key lives: a 0600 file in the data directory, or the environment. */
export class MasterKeys {
  private keys = new Map<string, Buffer>();
  private activeId = '';

  constructor(
    private readonly dataDir: string,
    private readonly fromEnv: string | undefined,
  ) {
    this.load();
  }

  private get file(): string {
    return join(this.dataDir, KEY_FILE);
  }

  /** Creates the key file on first run. Returns true when it did. */
  static ensure(dataDir: string, fromEnv: string | undefined): boolean {
    if (fromEnv) return false;
    const file = join(dataDir, KEY_FILE);
    if (existsSync(file)) return false;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    const content: MasterKeyFile = { active: keyIdOf(key), keys: [{ id: keyIdOf(key), key: key.toString('base64'), created_at: nowIso() }] };
    writeFileSync(file, JSON.stringify(content, null, 2), { mode: 0o600, flag: 'wx' });
    return true;
  }

  load(): void {
    this.keys.clear();
    if (this.fromEnv) {
      const key = Buffer.from(this.fromEnv, 'base64');
      this.activeId = keyIdOf(key);
      this.keys.set(this.activeId, key);
      return;
    }
    if (!existsSync(this.file)) throw new CryptoError(`Master key file missing: ${this.file}`);
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as MasterKeyFile;
    for (const entry of parsed.keys) this.keys.set(entry.id, Buffer.from(entry.key, 'base64'));
    this.activeId = parsed.active;
  }

  get active(): { id: string; key: Buffer } {
    const key = this.keys.get(this.activeId);
    if (!key) throw new CryptoError('Active master key not found');
    return { id: this.activeId, key };
  }

  get(id: string): Buffer {
    let key = this.keys.get(id);
    if (!key) {
      // Another process may have rotated the master key: read the file again once.
      this.load();
      key = this.keys.get(id);
    }
    if (!key) throw new CryptoError(`Unknown master key ${id}`);
    return key;
  }

  /** Adds a new active master key to the file, keeping the old one until re-wrapping is done. */
  addNew(): { id: string; previous: string } {
    if (this.fromEnv) throw new CryptoError('The master key comes from ABRI_MASTER_KEY: rotate it there');
    const previous = this.activeId;
    const key = randomBytes(32);
    const id = keyIdOf(key);
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as MasterKeyFile;
    parsed.keys.push({ id, key: key.toString('base64'), created_at: nowIso() });
    parsed.active = id;
    this.writeFile(parsed);
    this.load();
    return { id, previous };
  }

  /** Moves a retired master key out of the live key file into its own file, for the operator to archive. */
  retire(id: string): string {
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as MasterKeyFile;
    const entry = parsed.keys.find((k) => k.id === id);
    if (!entry || parsed.active === id) throw new CryptoError(`Cannot retire master key ${id}`);
    const archive = join(this.dataDir, `master.key.retired-${id}`);
    writeFileSync(archive, JSON.stringify({ active: id, keys: [entry] }, null, 2), { mode: 0o600 });
    parsed.keys = parsed.keys.filter((k) => k.id !== id);
    this.writeFile(parsed);
    this.load();
    return archive;
  }

  private writeFile(content: MasterKeyFile): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(content, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }
}

const ALGO = 'aes-256-gcm';

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGO, key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const [iv, tag, ct] = sealed.split('.');
  if (iv === undefined || tag === undefined || ct === undefined) throw new CryptoError('Malformed ciphertext');
  try {
    const decipher = createDecipheriv(ALGO, key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
  } catch {
    throw new CryptoError('Ciphertext refused: it was altered or belongs elsewhere');
  }
}

export type KeyPurpose = 'data' | 'index' | 'system';

/**
 * Envelope encryption. Personal fields are sealed with AES-256-GCM under a data key of their office; data keys
 * are stored wrapped by the master key. The additional data binds a ciphertext to its place (table, column, row)
 * so that it cannot be moved to another record.
 */
export class KeyRing {
  private cache = new Map<string, Buffer>();
  private activeByScope = new Map<string, string>();

  constructor(
    private readonly db: Db,
    readonly master: MasterKeys,
  ) {}

  private scopeKey(officeId: string | null, purpose: KeyPurpose): string {
    return `${purpose}:${officeId ?? '*'}`;
  }

  private async unwrap(row: { id: string; wrapped: string; master_key_id: string }): Promise<Buffer> {
    const cached = this.cache.get(row.id);
    if (cached) return cached;
    const key = open(this.master.get(row.master_key_id), row.wrapped, `data-key:${row.id}`);
    this.cache.set(row.id, key);
    return key;
  }

  /** The active key for a scope, created on first use. */
  async activeKey(officeId: string | null, purpose: KeyPurpose, db: Executor = this.db): Promise<{ id: string; key: Buffer }> {
    const scope = this.scopeKey(officeId, purpose);
    const knownId = this.activeByScope.get(scope);
    if (knownId) {
      const key = this.cache.get(knownId);
      if (key) return { id: knownId, key };
    }
    let row = await repo.findActiveDataKey(db, officeId, purpose);
    if (!row) row = await this.createKey(officeId, purpose, db);
    const key = await this.unwrap(row);
    this.activeByScope.set(scope, row.id);
    return { id: row.id, key };
  }

  async createKey(officeId: string | null, purpose: KeyPurpose, db: Executor = this.db) {
    const id = newId();
    const master = this.master.active;
    const row = {
      id,
      office_id: officeId,
      purpose,
      wrapped: seal(master.key, randomBytes(32), `data-key:${id}`),
      master_key_id: master.id,
      status: 'active',
      created_at: nowIso(),
    };
    await repo.insertDataKey(db, row);
    return row;
  }

  private async keyById(id: string): Promise<Buffer> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const row = await repo.findDataKey(this.db, id);
    if (!row) throw new CryptoError(`Unknown data key ${id}`);
    return this.unwrap(row);
  }

  /** Encrypts a value (string or JSON-serialisable) for an office; aad names where it is stored. */
  async encrypt(officeId: string | null, value: unknown, { aad, db = this.db }: { aad: string; db?: Executor }): Promise<string> {
    const { id, key } = await this.activeKey(officeId, officeId === null ? 'system' : 'data', db);
    const plaintext = Buffer.from(JSON.stringify(value), 'utf8');
    return `v1.${id}.${seal(key, plaintext, aad)}`;
  }

  async decrypt<T = unknown>(envelope: string, aad: string): Promise<T> {
    const parts = envelope.split('.');
    if (parts.length !== 5 || parts[0] !== 'v1' || !parts[1]) throw new CryptoError('Malformed ciphertext');
    const key = await this.keyById(parts[1]);
    const plaintext = open(key, parts.slice(2).join('.'), aad);
    return JSON.parse(plaintext.toString('utf8')) as T;
  }

  async encryptBytes(officeId: string, bytes: Buffer, aad: string): Promise<Buffer> {
    const { id, key } = await this.activeKey(officeId, 'data');
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGO, key, iv);
    cipher.setAAD(Buffer.from(aad));
    const ct = Buffer.concat([cipher.update(bytes), cipher.final()]);
    const header = Buffer.from(`v1.${id}\n`, 'utf8');
    return Buffer.concat([header, iv, cipher.getAuthTag(), ct]);
  }

  async decryptBytes(blob: Buffer, aad: string): Promise<Buffer> {
    const nl = blob.indexOf(0x0a);
    const header = blob.subarray(0, nl).toString('utf8');
    const [v, id] = header.split('.');
    if (v !== 'v1' || !id) throw new CryptoError('Malformed encrypted file');
    const key = await this.keyById(id);
    const iv = blob.subarray(nl + 1, nl + 13);
    const tag = blob.subarray(nl + 13, nl + 29);
    try {
      const decipher = createDecipheriv(ALGO, key, iv);
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(blob.subarray(nl + 29)), decipher.final()]);
    } catch {
      throw new CryptoError('Encrypted file refused: it was altered or belongs elsewhere');
    }
  }

  /**
   * Keyed blind index: equal normalised values give equal tokens, so exact matches can be found
   * without storing the value in the clear. One shared index key, so matches are found across offices.
   */
  async blindIndex(kind: string, normalised: string, db: Executor = this.db): Promise<string> {
    const { key } = await this.activeKey(null, 'index', db);
    return createHmac('sha256', key).update(`${kind}\u0000${normalised}`).digest('base64url').slice(0, 32);
  }

  /** A secret derived for a named use (CSRF, receipt codes, rate-limit salts), stable across processes. */
  async derivedSecret(name: string): Promise<Buffer> {
    const { key } = await this.activeKey(null, 'system');
    return createHmac('sha256', key).update(`derive:${name}`).digest();
  }

  /**
   * Re-wraps every data key under a new master key. Data is untouched, so nothing is offline: a running
   * process that meets the new master key id reloads the key file. Also starts new data keys, so new writes
   * use fresh keys while old ciphertexts stay readable.
   */
  async rotate(): Promise<{ master: string; retiredMaster: string; rewrapped: number; newDataKeys: number; archive: string }> {
    const { id: newMaster, previous } = this.master.addNew();
    const rows = await repo.allDataKeys(this.db);
    let rewrapped = 0;
    let newDataKeys = 0;
    await this.db.transaction().execute(async (tx) => {
      for (const row of rows) {
        const key = await this.unwrap(row);
        await repo.rewrapDataKey(tx, row.id, { wrapped: seal(this.master.active.key, key, `data-key:${row.id}`), masterKeyId: newMaster });
        rewrapped++;
      }
      // Fresh data keys for office data; the index key must stay the same or blind indexes would no longer match.
      const scopes = new Set(rows.filter((r) => r.purpose === 'data' && r.status === 'active').map((r) => r.office_id));
      for (const officeId of scopes) {
        await repo.retireDataKeysOf(tx, officeId);
        await this.createKey(officeId, 'data', tx);
        newDataKeys++;
      }
    });
    this.activeByScope.clear();
    const archive = this.master.retire(previous);
    return { master: newMaster, retiredMaster: previous, rewrapped, newDataKeys, archive };
  }
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
