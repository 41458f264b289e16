/**
 * Error types of the database engine.
 *
 * `DbError` is thrown inside the engine and turned into a returned `{code, message, requestId}`
 * answer by `Engine.handle`; it never escapes `handle`. `StoreDamagedError` escapes the
 * `Engine` constructor when the data directory cannot be trusted.
 */

/** Error codes as the CloudBase server spells them (`DATABASE_INVALID_OPERRATOR` is sic). */
export const ErrorCodes = {
  COLLECTION_NOT_EXIST: 'DATABASE_COLLECTION_NOT_EXIST',
  COLLECTION_ALREADY_EXIST: 'DATABASE_COLLECTION_ALREADY_EXIST',
  REQUEST_FAILED: 'DATABASE_REQUEST_FAILED',
  INVALID_OPERATOR: 'DATABASE_INVALID_OPERRATOR',
  TRANSACTION_CONFLICT: 'DATABASE_TRANSACTION_CONFLICT',
  TRANSACTION_FAIL: 'DATABASE_TRANSACTION_FAIL',
  INVALID_PARAM: 'INVALID_PARAM',
} as const;

/** An expected database error; `code` is the CloudBase error code string. */
export class DbError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

/**
 * The data directory is damaged somewhere other than a torn final journal line.
 * The engine refuses to start rather than silently losing data.
 */
export class StoreDamagedError extends Error {
  constructor(
    public readonly file: string,
    public readonly position: string,
    detail: string,
  ) {
    super(`store damaged: ${file} at ${position}: ${detail}`);
    this.name = 'StoreDamagedError';
  }
}
