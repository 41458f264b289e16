/**
 * Builds a cloud function's `main` from its actions, typed by the contract map in typings/api.ts.
 *
 * For every call: take the action from the event, refuse unknown actions, take the caller from
 * `getWXContext()` (never from the request), authorize, validate the request (a malformed request
 * writes nothing), run the handler, and answer in the envelope. Expected failures carry their code;
 * anything else is a bug: logged whole and answered as INTERNAL.
 */
import type { ActionOf, ApiName, Envelope, ErrorCode, Req, Res } from '../../typings/api';
import { configScope } from './config';
import { Failure } from './errors';
import { withRequest } from './idempotency';
import { callerFromPlatform, isOperator, type Caller } from './platform';
import { ValidationError, type Check } from './validate';

export type Access = 'user' | 'operator' | 'any';

export interface Ctx {
  caller: Caller;
  /** Epoch ms at the start of the call (the platform clock). */
  now: number;
  isOperator: boolean;
}

export interface Action<K extends ApiName> {
  /** Who may call: a signed-in user (default), an operator, or anyone (even without an openid). */
  access?: Access;
  input: Check<Req<K>>;
  run(req: Req<K>, ctx: Ctx): Promise<Res<K>>;
}

export type Actions<F extends string> = { [A in ActionOf<F>]: Action<`${F}.${A}` & ApiName> };

/** Timer triggers declared in the function's config.json, by trigger name. */
export type Timers = Record<string, (ctx: { now: number }) => Promise<unknown>>;

export interface TimerEvent { Type: 'Timer'; TriggerName: string; Time?: string }

function isTimer(event: unknown): event is TimerEvent {
  return !!event && (event as TimerEvent).Type === 'Timer' && typeof (event as TimerEvent).TriggerName === 'string';
}

const refuse = (code: ErrorCode, message: string): Envelope<never> => ({ ok: false, error: { code, message } });

export interface FunctionOptions {
  /** Timer triggers declared in config.json, by trigger name. */
  timers?: Timers;
  /** Access for actions that do not say (default `user`); the admin function uses `operator`. */
  access?: Access;
}

export function defineFunction<F extends string>(
  name: F,
  actions: Actions<F>,
  options: FunctionOptions = {},
): (event: unknown, context?: unknown) => Promise<unknown> {
  const timers = options.timers ?? {};
  const table = actions as unknown as Record<string, Action<ApiName>>;
  return async function main(event) {
    if (isTimer(event)) {
      // A mini-program can send any event to any function: only the platform's trigger runs a timer.
      if (callerFromPlatform().source.split(',')[0] !== 'wx_trigger') return refuse('FORBIDDEN', 'timer events come from the platform only');
      const timer = timers[event.TriggerName];
      if (!timer) throw new Error(`${name}: no timer trigger named ${event.TriggerName}`);
      return configScope(() => timer({ now: Date.now() }));
    }
    const body = (event ?? {}) as Record<string, unknown>;
    const actionName = body.action;
    if (typeof actionName !== 'string' || !Object.prototype.hasOwnProperty.call(table, actionName)) {
      return refuse('INVALID_ARGUMENT', `unknown action ${name}.${String(actionName)}`);
    }
    const action = table[actionName];
    const caller = callerFromPlatform();
    const operator = isOperator(caller.openid);
    const access = action.access ?? options.access ?? 'user';
    if (access !== 'any' && !caller.openid) return refuse('UNAUTHENTICATED', 'no caller identity');
    if (access === 'operator' && !operator) return refuse('FORBIDDEN', 'operators only');
    try {
      const { action: _omit, userInfo: _platform, ...request } = body;
      const req = action.input(request, '');
      // The request's fingerprint rides along so a reused idempotencyKey with another request is refused;
      // configuration read during the call sees one version (server/kernel/config.ts).
      const data = await withRequest(`${name}.${actionName}`, req as Record<string, unknown>, () => configScope(() => action.run(req, { caller, now: Date.now(), isOperator: operator })));
      return { ok: true, data } satisfies Envelope<unknown>;
    } catch (err) {
      if (err instanceof Failure) return refuse(err.code, err.message);
      if (err instanceof ValidationError) return refuse('INVALID_ARGUMENT', err.message);
      console.error(`[${name}.${actionName}] internal error`, err);
      return refuse('INTERNAL', 'internal error');
    }
  };
}

/** Helper to declare one action with its key inferred for typing. */
export function action<K extends ApiName>(_key: K, a: Action<K>): Action<K> {
  return a;
}
