import { randomInt } from 'node:crypto';
import type { AppContext } from '../platform/context.js';
import { withHashSlot } from '../platform/crypto/hash-slots.js';
import { scrypt } from '../platform/crypto/kdf.js';

/**
 * Receipt codes: 16 random digits (about 53 bits), easy to read out on a phone or write on paper. Only a slow,
 * deterministic hash is stored: scrypt with a salt derived from the server secret, so a stolen database alone
 * cannot be searched, and the same code always finds its report.
 */
export const CODE_DIGITS = 16;

export function newReceiptCode(): string {
  let code = '';
  for (let i = 0; i < CODE_DIGITS; i++) code += String(randomInt(10));
  return code;
}

/** Digits only; undefined unless exactly 16 remain (spaces, dashes and dots people type are ignored). */
export function cleanReceiptCode(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 64) return undefined;
  const ascii = input.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  if (!/^[0-9\s.-]*$/.test(ascii)) return undefined;
  const digits = ascii.replace(/\D/g, '');
  return digits.length === CODE_DIGITS ? digits : undefined;
}

/** Four groups of four, for reading; the page shows it left to right in every language. */
export function groupReceiptCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Exported for the intake benchmark, which measures this KDF alone as the ceiling of report intake. */
export const RECEIPT_SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashReceiptCode(ctx: AppContext, code: string): Promise<string> {
  const salt = await ctx.keys.derivedSecret('receipt');
  // 16 MiB each: at most one per core at a time, process-wide, with the sign-ins' argon2id (hash-slots.ts); in a
  // worker thread at a lower scheduling priority (src/platform/crypto/kdf.ts), so the event loop keeps its core.
  return withHashSlot(async () => (await scrypt(code, salt, { keylen: 32, options: RECEIPT_SCRYPT })).toString('base64url'));
}
