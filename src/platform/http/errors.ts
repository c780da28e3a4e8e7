import type { MessageValues } from '../i18n/i18n.js';

/**
 * Typed errors with a stable code, an HTTP status and a message key in the locale catalogs.
 * One handler (error-handler.ts) renders them: JSON under /api, a localised page elsewhere.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messageKey: string,
    readonly values?: MessageValues,
  ) {
    super(code);
  }
}

export class NotFoundError extends AppError {
  constructor(messageKey = 'errors.notFound') {
    super('NOT_FOUND', 404, messageKey);
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super('UNAUTHENTICATED', 401, 'errors.unauthenticated');
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey = 'errors.forbidden') {
    super('FORBIDDEN', 403, messageKey);
  }
}

/** Someone else saved this record since it was loaded: refused, never silently overwritten. */
export class StaleVersionError extends AppError {
  constructor() {
    super('STALE_VERSION', 409, 'errors.stale');
  }
}

export class ConflictError extends AppError {
  constructor(messageKey: string, values?: MessageValues) {
    super('CONFLICT', 409, messageKey, values);
  }
}

export class BadRequestError extends AppError {
  constructor(messageKey = 'errors.badRequest', values?: MessageValues) {
    super('BAD_REQUEST', 400, messageKey, values);
  }
}

/** A rule of the domain refused the action (missing consent, a gate not passed). */
export class RuleError extends AppError {
  constructor(code: string, messageKey: string, values?: MessageValues) {
    super(code, 422, messageKey, values);
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 429, 'errors.rateLimited', { seconds: retryAfterSeconds });
  }
}

export class CsrfError extends AppError {
  constructor() {
    super('CSRF', 403, 'errors.csrf');
  }
}

/** Field-level problems of a submitted form or body: field name → message key. */
export class ValidationError extends AppError {
  constructor(readonly fields: Record<string, string>) {
    super('VALIDATION', 400, 'errors.validation');
  }
}
