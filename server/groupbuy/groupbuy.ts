/**
 * Group-buy (拼团) on the database. Rules are in domain/groupbuy/groupbuy.ts; this file loads, persists, and performs
 * their effects (orders through the store's `placeOrder`, refunds through its `requestRefund`, messages).
 *
 * Seats: `group_seats/{groupId}:{userId}` plus `groups.seatsTaken`, both written in the transaction that
 * creates the member's order (placeOrder's `withinCreate`), after re-reading the group there: however many
 * joins race, the group document's version makes all but the winners retry and re-read, so `seatsTaken`
 * never passes `groupSize`. A seat is freed in the transaction that cancels its order (timeout included).
 *
 * Campaign stock is the campaign's own (the SKU's stock is not reserved for group orders): taken in the
 * same transaction that creates the order (placeOrder's `withinCreate`), which only the request holding the
 * idempotency claim runs, and only once it is certain no twin has answered: identical requests racing take
 * one unit between them, and a refused or failed placement takes none. It is given back in the transaction
 * that cancels the order or refunds it in full.
 */
import { keysetPage } from '../kernel/keyset';
import type { User } from '../membership/users';
import type { Api, Res, ShippingAddress } from '../../typings/api';
import { checkJoin, expireGroup, groupView, openGroup, seatId, type Campaign, type Group } from '../../domain/groupbuy/groupbuy';
import type { Seat } from './order-effects';
import { stableId } from '../../domain/kernel/ids';
import { command, db, findById, findByIds, readAhead, transaction, type Tx } from '../kernel/db';
import { countRecentOrders } from '../store/risk';
import type { SkuDoc } from '../../domain/store/catalog';
import { Failure, fail, orFail } from '../kernel/errors';
import { placeOrder, recallPlacement, requestRefund, type OrderDoc, type PlacedOrder } from '../store/orders';
import { take, takeInsert, type CounterUnit, type InsertUnit } from '../store/holds';
import { platform } from '../kernel/platform';

interface Subscription { groupId: string; userId: string; openid: string; templateIds: string[]; sentAt: number | null; createdAt: number }

type Placed = Res<'groupbuy.join'>;
/** placeOrder remembers its own answer under the action's scope; the group answer is derived from it. */
const asPlaced = (groupId: string, o: PlacedOrder): Placed => ({ groupId, orderId: o.orderId, payment: o.payment });
const _ = () => command();
type Updated = { stats: { updated: number } };

/**
 * Takes one unit of the campaign's stock inside the order's creating transaction: OUT_OF_STOCK when none
 * is left (the placement is then refused and everything it held released). The campaign document's version
 * serializes racing takes, so stock never goes below 0.
 */
async function takeCampaignStockTx(tx: Tx, campaignId: string): Promise<void> {
  const ref = tx.collection('group_campaigns').doc<Campaign & { active?: boolean }>(campaignId);
  const c = await ref.get();
  if (!c || c.active === false) throw fail('NOT_FOUND', 'no such campaign');
  if (c.stock < 1) throw fail('OUT_OF_STOCK', 'the campaign is sold out');
  await ref.update({ stock: _().inc(-1) });
}

/**
 * Places the member's group order at the group price; `withinCreate` holds the seat and the campaign
 * stock is taken in the same transaction. A campaign already sold out is refused before anything is held.
 * Callers answer a repeated idempotency key (`recall`) first; placeOrder answers twins racing.
 */
/** Who opens or joins: the member's id and openid, and the member when the caller already read it (or is reading it). */
export interface GroupCaller {
  userId: string; openid: string; member?: User; memberRead?: () => Promise<User>;
  /** Where the member's order ships (validated as order.create's). */ address?: ShippingAddress;
}

async function placeGroupOrder(
  p: GroupCaller & { campaign: Campaign; groupId: string; scope: string; key: string; now: number },
  withinCreate: (tx: Tx, order: OrderDoc) => Promise<void>,
): Promise<Placed> {
  if (p.campaign.stock < 1) {
    // The unit may have gone to a twin of this very request: its answer, if any, is this request's answer.
    const seen = await recallPlacement(p.scope, p.userId, p.key);
    if (seen) return asPlaced(p.groupId, seen);
    throw fail('OUT_OF_STOCK', 'the campaign is sold out');
  }
  const placed = await placeOrder({
    userId: p.userId, openid: p.openid, member: p.member, address: p.address, lines: [{ skuId: p.campaign.skuId, quantity: 1 }], idempotencyKey: p.key, now: p.now, scope: p.scope,
    unitPriceOverrideFen: p.campaign.groupPriceFen, groupId: p.groupId, reserveSkuStock: false, extra: { campaignId: p.campaign._id },
    withinCreate: async (tx, order) => {
      await withinCreate(tx, order);
      await takeCampaignStockTx(tx, p.campaign._id);
    },
  });
  return asPlaced(p.groupId, placed);
}

