/** Shared setup: the real wx-server-sdk wired to an in-memory Engine through EngineTransport. */
import { Engine, installTransport, setTransportEngine, type EngineOptions } from '../../localcloud/engine';

export const T0 = Date.parse('2024-01-01T00:00:00.000Z');

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Harness {
  engine: Engine;
  cloud: any;
  db: any;
  _: any;
  clock: { now: number };
  requests: string[];
}

/** Creates an engine (in memory unless `opts.dir`), installs the transport and returns the SDK's db. */
export function harness(opts: Partial<EngineOptions> = {}, collections: string[] = []): Harness {
  installTransport();
  const clock = { now: T0 };
  const engine = new Engine({ dir: null, now: () => clock.now, ...opts });
  const requests: string[] = [];
  setTransportEngine(engine, (a) => requests.push(a));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: 'local' });
  const db = cloud.database();
  if (collections.length) engine.ensureSchema({ collections: Object.fromEntries(collections.map((c) => [c, {}])) });
  return { engine, cloud, db, _: db.command, clock, requests };
}

/** Awaits a promise expected to reject and returns the error. */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
