/**
 * Alliance (联盟) on the database: partners, the exchange of our points for partner points (one
 * transaction: cap counter, points ledger, hash-chained transfer, chain head), landings from partner
 * mini-programs, member links for dual membership, chain verification and settlement statements.
 */
import { decideExchange, type MemberLink, type Partner, type LinkSource } from '../../domain/alliance/alliance';
import { appendEntry, emptyHead, verifyChain, type ChainHead, type Verification } from '../../domain/alliance/hashchain';
import { chinaDay, stableId } from '../../domain/kernel/ids';
import { settlementStatement, type Share, type Statement } from '../../domain/alliance/profitshare';
import type { PartnerView } from '../../typings/api';
import { command, db, findById, transaction, type Tx } from '../kernel/db';
import { fail, isDuplicateKey, orFail } from '../kernel/errors';
import { debitPoints } from '../points/ledger';

export interface PartnerDoc extends Partner {
  _id: string;
  /** The head of this partner's settlement chain: every append is serialized by a transaction on this doc. */
  chain: ChainHead;
  createdAt: number;
  updatedAt: number;
}

/** The fields of a transfer that the chain hashes (everything but the chain fields themselves). */
export interface TransferFields extends Record<string, unknown> {
  transferId: string;
  partnerId: string;
  userId: string;
  points: number;
  partnerPoints: number;
  day: string;
  at: number;
}

export interface TransferDoc extends TransferFields { _id: string; seq: number; prevHash: string; hash: string }

export async function loadPartner(partnerId: string): Promise<PartnerDoc> {
  const partner = await findById<PartnerDoc>('partners', partnerId);
  if (!partner) throw fail('NOT_FOUND', `no partner ${partnerId}`);
  return partner;
}

/** The presentation fields `p` sets (an omitted one keeps what is stored). */
function presentationOf(p: Partner): Pick<Partner, 'jumpPath' | 'slogan' | 'welcomeCouponId'> {
  return {
    ...(p.jumpPath !== undefined ? { jumpPath: p.jumpPath } : {}),
    ...(p.slogan !== undefined ? { slogan: p.slogan } : {}),
    ...(p.welcomeCouponId !== undefined ? { welcomeCouponId: p.welcomeCouponId } : {}),
  };
}

/**
 * Creates a partner or updates its terms and presentation (`jumpPath`, `slogan`, `welcomeCouponId`:
 * an omitted one keeps its stored value, like `kind`); an existing chain head is kept.
 */
export async function savePartner(p: Partner, now: number): Promise<void> {
  await transaction(async (tx) => {
    const doc = tx.collection('partners').doc<PartnerDoc>(p.partnerId);
    const found = await doc.get();
    if (found) await doc.update({ name: p.name, appId: p.appId, ratio: p.ratio, dailyCapPoints: p.dailyCapPoints, tierMap: p.tierMap, kind: p.kind ?? found.kind ?? 'partner', ...presentationOf(p), updatedAt: now });
    else await doc.set({ ...p, kind: p.kind ?? 'partner', sharedCouponIds: p.sharedCouponIds ?? [], chain: emptyHead(), createdAt: now, updatedAt: now });
  });
}

/** The most partners `alliance.partners` lists (one read; the alliance has a handful). */
const PARTNER_LIST_LIMIT = 100;

/**
 * The partner brands the mini-program shows (`alliance.partners`), in the order they joined: every
 * partner but `brandApp` backends, with their terms and presentation only (never the tier map, the
 * chain or anything secret). One query.
 */
export async function listPartners(): Promise<PartnerView[]> {
  const { data } = await db().collection('partners')
    .where({ kind: command().neq('brandApp') })
    .orderBy('createdAt', 'asc')
    .orderBy('_id', 'asc')
    .limit(PARTNER_LIST_LIMIT)
    .get();
  return (data as PartnerDoc[]).map((p) => ({
    partnerId: p._id,
    name: p.name,
    appId: p.appId,
    ratio: { ours: p.ratio.ours, theirs: p.ratio.theirs },
    dailyCapPoints: p.dailyCapPoints,
    ...(p.jumpPath ? { jumpPath: p.jumpPath } : {}),
    ...(p.slogan ? { slogan: p.slogan } : {}),
    ...(p.welcomeCouponId ? { welcomeCouponId: p.welcomeCouponId } : {}),
  }));
}

export const capId = (userId: string, partnerId: string, day: string) => stableId('acap', userId, partnerId, day);

export interface ExchangeAnswer { transferId: string; spentPoints: number; partnerPoints: number; balance: number }

/**
 * One exchange inside the caller's transaction (run it through `once` for idempotency). Reads the
 * partner (chain head) and the user's day counter through `tx`, so concurrent exchanges conflict and
 * retry: the cap and the chain stay exact.
 */
