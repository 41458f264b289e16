/**
 * The signed inbound HTTP API for partner brands (see docs/partner-api.md). WeChat cloud's HTTP access
 * calls the function with `{httpMethod, path, headers, body, isBase64Encoded?}` and expects
 * `{statusCode, headers, body}`. Every request must carry a good HMAC signature (domain/alliance/signature.ts), a
 * fresh timestamp and an unused nonce; only then is the nonce spent (a unique insert in `api_nonces`).
 */
import { toPartnerOrderCode } from '../../domain/alliance/alliance';
import { benefitCodes } from '../../domain/membership/tier';
import { stableId } from '../../domain/kernel/ids';
import { NONCE_TTL_MS, verifySignature } from '../../domain/alliance/signature';
import type { OrderStatus } from '../../typings/api';
import { findLink, linkMember, type PartnerDoc, type TransferDoc } from './alliance';
import { command, db, findById, transaction } from '../kernel/db';
import { isDuplicateKey } from '../kernel/errors';
import type { User } from '../membership/users';
import { identityId, type IdentityKind } from '../../domain/membership/identity';
import { applyPartnerConsentChange, mayUse, noConsent, type Consent } from '../../domain/membership/consent';
import { consentOf, currentTier } from '../membership/membership';
import { linkIdentity } from '../membership/merge';

export interface HttpEvent { httpMethod?: string; path?: string; headers?: Record<string, string | undefined>; body?: string | null; isBase64Encoded?: boolean }
export interface HttpAnswer { statusCode: number; headers: Record<string, string>; body: string }

const json = (statusCode: number, data: unknown): HttpAnswer => ({ statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(data) });
const error = (statusCode: number, code: string, message: string) => json(statusCode, { ok: false, error: { code, message } });

class HttpFailure extends Error {
  constructor(readonly answer: HttpAnswer) {
    super(answer.body);
  }
}
const refuse = (statusCode: number, code: string, message: string) => new HttpFailure(error(statusCode, code, message));

type IdKind = 'unionid' | 'phoneHash' | 'appUserId' | 'userId';
const ID_KINDS: readonly IdKind[] = ['unionid', 'phoneHash', 'appUserId', 'userId'];
/** The partner API's identifier names, as kinds of the membership identity map (domain/membership/identity.ts). */
const IDENTITY_KIND: Record<Exclude<IdKind, 'userId'>, IdentityKind> = { unionid: 'unionid', phoneHash: 'phone', appUserId: 'appUser' };

/** Finds our member by an identifier the partner holds. */
async function findMember(by: unknown, value: unknown): Promise<User> {
  if (!ID_KINDS.includes(by as IdKind) || typeof value !== 'string' || value.length < 1 || value.length > 128) throw refuse(400, 'INVALID_ARGUMENT', 'by must be unionid|phoneHash|appUserId|userId and value a string');
  let userId: string | null = null;
  if (by === 'userId') userId = value;
  else {
    userId = (await findById<{ userId: string }>('identities', identityId(IDENTITY_KIND[by as Exclude<IdKind, 'userId'>], value)))?.userId ?? null;
    if (!userId && by === 'unionid') {
      const found = await db().collection('users').where({ unionid: value }).limit(1).get();
      userId = (found.data[0] as User | undefined)?._id ?? null;
    }
  }
  const user = userId ? await findById<User>('users', userId) : null;
  if (!user) throw refuse(404, 'NOT_FOUND', 'no such member');
  return user;
}

/** Consent to share membership data with partner brands: the member's one consent record. */
async function sharesWithPartners(userId: string): Promise<boolean> {
  return mayUse(await consentOf(userId), { kind: 'partnerSharing' });
}

async function logAccess(userId: string, partnerId: string, what: string, why: string, now: number): Promise<void> {
  await db().collection('data_access_log').add({ data: { userId, who: `partner:${partnerId}`, what, why, at: now } });
}

type Route = (partner: PartnerDoc, body: Record<string, unknown>, now: number) => Promise<HttpAnswer>;

