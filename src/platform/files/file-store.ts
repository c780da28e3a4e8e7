import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Db, Executor } from '../db/database.js';
import { deleteStoredFile, findStoredFile, insertStoredFile } from './stored-files.repository.js';

/**
 * Where encrypted attachments are kept, by a relative path (`reports/<office>/<id>.enc`). The bytes given are
 * already encrypted; a store never sees plaintext.
 * - `local` (default): files under DATA_DIR/files, written with fsync before the row that names them commits.
 * - `database` (FILE_STORE=database): rows of stored_files, so every process and every host on the database reaches
 *   them; written in the caller's transaction when it passes one, so a rolled-back change leaves no file behind.
 * Backups include both: the first as files of the archive, the second as rows of the database dump.
 */
export interface FileStore {
  readonly kind: 'local' | 'database';
  /** Writes a new file; refuses a path already taken. */
  put(path: string, bytes: Buffer, db?: Executor): Promise<void>;
  /** The bytes, or undefined when there is no such file. */
  get(path: string): Promise<Buffer | undefined>;
  remove(path: string): Promise<void>;
}

function safePath(path: string): string {
  if (path.startsWith('/') || path.split('/').some((p) => p === '..' || p === '')) throw new Error('bad file store path');
  return path;
}

export function localFileStore(root: string): FileStore {
  const full = (path: string) => join(root, safePath(path));
  return {
    kind: 'local',
    async put(path, bytes) {
      const file = full(path);
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    async get(path) {
      try {
        return await readFile(full(path));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async remove(path) {
      rmSync(full(path), { force: true });
    },
  };
}

export function databaseFileStore(db: Db): FileStore {
  return {
    kind: 'database',
    put: async (path, bytes, tx) => insertStoredFile(tx ?? db, safePath(path), bytes),
    get: async (path) => findStoredFile(db, safePath(path)),
    remove: async (path) => deleteStoredFile(db, safePath(path)),
  };
}
