import type { Permission } from '../auth/roles.js';

/**
 * Every route declares who may reach it, in its config: `config: { access: ... }`. A route without it is a
 * start-up error, and the authorisation matrix test reads these declarations.
 * - public: anyone, no account (the prevention site, reporting, follow-up, sign-in).
 * - password: signed in with the password, second factor not yet passed (enrolment and the code step).
 * - staff: signed in with both factors; what they see is then scoped by policies.
 * - a permission: signed in with both factors and holding a role with it in some office.
 */
export type Access = 'public' | 'password' | 'staff' | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** CSRF is checked on every unsafe method of a signed-in session; 'skip' only for routes that check it themselves. */
    csrf?: 'skip';
  }
}

export function accessLabel(access: Access): string {
  return typeof access === 'string' ? access : `permission:${access.permission}`;
}
