/** Fixtures for the growth suites: partners, points and signed partner requests. */
import { randomBytes } from 'node:crypto';
import { transaction } from '../../server/kernel/db';
import { creditPoints } from '../../server/points/ledger';
import { sign } from '../../domain/alliance/signature';
import type { Api } from '../../typings/api';
import type { TestCloud } from './cloud';

export const aPartner = (over: Partial<Api['admin.addPartner']['req']> = {}): Api['admin.addPartner']['req'] => ({
  partnerId: 'coffee', name: '晨光咖啡', appId: 'wx-partner-coffee', ratio: { ours: 100, theirs: 1 }, dailyCapPoints: 5000, tierMap: { silver: 'member', gold: 'premium' }, ...over,
});

/** Credits points straight into the ledger (a purchase the store feature would credit). */
export async function givePoints(userId: string, points: number, key = `test:${randomBytes(6).toString('hex')}`): Promise<void> {
  await transaction((tx) => creditPoints(tx, { userId, key, kind: 'adjust', refId: key, points, now: Date.now() }));
}

export interface SignedCall { method?: string; path: string; body?: unknown; secret: string; partnerId?: string; timestamp?: number; nonce?: string; signature?: string }

/** Builds the HTTP event WeChat's HTTP access delivers, signed as docs/partner-api.md says. */
export function signedEvent(c: SignedCall) {
  const method = c.method ?? 'POST';
  const body = c.body === undefined ? '' : JSON.stringify(c.body);
  const timestamp = String(c.timestamp ?? Date.now());
  const nonce = c.nonce ?? randomBytes(8).toString('hex');
  const signature = c.signature ?? sign(c.secret, { method, path: c.path, timestamp, nonce, body });
  return { httpMethod: method, path: c.path, body, headers: { 'Content-Type': 'application/json', 'X-Partner-Id': c.partnerId ?? 'coffee', 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Signature': signature } };
}

export async function partnerCall(cloud: TestCloud, c: SignedCall): Promise<{ statusCode: number; body: { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } } }> {
  const res = (await cloud.invoke('partnerapi', signedEvent(c), { source: 'wx_http' })) as { statusCode: number; body: string };
  return { statusCode: res.statusCode, body: JSON.parse(res.body) };
}
