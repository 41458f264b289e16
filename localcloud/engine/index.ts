/**
 * Local database engine for wx-server-sdk cloud functions. See engine.ts for invariants.
 *
 * - `Engine`: collections, indexes, atomic requests, optimistic transactions, journal.
 * - `EngineTransport` / `installTransport` / `setTransportEngine`: in-process SDK transport.
 * - `handleAdminHttp`: the same over the SDK's HTTP wire protocol (other processes).
 */
export { Engine } from './engine';
export type { EngineOptions, DatabaseSchema, DatabaseSchema as Schema, FindOptions } from './engine';
export { EngineTransport, installTransport, setTransportEngine, setTransportLatency, transportLatency, parseLatency, overTheWire, applyRequest } from './transport';
export type { Latency } from './transport';
export { handleAdminHttp, handleAdminHttpOverWire } from './admin-http';
export { StoreDamagedError, DbError, ErrorCodes } from './errors';
export type { IndexSpec } from './indexes';
