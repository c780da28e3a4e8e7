import { randomInt } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import { sha256 } from '../crypto/keys.js';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, account: string): string {
  return generateURI({ issuer: 'Abri', label: account, secret });
}

/** An SVG QR code, embedded as a data URL (the CSP allows data: images, nothing leaves the origin). */
export async function totpQrDataUrl(uri: string): Promise<string> {
  // Loaded on first use (second-factor enrolment only), not at start.
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** Checks a 6-digit code, allowing one 30-second step of clock drift either way. Returns the time step it matched. */
export function checkTotp(secret: string, token: string, lastUsedStep?: number | null): number | undefined {
  const clean = token.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return undefined;
  // afterTimeStep refuses a code already used (replay) and any earlier one.
  const r = verifySync({ secret, token: clean, epochTolerance: 30, ...(lastUsedStep ? { afterTimeStep: lastUsedStep } : {}) });
  return r.valid && 'timeStep' in r ? (r.timeStep as number) : undefined;
}

export function currentTotp(secret: string): string {
  return generateSync({ secret });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return sha256(`recovery:${code.trim().toLowerCase().replace(/[^a-z0-9]/g, '')}`);
}
