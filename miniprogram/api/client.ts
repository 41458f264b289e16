/**
 * The one typed client of the backend. Every call goes through `call()`, typed by the contract in
 * typings/api.ts; no other module of the mini-program touches `wx.cloud`.
 *
 * Only types are imported from typings/ (it lies outside miniprogramRoot and is erased at compile time).
 */
import type { ApiName, Envelope, ErrorCode, Req, Res } from '../../typings/api';

/** A call the backend refused (`code` from the contract) or the platform failed (`INTERNAL`). */
export class ApiCallError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
  }
}

/** Initialises cloud development once, in `App.onLaunch`; without `env`, the project's default env. */
export function initCloud(env?: string): void {
  wx.cloud.init(env ? { env, traceUser: true } : { traceUser: true });
}

/**
 * Calls `function.action` with its request and resolves with the unwrapped `data` of the envelope.
 * @throws ApiCallError with the backend's code, or `INTERNAL` when the platform call itself fails
 *   or answers something that is not an envelope.
 */
export async function call<K extends ApiName>(name: K, req: Req<K>): Promise<Res<K>> {
  const dot = name.indexOf('.');
  const fn = name.slice(0, dot);
  const action = name.slice(dot + 1);
  let result: unknown;
  try {
    const response = await wx.cloud.callFunction({ name: fn, data: { action, ...req } });
    result = response.result;
  } catch (err) {
    console.error(`[api] ${name}: platform call failed`, err);
    throw new ApiCallError('INTERNAL', platformMessage(err));
  }
  if (!isEnvelope<Res<K>>(result)) {
    console.error(`[api] ${name}: not an envelope`, result);
    throw new ApiCallError('INTERNAL', 'malformed response');
  }
  if (!result.ok) throw new ApiCallError(result.error.code, result.error.message);
  return result.data;
}

/** The code of whatever a call threw: `ApiCallError`s keep theirs, anything else is `INTERNAL`. */
export function errorCodeOf(err: unknown): ErrorCode {
  return err instanceof ApiCallError ? err.code : 'INTERNAL';
}

/**
 * Uploads a local file (a `wx.chooseMedia` temp path) to cloud storage under `cloudPath` and resolves with
 * its `fileID` (`cloud://…`), which the server stores and `<image>` shows.
 * @throws ApiCallError `INTERNAL` when the platform refuses the upload.
 */
export async function uploadFile(filePath: string, cloudPath: string): Promise<string> {
  try {
    const { fileID } = await wx.cloud.uploadFile({ cloudPath, filePath });
    return fileID;
  } catch (err) {
    console.error(`[api] uploadFile ${cloudPath} failed`, err);
    throw new ApiCallError('INTERNAL', platformMessage(err));
  }
}

/**
 * Downloads a cloud-storage file (`cloud://…`) to a local temporary file and resolves with its path (what a
 * canvas image or `saveImageToPhotosAlbum` needs).
 * @throws ApiCallError `INTERNAL` when the platform cannot fetch it.
 */
export async function downloadFile(fileID: string): Promise<string> {
  try {
    const { tempFilePath } = await wx.cloud.downloadFile({ fileID });
    return tempFilePath;
  } catch (err) {
    console.error(`[api] downloadFile ${fileID} failed`, err);
    throw new ApiCallError('INTERNAL', platformMessage(err));
  }
}

/**
 * A fresh random key for one user action (a tap on "pay", "join", "redeem"): pass the same key when
 * retrying that action so the backend does it once.
 */
export function idempotencyKey(): string {
  let random = '';
  for (let i = 0; i < 4; i += 1) {
    random += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  }
  return `${Date.now().toString(36)}-${random}`;
}

function isEnvelope<T>(value: unknown): value is Envelope<T> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const envelope = value as { ok: unknown; error?: { code?: unknown } };
  if (envelope.ok === true) return 'data' in envelope;
  return envelope.ok === false && typeof envelope.error?.code === 'string';
}

function platformMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && 'errMsg' in err) return String((err as { errMsg: unknown }).errMsg);
  return String(err);
}
