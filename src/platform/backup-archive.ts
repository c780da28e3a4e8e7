import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * The Abri backup container: one encrypted file holding named entries (the database, every attachment, the
 * manifest). The plaintext is a stream of entries, `[u32 header length][header JSON {name, size}][size bytes]`,
 * cut into frames of at most 1 MiB, each sealed with AES-256-GCM. A frame's additional data binds its position and
 * whether it is the last one, so frames cannot be reordered, dropped or the archive cut short without detection.
 *
 * File layout: MAGIC, `<master key id>\n`, 16-byte salt, then frames `[u8 last][u32 length][12 iv][ct][16 tag]`.
 * The key is derived (HKDF-SHA256) from the master key and the salt; the master key itself is never in the archive.
 */
export const MAGIC = Buffer.from('ABRIBK2\n');
const LEGACY_MAGIC = Buffer.from('ABRIBK1\n');
const FRAME = 1024 * 1024;

export class ArchiveError extends Error {}

function deriveKey(master: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', master, salt, 'abri-backup-v2', 32));
}

function frameAad(keyId: string, seq: number, last: boolean): Buffer {
  return Buffer.from(`${keyId}:${seq}:${last ? 1 : 0}`);
}

export interface EntrySummary {
  name: string;
  bytes: number;
  sha256: string;
}

/** Writes an archive to `${file}.partial`, renamed to `file` only once complete and flushed. */
export class ArchiveWriter {
  private readonly fd: number;
  private readonly key: Buffer;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private readonly partial: string;
  /** SHA-256 of the archive file as written, to check copies kept elsewhere (`sha256sum`). */
  private readonly digest = createHash('sha256');

  constructor(
    private readonly file: string,
    private readonly master: { id: string; key: Buffer },
  ) {
    this.partial = `${file}.partial`;
    this.fd = openSync(this.partial, 'w', 0o600);
    const salt = randomBytes(16);
    this.key = deriveKey(master.key, salt);
    this.out(Buffer.concat([MAGIC, Buffer.from(`${master.id}\n`), salt]));
  }

  private out(buf: Buffer): void {
    writeSync(this.fd, buf);
    this.digest.update(buf);
  }

  private push(buf: Buffer): void {
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    while (this.pendingBytes >= FRAME) {
      const all = Buffer.concat(this.pending);
      this.writeFrame(all.subarray(0, FRAME), false);
      const rest = all.subarray(FRAME);
      this.pending = rest.length ? [rest] : [];
      this.pendingBytes = rest.length;
    }
  }

  private writeFrame(plain: Buffer, last: boolean): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(frameAad(this.master.id, this.seq++, last));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    const head = Buffer.alloc(5);
    head.writeUInt8(last ? 1 : 0, 0);
    head.writeUInt32BE(ct.length, 1);
    this.out(Buffer.concat([head, iv, ct, cipher.getAuthTag()]));
  }

  private header(name: string, size: number): void {
    const json = Buffer.from(JSON.stringify({ name, size }));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(json.length, 0);
    this.push(Buffer.concat([len, json]));
  }

  addBuffer(name: string, data: Buffer): EntrySummary {
    this.header(name, data.length);
    this.push(data);
    return { name, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  }

  /** Streams a file in; its size is taken when it is opened (files in the store are written once, never appended). */
  addFile(name: string, path: string, size: number): EntrySummary {
    const hash = createHash('sha256');
    const fd = openSync(path, 'r');
    try {
      this.header(name, size);
      const chunk = Buffer.alloc(Math.min(FRAME, Math.max(1, size)));
      let done = 0;
      while (done < size) {
        const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - done), done);
        if (n === 0) throw new ArchiveError(`${name} became shorter while it was being backed up`);
        const part = Buffer.from(chunk.subarray(0, n));
        hash.update(part);
        this.push(part);
        done += n;
      }
    } finally {
      closeSync(fd);
    }
    return { name, bytes: size, sha256: hash.digest('hex') };
  }

  /** Seals the last frame, flushes, and gives the archive its final name; returns the archive's SHA-256. */
  close(): string {
    this.writeFrame(Buffer.concat(this.pending), true);
    this.pending = [];
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.partial, this.file);
    return this.digest.digest('hex');
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed by a failed close()
    }
    rmSync(this.partial, { force: true });
  }
}

/** What a reader does with each entry: return a sink for its bytes (or undefined to skip them). */
export type EntryHandler = (entry: { name: string; size: number }) => { write(chunk: Buffer): void; end(): void } | undefined;

