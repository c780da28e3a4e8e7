/**
 * The intake ceiling: the receipt KDF alone (the same scrypt parameters as src/reports/receipt.ts) at the same
 * concurrency, in its own process with the server's libuv pool size, for a fixed time. Prints one JSON line:
 * hashes per second and CPU milliseconds per hash (all threads of the process).
 *   node --import tsx bench/kdf-alone.ts <seconds> <concurrency>
 */
import { scrypt } from 'node:crypto';
import { RECEIPT_SCRYPT } from '../src/reports/receipt.js';

const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 20);
const salt = Buffer.alloc(32, 7);
const hash = (i: number) => new Promise<void>((resolve, reject) => scrypt(String(1e15 + i), salt, 32, RECEIPT_SCRYPT, (e) => (e ? reject(e) : resolve())));

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
process.stdout.write(`${JSON.stringify({ hashes: n, seconds: elapsed, perSecond: n / elapsed, cpuMsPerHash: (cpu.user + cpu.system) / 1000 / n })}\n`);
