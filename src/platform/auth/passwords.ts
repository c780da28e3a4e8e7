import { withHashSlot } from '../crypto/hash-slots.js';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes); runs on libuv's thread pool, off the event loop,
// at most one per core at a time (withHashSlot: a hash waiting for a core would hold its 19 MiB meanwhile).
// The native module is loaded at the first sign-in or password change, not at start (about 12 MB of memory).
let argon2: Promise<typeof import('@node-rs/argon2')> | undefined;
const library = () => {
  argon2 ??= import('@node-rs/argon2');
  return argon2;
};

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export async function hashPassword(password: string): Promise<string> {
  const { Algorithm, hash } = await library();
  return withHashSlot(() => hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 }));
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  const { verify } = await library();
  // A full line of waiting hashes refuses (429) and is not a wrong password; a malformed stored hash is.
  return withHashSlot(async () => {
    try {
      return await verify(hashed, password);
    } catch {
      return false;
    }
  });
}

let dummy: Promise<string> | undefined;
/** Verifies against a throwaway hash so that an unknown account takes as long as a known one. */
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hashPassword('abri-timing-equaliser').catch((e) => {
    dummy = undefined;
    throw e;
  });
  await verifyPassword(await dummy, password);
}

/** Message key of the first problem with a new password, or undefined when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN) return 'auth.errors.passwordTooShort';
  if (password.length > PASSWORD_MAX) return 'errors.tooLong';
  if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0] ?? '\u0000')) return 'auth.errors.passwordContainsEmail';
  if (/^(.)\1+$/.test(password)) return 'auth.errors.passwordTooSimple';
  return undefined;
}
