/**
 * What must be whole after any burst, crash and sweep: every unit of stock, flash stock, per-member count,
 * coupon and seat is either still in its pool or owned by a live order (or a claimed coupon). Works on
 * plain documents, so a test can read them from the engine in-process or over HTTP from a child process.
 */
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Docs = (collection: string) => Doc[] | Promise<Doc[]>;

const LIVE = new Set(['pendingPayment', 'paid', 'shipped', 'completed', 'refunding']);
/** A redemption that is a right (a `pending` claim or a `void` one is not). */
const RIGHT = new Set(['issued', 'used']);

export interface Whole {
  problems: string[];
  liveOrders: number;
}

/** Lists every way the data is not whole (empty when it is). `initial` gives each pool's starting size. */
export async function checkWhole(docs: Docs, initial: { skus?: Record<string, number>; flash?: Record<string, number>; coupons?: Record<string, number>; campaigns?: Record<string, number>; rewards?: Record<string, number> }): Promise<Whole> {
  const problems: string[] = [];
  const [orders, skus, flashSales, flashCounters, coupons, claims, userCoupons, holds, groups, seats, campaigns, rewards, redemptions] = await Promise.all(
    ['orders', 'skus', 'flash_sales', 'flash_purchases', 'coupons', 'coupon_claims', 'user_coupons', 'holds', 'groups', 'group_seats', 'group_campaigns', 'rewards', 'redemptions'].map((c) => docs(c)),
  );
  const live = orders.filter((o) => LIVE.has(o.status));
  const unitsIn = (pred: (o: Doc, l: Doc) => boolean) => live.reduce((s, o) => s + o.items.filter((l: Doc) => !l.refunded && pred(o, l)).reduce((t: number, l: Doc) => t + l.quantity, 0), 0);

  for (const [skuId, start] of Object.entries(initial.skus ?? {})) {
    const stock = skus.find((s) => s._id === skuId)?.stock;
    const sold = unitsIn((_o, l) => l.skuId === skuId && l.stockPool === 'sku');
    if (stock + sold !== start) problems.push(`sku ${skuId}: stock ${stock} + ${sold} in live orders ≠ ${start}`);
  }
  for (const [flashSaleId, start] of Object.entries(initial.flash ?? {})) {
    const stock = flashSales.find((f) => f._id === flashSaleId)?.stock;
    const sold = unitsIn((o, l) => o.flashSaleId === flashSaleId && l.stockPool === 'flash');
    if (stock + sold !== start) problems.push(`flash ${flashSaleId}: stock ${stock} + ${sold} in live orders ≠ ${start}`);
    for (const c of flashCounters.filter((x) => x.flashSaleId === flashSaleId)) {
      const mine = unitsIn((o, l) => o.flashSaleId === flashSaleId && o.userId === c.userId && l.stockPool === 'flash');
      if (c.quantity !== mine) problems.push(`flash ${flashSaleId} member ${c.userId}: counted ${c.quantity} ≠ ${mine} live units`);
    }
  }
  for (const [couponId, total] of Object.entries(initial.coupons ?? {})) {
    const remaining = coupons.find((c) => c._id === couponId)?.remaining;
    const claimed = userCoupons.filter((u) => u.couponId === couponId);
    if (remaining + claimed.length !== total) problems.push(`coupon ${couponId}: remaining ${remaining} + ${claimed.length} claimed ≠ ${total}`);
    for (const c of claims.filter((x) => x.couponId === couponId)) {
      const mine = claimed.filter((u) => u.userId === c.userId).length;
      if (c.count !== mine) problems.push(`coupon ${couponId} member ${c.userId}: claim counter ${c.count} ≠ ${mine} coupons`);
    }
    for (const u of claimed) {
      const holder = u.orderId ? live.find((o) => o._id === u.orderId && o.userCouponId === u._id) : undefined;
      if (u.used && !holder) problems.push(`user coupon ${u._id}: used but no live order holds it`);
    }
    for (const o of live.filter((x) => x.couponId === couponId)) {
      if (!claimed.some((u) => u._id === o.userCouponId && u.used && u.orderId === o._id)) problems.push(`order ${o._id}: its coupon is not marked used by it`);
    }
  }
  for (const [campaignId, start] of Object.entries(initial.campaigns ?? {})) {
    const stock = campaigns.find((c) => c._id === campaignId)?.stock;
    const sold = live.filter((o) => o.extra?.campaignId === campaignId).length;
    if (stock + sold !== start) problems.push(`campaign ${campaignId}: stock ${stock} + ${sold} live orders ≠ ${start}`);
    for (const g of groups.filter((x) => x.campaignId === campaignId)) {
      const held = seats.filter((s) => s.groupId === g._id).length;
      if (g.seatsTaken !== held) problems.push(`group ${g._id}: seatsTaken ${g.seatsTaken} ≠ ${held} seats`);
      if (held > g.groupSize) problems.push(`group ${g._id}: ${held} seats > size ${g.groupSize}`);
      for (const s of seats.filter((x) => x.groupId === g._id)) {
        if (!live.some((o) => o._id === s.orderId)) problems.push(`seat ${s._id}: its order is not live`);
      }
    }
  }
  for (const [rewardId, start] of Object.entries(initial.rewards ?? {})) {
    const stock = rewards.find((r) => r._id === rewardId)?.stock;
    const issued = redemptions.filter((r) => r.rewardId === rewardId && RIGHT.has(r.status)).length;
    if (stock + issued !== start) problems.push(`reward ${rewardId}: stock ${stock} + ${issued} redeemed ≠ ${start}`);
  }
  if (holds.length) problems.push(`${holds.length} holds left after the sweep`);
  for (const [name, list] of [['skus', skus], ['flash_sales', flashSales], ['flash_purchases', flashCounters], ['coupons', coupons], ['coupon_claims', claims], ['user_coupons', userCoupons], ['groups', groups], ['group_seats', seats], ['group_campaigns', campaigns]] as const) {
    for (const d of list) if (d.holds && Object.keys(d.holds).length) problems.push(`${name}/${d._id} still carries markers ${Object.keys(d.holds).join(',')}`);
  }
  return { problems, liveOrders: live.length };
}