/** The id of the master key an archive was sealed with, read from its clear header. */
export function archiveKeyId(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, head.length, 0);
    if (head.subarray(0, LEGACY_MAGIC.length).equals(LEGACY_MAGIC)) {
      throw new ArchiveError('This backup was made by an older Abri (database only, format 1); restore it with that version');
    }
    if (n < MAGIC.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) throw new ArchiveError('Not an Abri backup file');
    const nl = head.indexOf(0x0a, MAGIC.length);
    if (nl < 0) throw new ArchiveError('Not an Abri backup file');
    return head.subarray(MAGIC.length, nl).toString();
  } finally {
    closeSync(fd);
  }
}

/** Decrypts an archive frame by frame and hands every entry's bytes to the handler; returns each entry's checksum. */
export function readArchive(file: string, masterKey: Buffer, onEntry: EntryHandler): EntrySummary[] {
  const keyId = archiveKeyId(file);
  const fd = openSync(file, 'r');
  const altered = () => new ArchiveError('The backup is damaged, was altered, or was made with another master key');
  try {
    let pos = MAGIC.length + Buffer.byteLength(keyId) + 1;
    const salt = Buffer.alloc(16);
    if (readSync(fd, salt, 0, 16, pos) !== 16) throw altered();
    pos += 16;
    const key = deriveKey(masterKey, salt);
    let seq = 0;
    let finished = false;
    const nextFrame = (): Buffer | undefined => {
      if (finished) return undefined;
      const head = Buffer.alloc(5);
      if (readSync(fd, head, 0, 5, pos) !== 5) throw altered();
      const last = head.readUInt8(0) === 1;
      const len = head.readUInt32BE(1);
      if (len > FRAME) throw altered();
      const body = Buffer.alloc(12 + len + 16);
      if (readSync(fd, body, 0, body.length, pos + 5) !== body.length) throw altered();
      pos += 5 + body.length;
      const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12));
      decipher.setAAD(frameAad(keyId, seq++, last));
      decipher.setAuthTag(body.subarray(12 + len));
      try {
        const plain = Buffer.concat([decipher.update(body.subarray(12, 12 + len)), decipher.final()]);
        finished = last;
        return plain;
      } catch {
        throw altered();
      }
    };
    let buf: Buffer = Buffer.alloc(0);
    /** Up to `max` bytes of plaintext (at least one), or undefined at the end of the stream. */
    const take = (max: number): Buffer | undefined => {
      while (buf.length === 0) {
        const next = nextFrame();
        if (!next) return undefined;
        buf = next;
      }
      const out = buf.subarray(0, Math.min(max, buf.length));
      buf = buf.subarray(out.length);
      return out;
    };
    const exactly = (n: number): Buffer => {
      const parts: Buffer[] = [];
      let got = 0;
      while (got < n) {
        const part = take(n - got);
        if (!part) throw altered();
        parts.push(part);
        got += part.length;
      }
      return Buffer.concat(parts);
    };
    const summaries: EntrySummary[] = [];
    for (;;) {
      const first = take(4);
      if (!first) break;
      const lenBuf = first.length === 4 ? first : Buffer.concat([first, exactly(4 - first.length)]);
      const header = JSON.parse(exactly(lenBuf.readUInt32BE(0)).toString('utf8')) as { name: string; size: number };
      const sink = onEntry(header);
      const hash = createHash('sha256');
      let left = header.size;
      while (left > 0) {
        const part = take(left);
        if (!part) throw altered();
        hash.update(part);
        sink?.write(part);
        left -= part.length;
      }
      sink?.end();
      summaries.push({ name: header.name, bytes: header.size, sha256: hash.digest('hex') });
    }
    if (!finished) throw altered();
    const tail = Buffer.alloc(1);
    if (readSync(fd, tail, 0, 1, pos) !== 0) throw altered();
    return summaries;
  } finally {
    closeSync(fd);
  }
}

/** A sink writing an entry to a new file, flushed before it is closed. */
export function fileSink(path: string): { write(chunk: Buffer): void; end(): void } {
  const fd = openSync(path, 'wx', 0o600);
  return {
    write: (chunk) => {
      writeSync(fd, chunk);
    },
    end: () => {
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}

/** A sink collecting an entry in memory (the manifest). */
export function memorySink(into: Buffer[]): { write(chunk: Buffer): void; end(): void } {
  return { write: (chunk) => void into.push(Buffer.from(chunk)), end: () => undefined };
}