const routes: Record<string, Route> = {
  'POST /members/lookup': async (partner, body, now) => {
    const user = await findMember(body.by, body.value);
    if (!(await sharesWithPartners(user._id))) throw refuse(403, 'FORBIDDEN', 'the member has not consented to sharing with partners');
    await logAccess(user._id, partner._id, 'tier,benefits', 'partnerLookup', now);
    const tier = await currentTier(user);
    return json(200, { ok: true, data: { memberRef: user._id, tier: tier.tier, benefits: benefitCodes(tier.benefits) } });
  },
  /**
   * The brand's own APP links its user id to the member a unionid names (the APP signs in with WeChat on
   * the open platform, so it knows the unionid). If that APP user was already linked to another member,
   * the two accounts are one person and are merged (points, orders and commission kept).
   */
  'POST /members/bind-app-user': async (partner, body, now) => {
    if (partner.kind !== 'brandApp') throw refuse(403, 'FORBIDDEN', 'only the brand app may link its user ids');
    const appUserId = typeof body.appUserId === 'string' && /^[A-Za-z0-9_:.-]{1,64}$/.test(body.appUserId) ? body.appUserId : null;
    if (!appUserId) throw refuse(400, 'INVALID_ARGUMENT', 'appUserId must be 1..64 url-safe characters');
    const user = await findMember('unionid', body.unionid);
    const memberRef = await linkIdentity('appUser', appUserId, user._id, now);
    await logAccess(memberRef, partner._id, 'appUserId', 'brandAppLink', now);
    return json(200, { ok: true, data: { memberRef, appUserId } });
  },
  'POST /transfers/confirm': async (partner, body, now) => {
    const transferId = typeof body.transferId === 'string' ? body.transferId : '';
    const transfer = transferId ? await findById<TransferDoc>('alliance_transfers', transferId) : null;
    if (!transfer || transfer.partnerId !== partner._id) throw refuse(404, 'NOT_FOUND', 'no such transfer');
    const partnerUserId = typeof body.partnerUserId === 'string' ? body.partnerUserId.slice(0, 64) : undefined;
    let confirmedAt = now;
    try {
      await db().collection('alliance_confirmations').add({ data: { _id: transferId, partnerId: partner._id, userId: transfer.userId, partnerUserId: partnerUserId ?? null, at: now } });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      confirmedAt = (await findById<{ at: number }>('alliance_confirmations', transferId))!.at;
    }
    await linkMember(transfer.userId, partner._id, 'partnerApi', now, partnerUserId);
    return json(200, { ok: true, data: { transferId, seq: transfer.seq, hash: transfer.hash, partnerPoints: transfer.partnerPoints, confirmedAt } });
  },
  'POST /orders/status': async (partner, body) => {
    const orderId = typeof body.orderId === 'string' ? body.orderId : '';
    const order = orderId ? await findById<{ userId: string; status: OrderStatus }>('orders', orderId) : null;
    // Only orders of members linked to this partner are visible to it.
    if (!order || !(await findLink(order.userId, partner._id))) throw refuse(404, 'NOT_FOUND', 'no such order');
    return json(200, { ok: true, data: { orderId, status: order.status, code: toPartnerOrderCode(order.status) } });
  },
  'POST /consents/query': async (partner, body, now) => {
    const user = await findMember(body.by, body.value);
    await logAccess(user._id, partner._id, 'consent', 'partnerConsentQuery', now);
    return json(200, { ok: true, data: { memberRef: user._id, shareWithPartners: await sharesWithPartners(user._id) } });
  },
  'POST /consents/update': async (partner, body, now) => {
    if (typeof body.shareWithPartners !== 'boolean') throw refuse(400, 'INVALID_ARGUMENT', 'shareWithPartners must be a boolean');
    const user = await findMember(body.by, body.value);
    const share = body.shareWithPartners;
    const linked = !!(await findLink(user._id, partner._id));
    const changed = await transaction(async (tx) => {
      const doc = tx.collection('consents').doc<Consent>(user._id);
      const stored = await doc.get();
      const current = stored ? { ...noConsent(), ...stored, marketing: { ...noConsent().marketing, ...stored.marketing } } : noConsent();
      const next = applyPartnerConsentChange(current, partner._id, linked, share, now);
      if (!next.ok) return next;
      const { _id: _omit, ...data } = next.value as Consent & { _id?: string };
      await doc.set(data);
      return next;
    });
    if (!changed.ok) throw refuse(403, changed.code, changed.reason);
    await logAccess(user._id, partner._id, 'consent', 'partnerConsentUpdate', now);
    return json(200, { ok: true, data: { memberRef: user._id, shareWithPartners: body.shareWithPartners } });
  },
};

const lower = (h: Record<string, string | undefined> = {}) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v ?? '']));

/** Authenticates, spends the nonce, routes. Never throws: failures are HTTP answers. */
export async function handlePartnerRequest(event: HttpEvent, now = Date.now()): Promise<HttpAnswer> {
  try {
    const method = (event.httpMethod ?? 'GET').toUpperCase();
    const path = event.path ?? '/';
    const headers = lower(event.headers);
    const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
    const partnerId = headers['x-partner-id'] ?? '';
    if (!partnerId || partnerId.length > 64) throw refuse(401, 'UNAUTHENTICATED', 'missing x-partner-id');
    const [partner, secret] = await Promise.all([findById<PartnerDoc>('partners', partnerId), findById<{ secret: string }>('partner_secrets', partnerId)]);
    if (!partner || !secret) throw refuse(401, 'UNAUTHENTICATED', 'unknown partner');
    const checked = verifySignature(secret.secret, { method, path, timestamp: headers['x-timestamp'] ?? '', nonce: headers['x-nonce'] ?? '', body }, headers['x-signature'] ?? '', now);
    if (!checked.ok) throw refuse(401, 'UNAUTHENTICATED', checked.reason);
    try {
      await db().collection('api_nonces').add({ data: { _id: stableId('nonce', partnerId, checked.value.nonce), partnerId, at: now, expiresAt: now + NONCE_TTL_MS } });
    } catch (err) {
      if (isDuplicateKey(err)) throw refuse(401, 'UNAUTHENTICATED', 'replayedNonce');
      throw err;
    }
    const route = routes[`${method} ${path.split('?')[0].replace(/^\/partner-api/, '')}`];
    if (!route) throw refuse(404, 'NOT_FOUND', `no route ${method} ${path}`);
    let parsed: unknown;
    try {
      parsed = body ? JSON.parse(body) : {};
    } catch {
      throw refuse(400, 'INVALID_ARGUMENT', 'body must be JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse(400, 'INVALID_ARGUMENT', 'body must be a JSON object');
    return await route(partner, parsed as Record<string, unknown>, now);
  } catch (err) {
    if (err instanceof HttpFailure) return err.answer;
    console.error('[partnerapi] internal error', err);
    return error(500, 'INTERNAL', 'internal error');
  }
}

/** Removes nonces past their time (they can no longer be replayed: the timestamp check refuses them). */
export async function sweepNonces(now: number): Promise<number> {
  const res = (await db().collection('api_nonces').where({ expiresAt: command().lt(now) }).remove()) as { stats?: { removed?: number } };
  return res.stats?.removed ?? 0;
}
