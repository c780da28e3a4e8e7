/**
 * The intake ceiling: the receipt KDF alone (the same scrypt parameters and the same call as src/reports/receipt.ts:
 * src/platform/crypto/kdf.ts, worker threads at the lowest priority) at the same concurrency, in its own process with
 * the server's pool size, for a fixed time. Prints one JSON line: hashes per second and CPU milliseconds per hash
 * (all threads of the process). `pool` as third argument: async scrypt on the libuv pool instead (the former path).
 *   node --import tsx bench/kdf-alone.ts <seconds> <concurrency> [pool]
 */
import { scrypt as poolScrypt } from 'node:crypto';
import { kdfMode, scrypt } from '../src/platform/crypto/kdf.js';
import { RECEIPT_SCRYPT } from '../src/reports/receipt.js';

const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 20);
const onPool = process.argv[4] === 'pool';
const salt = Buffer.alloc(32, 7);
const hash = (i: number): Promise<unknown> =>
  onPool
    ? new Promise<void>((resolve, reject) => poolScrypt(String(1e15 + i), salt, 32, RECEIPT_SCRYPT, (e) => (e ? reject(e) : resolve())))
    : scrypt(String(1e15 + i), salt, { keylen: 32, options: RECEIPT_SCRYPT });

// The workers start before the clock does (the server's start them on its first reports, before a surge peaks).
if (!onPool) await Promise.all(Array.from({ length: 4 }, (_, i) => hash(i)));
let n = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const end = t0 + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let i = 0; i < 1_000_000 && performance.now() < end; i++) await hash(n++);
  }),
);
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({ hashes: n, seconds: elapsed, perSecond: n / elapsed, cpuMsPerHash: (cpu.user + cpu.system) / 1000 / n, mode: onPool ? 'pool' : kdfMode() })}\n`,
);