function activeCampaign(c: (Campaign & { active?: boolean }) | null): Campaign {
  if (!c || c.active === false) throw fail('NOT_FOUND', 'no such campaign');
  return c;
}


/** Opens a group led by the caller, with the leader's order at the group price. */
export async function open(caller: GroupCaller, campaignId: string, key: string, now: number): Promise<Placed> {
  const [seen, found] = await Promise.all([recallPlacement('groupbuy.open', caller.userId, key), findById<Campaign & { active?: boolean }>('group_campaigns', campaignId)]);
  if (seen) return asPlaced(stableId('grp', caller.userId, key), seen);
  const campaign = activeCampaign(found);
  const groupId = stableId('grp', caller.userId, key);
  return placeGroupOrder({ ...caller, campaign, groupId, scope: 'groupbuy.open', key, now }, async (tx, order) => {
    const group = openGroup(campaign, groupId, caller.userId, now);
    const { _id, ...doc } = group;
    await tx.collection('groups').doc(_id).set(doc);
    await tx.collection('group_seats').doc(seatId(groupId, caller.userId)).set({ groupId, userId: caller.userId, orderId: order._id, heldAt: now, leader: true });
  });
}

/**
 * Takes a seat in a forming group and places the member's order; GROUP_FULL / ALREADY_IN_GROUP / INVALID_STATE.
 *
 * The seat is taken like stock (server/store/holds.ts), with the campaign's unit alongside: the group's
 * `seatsTaken` by a conditional update (still forming, not expired, below `groupSize`: however many joins race,
 * it never passes the size), then the seat document `group_seats/{groupId}:{userId}` (its id refuses a second
 * seat of the same member). Both are listed in the placement's hold, so a refusal gives them back at once and
 * a crash leaves them to the `sweepHolds` timer; the order that owns the hold keeps them.
 */
export async function join(caller: GroupCaller, groupId: string, key: string, now: number): Promise<Placed> {
  const scope = 'groupbuy.join';
  // One round trip: the member (with the configuration version), the group with its SKU, and the member's
  // recent orders for the risk rules (counted under the caller's own id; again below if the member was merged).
  const recent = readAhead(countRecentOrders(caller.userId, now));
  const [found, member] = await Promise.all([
    db().collection('groups').aggregate().match({ _id: groupId }).lookup({ from: 'skus', localField: 'skuId', foreignField: '_id', as: 'sku' }).end() as Promise<{ list: (Group & { sku: SkuDoc[] })[] }>,
    caller.memberRead ? caller.memberRead() : caller.member,
  ]);
  const userId = member?._id ?? caller.userId;
  const row = found.list[0];
  if (!row) throw fail('NOT_FOUND', 'no such group');
  const { sku, ...group } = row;
  const early = checkJoin(group, false, now); // refuse early, before holding anything; the takes below decide
  if (!early.ok) {
    // This key's own join may be what filled or formed the group: a repeat gets its answer.
    const seen = await recallPlacement(scope, userId, key);
    if (seen) return asPlaced(groupId, seen);
    orFail(early);
  }
  const seat: InsertUnit = { coll: 'group_seats', docId: seatId(groupId, userId), insert: true };
  const count: CounterUnit = { coll: 'groups', docId: groupId, field: 'seatsTaken', delta: 1 };
  const unit: CounterUnit = { coll: 'group_campaigns', docId: group.campaignId, field: 'stock', delta: -1 };
  const placed = await placeOrder({
    userId, openid: caller.openid, member, address: caller.address, lines: [{ skuId: group.skuId, quantity: 1 }], idempotencyKey: key, now, scope,
    unitPriceOverrideFen: group.groupPriceFen, groupId, reserveSkuStock: false, extra: { campaignId: group.campaignId },
    skus: new Map(sku.map((s) => [s._id, s])), recentOrders: userId === caller.userId ? recent() : undefined,
    takes: {
      units: [count, unit, seat],
      async run(tag, orderId) {
        const [counted, stocked] = await Promise.all([
          take(tag, count, { status: 'forming', expiresAt: _().gt(now), seatsTaken: _().lt(group.groupSize) }),
          take(tag, unit, { stock: _().gte(1), active: _().neq(false) }),
        ]);
        if (!counted) {
          const current = await findById<Group>('groups', groupId);
          if (!current) throw fail('NOT_FOUND', 'no such group');
          orFail(checkJoin(current, false, now));
          throw fail('GROUP_FULL', 'no seat is free');
        }
        if (!stocked) {
          activeCampaign(await findById<Campaign & { active?: boolean }>('group_campaigns', group.campaignId));
          throw fail('OUT_OF_STOCK', 'the campaign is sold out');
        }
        if (!(await takeInsert(tag, seat, { groupId, userId, orderId, heldAt: now, leader: false }))) throw fail('ALREADY_IN_GROUP', 'you are already in this group');
      },
    },
  });
  return asPlaced(groupId, placed);
}