export async function exchangeInTx(tx: Tx, a: { userId: string; partnerId: string; points: number; idempotencyKey: string; now: number }): Promise<ExchangeAnswer> {
  const partner = await tx.collection('partners').doc<PartnerDoc>(a.partnerId).get();
  if (!partner) throw fail('NOT_FOUND', `no partner ${a.partnerId}`);
  const day = chinaDay(a.now);
  const capDoc = tx.collection('alliance_caps').doc<{ userId: string; partnerId: string; day: string; used: number }>(capId(a.userId, a.partnerId, day));
  const used = (await capDoc.get())?.used ?? 0;
  const decision = orFail(decideExchange(partner, a.points, used));
  const transferId = stableId('xfer', a.partnerId, a.userId, a.idempotencyKey);
  const debit = await debitPoints(tx, { userId: a.userId, key: `alliance:${transferId}`, kind: 'exchange', refId: transferId, points: decision.spentPoints, now: a.now });
  const fields: TransferFields = { transferId, partnerId: a.partnerId, userId: a.userId, points: decision.spentPoints, partnerPoints: decision.partnerPoints, day, at: a.now };
  const { entry, head } = appendEntry(partner.chain ?? emptyHead(), fields);
  await tx.collection('alliance_transfers').doc(transferId).set({ ...fields, seq: entry.seq, prevHash: entry.prevHash, hash: entry.hash });
  await tx.collection('partners').doc(a.partnerId).update({ chain: head });
  await capDoc.set({ userId: a.userId, partnerId: a.partnerId, day, used: decision.usedToday });
  return { transferId, spentPoints: decision.spentPoints, partnerPoints: decision.partnerPoints, balance: debit.balance };
}

/** All transfers of a partner, in seq order (paged reads; the ledger is append-only). */
export async function loadTransfers(partnerId: string, filter: Record<string, unknown> = {}): Promise<TransferDoc[]> {
  const out: TransferDoc[] = [];
  for (;;) {
    const { data } = await db().collection('alliance_transfers').where({ partnerId, ...filter }).orderBy('seq', 'asc').skip(out.length).limit(1000).get();
    out.push(...(data as TransferDoc[]));
    if (data.length < 1000) return out;
  }
}

const toChained = (t: TransferDoc) => {
  const { _id, seq, prevHash, hash, ...fields } = t;
  return { seq, prevHash, hash, fields };
};

/** Verifies a partner's chain against the head stored on the partner. */
export async function verifyPartnerChain(partnerId: string): Promise<Verification> {
  const partner = await loadPartner(partnerId);
  return verifyChain((await loadTransfers(partnerId)).map(toChained), partner.chain ?? emptyHead());
}

export async function partnerStatement(partnerId: string, from: number, to: number, shares?: Share[]): Promise<Statement & { chain: Verification }> {
  const transfers = await loadTransfers(partnerId);
  const partner = await loadPartner(partnerId);
  return { ...settlementStatement(transfers, from, to, shares), chain: verifyChain(transfers.map(toChained), partner.chain ?? emptyHead()) };
}

export const linkId = (userId: string, partnerId: string) => stableId('alink', userId, partnerId);

/** Records that the user is also the partner's member (first link kept). */
export async function linkMember(userId: string, partnerId: string, via: LinkSource, now: number, partnerUserId?: string): Promise<void> {
  try {
    await db().collection('alliance_links').add({ data: { _id: linkId(userId, partnerId), userId, partnerId, via, at: now, ...(partnerUserId ? { partnerUserId } : {}) } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

export async function findLink(userId: string, partnerId: string): Promise<MemberLink | null> {
  return findById<MemberLink>('alliance_links', linkId(userId, partnerId));
}

export async function partnerByAppId(appId: string): Promise<PartnerDoc | null> {
  const { data } = await db().collection('partners').where({ appId }).limit(1).get();
  return (data[0] as PartnerDoc | undefined) ?? null;
}

/** `admin.listPartners`: every partner, `brandApp` backends included, with kind and tier map (never the chain or secret). */
export async function listPartnersForOperators(): Promise<(PartnerView & { kind: 'partner' | 'brandApp'; tierMap: Record<string, string> })[]> {
  const { data } = await db().collection('partners').orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(PARTNER_LIST_LIMIT).get();
  return (data as PartnerDoc[]).map((p) => ({
    partnerId: p._id, name: p.name, appId: p.appId, ratio: { ours: p.ratio.ours, theirs: p.ratio.theirs }, dailyCapPoints: p.dailyCapPoints,
    kind: p.kind ?? 'partner', tierMap: { ...p.tierMap },
    ...(p.jumpPath ? { jumpPath: p.jumpPath } : {}), ...(p.slogan ? { slogan: p.slogan } : {}), ...(p.welcomeCouponId ? { welcomeCouponId: p.welcomeCouponId } : {}),
  }));
}
