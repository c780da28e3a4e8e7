import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * UUIDv7: random, yet sortable by creation time, so ids never reveal a count and indexes stay compact.
 * Within one millisecond the 12 bits after the version hold a counter that starts at a random value
 * (RFC 9562, method 1), so ids made by one process are strictly increasing.
 */
export function newId(now = Date.now()): string {
  const bytes = randomBytes(16);
  if (now <= lastMs && sequence < 0xfff) {
    now = lastMs;
    sequence++;
  } else {
    if (now <= lastMs) now = lastMs + 1;
    lastMs = now;
    sequence = randomBytes(2).readUInt16BE(0) & 0x7ff;
  }
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export function isId(value: unknown): value is string {
  return typeof value === 'string' && new RegExp(UUID_PATTERN).test(value);
}

export function nowIso(): string {
  return new Date().toISOString();
}