/**
 * A group as its page shows it: the group, its product (title, cover, group and original price), its
 * seat holders leader first (paid = their order is in the group's paid list; a nickname and avatar only
 * when the member profile has them), and the caller's own place (`viewerId` null when not signed in).
 */
export async function detail(groupId: string, viewerId: string | null, now: number): Promise<Res<'groupbuy.detail'>> {
  const g = await findById<Group>('groups', groupId);
  if (!g) throw fail('NOT_FOUND', 'no such group');
  const [campaign, sku, seats] = await Promise.all([
    findById<Campaign>('group_campaigns', g.campaignId),
    findById<{ productId: string; priceFen: number }>('skus', g.skuId),
    db().collection('group_seats').where({ groupId }).limit(100).get(),
  ]);
  const productId = campaign?.productId ?? sku?.productId ?? '';
  const held = (seats.data as Seat[]).sort((a, b) => Number(b.leader) - Number(a.leader) || a.heldAt - b.heldAt);
  const [product, profiles] = await Promise.all([
    productId ? findById<{ title: string; images?: string[] }>('products', productId) : null,
    findByIds<{ _id: string; nickName?: string; avatarUrl?: string }>('users', held.map((s) => s.userId)),
  ]);
  const paidOrders = new Set(g.paid.map((m) => m.orderId));
  const members = held.map((s) => {
    const profile = profiles.get(s.userId);
    return { isLeader: s.leader, paid: paidOrders.has(s.orderId), ...(profile?.nickName ? { nickName: profile.nickName } : {}), ...(profile?.avatarUrl ? { avatarUrl: profile.avatarUrl } : {}) };
  });
  const mySeat = viewerId ? held.find((s) => s.userId === viewerId) : undefined;
  return {
    ...groupView(g), serverNow: now,
    product: { productId, title: product?.title ?? '', cover: product?.images?.[0] ?? '', groupPriceFen: g.groupPriceFen, originalPriceFen: sku?.priceFen ?? g.groupPriceFen },
    members,
    mine: mySeat ? { inGroup: true, paid: paidOrders.has(mySeat.orderId), orderId: mySeat.orderId } : { inGroup: false, paid: false },
  };
}

/** Campaigns with stock left, newest first (optionally for one SKU). */
export async function campaigns(req: { skuId?: string; cursor?: string; limit?: number }): Promise<Api['groupbuy.campaigns']['res']> {
  const filter = { active: true, stock: _().gt(0), ...(req.skuId ? { skuId: req.skuId } : {}) };
  const { docs, nextCursor } = await keysetPage<Campaign>('group_campaigns', filter, 'createdAt', req);
  return {
    items: docs.map((c) => ({ campaignId: c._id, skuId: c.skuId, productId: c.productId, groupPriceFen: c.groupPriceFen, groupSize: c.groupSize, durationMs: c.durationMs, stock: c.stock })),
    nextCursor,
  };
}

/** The caller's groups (seats held or paid), newest first. */
export async function mine(userId: string, req: { cursor?: string; limit?: number }): Promise<Api['groupbuy.mine']['res']> {
  const { docs: seats, nextCursor } = await keysetPage<Seat & { _id: string }>('group_seats', { userId }, 'heldAt', req);
  const groups = await findByIds<Group>('groups', seats.map((s) => s.groupId));
  const campaigns = await findByIds<Campaign>('group_campaigns', [...groups.values()].map((g) => g.campaignId));
  const products = await findByIds<{ _id: string; title: string }>('products', [...campaigns.values()].map((c) => c.productId));
  const items: Api['groupbuy.mine']['res']['items'] = [];
  for (const s of seats) {
    const g = groups.get(s.groupId);
    if (!g) continue;
    const title = products.get(campaigns.get(g.campaignId)?.productId ?? '')?.title ?? '';
    items.push({ ...groupView(g), orderId: s.orderId ?? null, isLeader: g.leaderId === userId, title });
  }
  return { items, nextCursor };
}


