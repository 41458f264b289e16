/**
 * A process that dies between two database requests, in-process: `crashAfter(cloud, n)` lets the next
 * call (the next top-level invocation, with everything it triggers) make `n` database requests, and makes
 * every request after those throw "process died", as if the platform had stopped the function there
 * (nothing it would still have done — compensation included — reaches the database).
 */
import { countDbRequest, rootInvocation, type Invocation } from '../../localcloud/context';
import { setTransportEngine } from '../../localcloud/engine/transport';
import type { TestCloud } from './cloud';

interface Armed { n: number; made: number; victim: Invocation | null; died: boolean }
let armed: Armed | null = null;

export class ProcessDied extends Error {
  constructor() {
    super('process died (crashAfter)');
  }
}

/** Installs the hook once per cloud (it keeps the local cloud's own request counting). */
export function installCrashHook(cloud: TestCloud): void {
  setTransportEngine(cloud.engine, () => {
    countDbRequest();
    const root = rootInvocation();
    if (!armed || !root) return;
    if (!armed.victim) armed.victim = root;
    if (armed.victim !== root) return;
    armed.made++;
    if (armed.made > armed.n) {
      armed.died = true;
      throw new ProcessDied();
    }
  });
}

/** The next call may make `n` database requests; every later one of that call fails. */
export function crashAfter(n: number): void {
  armed = { n, made: 0, victim: null, died: false };
}

/** Disarms; answers whether the armed call really died (false: it finished within `n` requests). */
export function disarm(): boolean {
  const died = armed?.died ?? false;
  armed = null;
  return died;
}

/**
 * Runs `call(n)` crashing it after 0, 1, 2, ... database requests until one completes; after each, `settle()`
 * (the timers that repair what a dead call left) and `check()`. Answers how many calls died (the gaps).
 * `prepare(n)` runs before each call, unarmed.
 */
export async function everyGap(o: {
  call: (n: number) => Promise<unknown>;
  settle: () => Promise<unknown>;
  check: () => Promise<void>;
  prepare?: (n: number) => Promise<unknown>;
  max?: number;
}): Promise<number> {
  const max = o.max ?? 80;
  for (let n = 0; n < max; n++) {
    await o.prepare?.(n);
    crashAfter(n);
    await o.call(n);
    const died = disarm();
    await o.settle();
    await o.check();
    if (!died) return n;
  }
  throw new Error(`the call never completed within ${max} requests`);
}