/** Points: every account's balance equals the sum of its ledger entries, and none is negative. */
export async function checkPoints(docs: Docs): Promise<string[]> {
  const [accounts, entries] = await Promise.all([docs('points_accounts'), docs('points_entries')]);
  const problems: string[] = [];
  for (const a of accounts) {
    const sum = entries.filter((e) => e.userId === a._id).reduce((s, e) => s + e.delta, 0);
    if (a.balance !== sum) problems.push(`points ${a._id}: balance ${a.balance} ≠ Σ entries ${sum}`);
    if (a.balance < 0) problems.push(`points ${a._id}: negative balance ${a.balance}`);
  }
  return problems;
}

/**
 * Redemptions once the points `sweepRedemptions` timer has run: no claim is left pending or void, every right
 * has its ledger entry (`redeem:<id>`, −costPoints) and, for a coupon reward, its coupon; every redeem entry
 * belongs to a right (no points taken without a right); no reward or account still carries a marker.
 */
export async function checkRedemptions(docs: Docs): Promise<string[]> {
  const [redemptions, entries, userCoupons, rewards, accounts] = await Promise.all(['redemptions', 'points_entries', 'user_coupons', 'rewards', 'points_accounts'].map((c) => docs(c)));
  const problems: string[] = [];
  const rights = new Map(redemptions.filter((r) => RIGHT.has(r.status)).map((r) => [r._id, r]));
  for (const r of redemptions) if (!RIGHT.has(r.status)) problems.push(`redemption ${r._id}: still ${r.status} after the sweep`);
  const spends = entries.filter((e) => e.kind === 'redeem' && e.key === `redeem:${e.refId}`);
  for (const r of rights.values()) {
    const spend = spends.filter((e) => e.refId === r._id);
    if (spend.length !== 1 || spend[0].delta !== -r.costPoints) problems.push(`right ${r._id}: ${spend.length} spend entries ${spend.map((e) => e.delta).join(',')} for ${r.costPoints} points`);
    if (r.couponId && !userCoupons.some((u) => u._id === `redeem:${r._id}` && u.couponId === r.couponId)) problems.push(`right ${r._id}: its coupon ${r.couponId} is missing`);
  }
  for (const e of spends) if (!rights.has(e.refId)) problems.push(`entry ${e._id}: ${e.delta} points spent on ${e.refId}, which is no right`);
  // An attempt given back after its account changed writes its spend and return as a pair: together they move what came back only.
  const voided = entries.filter((e) => e.kind === 'redeem' && e.key !== `redeem:${e.refId}`);
  for (const e of voided) {
    if (!entries.some((x) => x.key === `${e.key}:return` && x.kind === 'redeemReturn')) problems.push(`entry ${e._id}: a given-back spend without its return`);
  }
  for (const [name, list] of [['rewards', rewards], ['points_accounts', accounts]] as const) {
    for (const d of list) if (d.holds && Object.keys(d.holds).length) problems.push(`${name}/${d._id} still carries markers ${Object.keys(d.holds).join(',')}`);
  }
  return problems;
}