/** Records the member's opt-in for the group's outcome message (one message per accepted template). */
export async function subscribe(caller: { userId: string; openid: string }, groupId: string, templateIds: string[], now: number): Promise<{ subscribed: number }> {
  const seat = await findById<Seat>('group_seats', seatId(groupId, caller.userId));
  if (!seat) throw fail('NOT_FOUND', 'you are not in this group');
  const id = seatId(groupId, caller.userId);
  await transaction(async (tx) => {
    const ref = tx.collection('group_subscriptions').doc<Subscription>(id);
    const sub = await ref.get();
    if (sub?.sentAt) throw fail('ALREADY_DONE', 'the group has already ended and you were told');
    const merged = [...new Set([...(sub?.templateIds ?? []), ...templateIds])];
    await ref.set({ groupId, userId: caller.userId, openid: caller.openid, templateIds: merged, sentAt: null, createdAt: sub?.createdAt ?? now });
  });
  return { subscribed: templateIds.length };
}

// ---- timer ----

/**
 * Fails every group still forming at its expiry, then refunds the paid members of failed groups through
 * the store's refund path. An order already refunding or refunded is not refunded again (its state machine
 * refuses), so a timer that runs twice, or dies halfway and runs again, refunds each paid member once.
 */
export async function failExpiredGroups(now: number): Promise<{ failed: number; refunds: number }> {
  const { data: expiring } = await db().collection('groups').where({ status: 'forming', expiresAt: _().lte(now) }).limit(100).get();
  let failed = 0;
  for (const { _id } of expiring as Group[]) {
    failed += await transaction(async (tx) => {
      const g = await tx.collection('groups').doc<Group>(_id).get();
      if (!g) return 0;
      const d = expireGroup(g, now);
      if (d.group === g) return 0;
      await tx.collection('groups').doc(_id).update({ status: d.group.status, endedAt: d.group.endedAt, refundsPending: d.group.refundsPending, noticesPending: d.group.noticesPending });
      return 1;
    });
  }
  const { data: owing } = await db().collection('groups').where({ status: 'failed', refundsPending: true }).limit(100).get();
  let refunds = 0;
  for (const g of owing as Group[]) {
    for (const m of g.paid) {
      try {
        await requestRefund(m.orderId, m.userId, 'groupFailed', undefined, now);
        refunds++;
      } catch (err) {
        if (!(err instanceof Failure && err.code === 'INVALID_STATE')) {
          console.error(`[groupbuy ${g._id}] refund of ${m.orderId} failed; the next run retries`, err);
          continue;
        }
      }
    }
    // Done unless a late payment joined the list meanwhile (then the next run refunds it).
    await transaction(async (tx) => {
      const now2 = await tx.collection('groups').doc<Group>(g._id).get();
      if (now2 && now2.paid.length === g.paid.length) await tx.collection('groups').doc(g._id).update({ refundsPending: false });
    });
  }
  return { failed, refunds };
}

/** The subscribe-message template data for a group's outcome. */
function message(g: Group, sub: Subscription, templateId: string) {
  const formed = g.status === 'formed';
  return {
    touser: sub.openid, templateId, page: `pages/groupbuy/detail?groupId=${g._id}`,
    data: { thing1: { value: formed ? '拼团成功' : '拼团未成团' }, thing2: { value: formed ? '商家将尽快发货' : '款项将原路退回' } },
  };
}

/**
 * Tells opted-in members of groups that formed or failed, one message per accepted template. Each opt-in is
 * claimed (`sentAt`) by a conditional update before sending, so a message is never sent twice.
 */
export async function sendOutcomeNotices(now: number): Promise<number> {
  const { data } = await db().collection('groups').where({ noticesPending: true }).limit(50).get();
  let sent = 0;
  for (const g of data as Group[]) {
    const { data: subs } = await db().collection('group_subscriptions').where({ groupId: g._id, sentAt: null }).limit(100).get();
    for (const sub of subs as (Subscription & { _id: string })[]) {
      const claimed = (await db().collection('group_subscriptions').where({ _id: sub._id, sentAt: null }).update({ data: { sentAt: now, outcome: g.status } })) as Updated;
      if (claimed.stats.updated !== 1) continue;
      for (const templateId of sub.templateIds) {
        try {
          await platform().openapi.subscribeMessage.send(message(g, sub, templateId));
          sent++;
        } catch (err) {
          // The opt-in is used up either way (the platform allows one message per acceptance).
          console.error(`[groupbuy ${g._id}] subscribe message to ${sub.userId} failed`, err);
        }
      }
    }
    if (subs.length < 100) await db().collection('groups').doc(g._id).update({ data: { noticesPending: false } });
  }
  return sent;
}
