/**
 * Identifier shapes. Ids are made by the server from randomness or from a hash of what makes an
 * action unique (so a repeated request lands on the same document). Pure: callers pass the inputs.
 */
import { createHash } from 'node:crypto';

/** A stable 24-hex id from the parts, prefixed (e.g. `ord_…`): the same parts always give the same id. */
export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24)}`;
}

/** The calendar day (UTC+8, China time) of an instant, as yyyy-mm-dd. */
export function chinaDay(t: number): string {
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}
