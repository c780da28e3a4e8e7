import type { FieldErrors } from './components.js';

/**
 * What a form page shows again after a refused POST (platform/http/form-action.ts's FormProblem, as plain values):
 * field errors or the refusal's message, and what the person typed.
 */
export interface FormAgain {
  errors?: FieldErrors | undefined;
  refusal?: { message: string } | undefined;
  raw: Record<string, unknown>;
}

/** Why the server refused a form (a rule, a stale version, a conflict), shown above it; the text is already translated. */
export function RefusalBox(props: { message?: string | undefined }) {
  if (!props.message) return null;
  return (
    <div class="flash flash-error" role="alert">
      <p>{props.message}</p>
    </div>
  );
}
