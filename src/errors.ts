/**
 * The one error type the library throws on purpose. Commands print `message` (and `hint`) as a
 * single line without a stack trace; anything else reaching a command is a bug.
 */
export class MigError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MigError';
    this.code = code;
    this.hint = options.hint;
  }

  /** The message and the hint as one line. */
  get line(): string {
    if (!this.hint) return this.message;
    return /[.!?]$/.test(this.message) ? `${this.message} ${this.hint[0].toUpperCase()}${this.hint.slice(1)}` : `${this.message}; ${this.hint}`;
  }
}

export function isMigError(err: unknown): err is MigError {
  return err instanceof Error && (err as { name?: string }).name === 'MigError' && 'code' in err;
}
