/**
 * The benchmark's user journeys: each step is one contract action run `runs` times against the seeded
 * demo store. Later steps may use what earlier ones stored in `state` (an order to pay, a group to join).
 */
import type { Api, ApiName } from '../typings/api';
import type { LocalCloud } from '../localcloud';
import { DEMO } from '../localcloud/seed';

export interface StepContext { ids: Record<string, string>; cloud: LocalCloud; state: Record<string, unknown> }
export interface Step { name: string; runs: number; run(ctx: StepContext, i: number): Promise<{ ok: boolean; error: string }> }

type Out<K extends ApiName> = { ok: true; data: Api[K]['res'] } | { ok: false; error: { code: string; message: string } };

async function call<K extends ApiName>(ctx: StepContext, openid: string, name: K, req: Api[K]['req']): Promise<Out<K>> {
  const [fn, action] = name.split('.');
  return (await ctx.cloud.invoke(fn, { ...req, action }, { openid })) as Out<K>;
}

const result = (out: { ok: boolean; error?: { code: string; message: string } }) => ({ ok: out.ok, error: out.ok ? '' : `${out.error?.code}: ${out.error?.message}` });
const shopper = (i: number) => `o-bench-${i}`;

function step<K extends ApiName>(name: K, runs: number, req: (ctx: StepContext, i: number) => Api[K]['req'], after?: (ctx: StepContext, i: number, data: Api[K]['res']) => void, who: (i: number) => string = shopper): Step {
  return {
    name,
    runs,
    async run(ctx, i) {
      const out = await call(ctx, who(i), name, req(ctx, i));
      if (out.ok && after) after(ctx, i, out.data);
      return result(out);
    },
  };
}

export const scenarios: Step[] = [
  { ...step('user.login', 20, () => ({})), name: 'user.login (first)' },
  { ...step('user.login', 20, () => ({})), name: 'user.login (returning)' },
  step('catalog.list', 20, () => ({ limit: 10 })),
  step('catalog.detail', 20, (ctx) => ({ productId: ctx.ids.productId }), (ctx, _i, data) => {
    ctx.state.skuId = data.skus[0].skuId;
  }),
  step('cart.add', 20, (ctx) => ({ skuId: ctx.state.skuId as string, quantity: 1 })),
  step('order.preview', 20, (ctx) => ({ items: [{ skuId: ctx.state.skuId as string, quantity: 1 }] })),
  step('order.create', 20, (ctx, i) => ({ items: [{ skuId: ctx.state.skuId as string, quantity: 1 }], idempotencyKey: `bench-order-${i}` }), (ctx, i, data) => {
    ctx.state[`order-${i}`] = data.payment.outTradeNo;
  }),
  {
    name: 'pay (payment callback)',
    runs: 20,
    async run(ctx, i) {
      const outTradeNo = ctx.state[`order-${i}`] as string | undefined;
      if (!outTradeNo) return { ok: false, error: 'no order to pay' };
      const out = (await ctx.cloud.pay.notifyPayment(outTradeNo, 'SUCCESS')) as { errcode?: number };
      return { ok: out?.errcode === 0, error: out?.errcode === 0 ? '' : JSON.stringify(out) };
    },
  },
  step('order.detail', 20, (ctx, i) => ({ orderId: (ctx.state[`order-${i}`] as string | undefined) ?? 'none' })),
  step('coupon.claim', 20, (ctx) => ({ couponId: ctx.ids.couponId })),
  step('points.checkin', 20, () => ({})),
  step('points.balance', 20, () => ({})),
  step('points.redeem', 20, (ctx, i) => ({ rewardId: ctx.ids.cheapRewardId, idempotencyKey: `bench-redeem-${i}` })),
  step('user.memberCode', 20, () => ({}), (ctx, i, data) => {
    ctx.state[`code-${i}`] = data.code;
  }),
  step('staff.verifyMemberCode', 20, (ctx, i) => ({ code: (ctx.state[`code-${i}`] as string | undefined) ?? 'none' }), undefined, () => DEMO.clerk),
  step('groupbuy.open', 10, (ctx, i) => ({ campaignId: ctx.ids.campaignId, idempotencyKey: `bench-open-${i}` }), (ctx, i, data) => {
    ctx.state[`group-${i}`] = data.groupId;
  }),
  // The friends open the shared group's link: the mini-program signs them in on launch, then they join.
  { ...step('user.login', 10, () => ({}), undefined, (i) => `o-bench-joiner-${i}`), name: 'user.login (first: the friends who join)' },
  step('groupbuy.join', 10, (ctx, i) => ({ groupId: (ctx.state[`group-${i}`] as string | undefined) ?? 'none', idempotencyKey: `bench-join-${i}` }), (ctx, i, data) => {
    ctx.state[`join-${i}`] = data.payment.outTradeNo;
  }, (i) => `o-bench-joiner-${i}`),
  {
    name: 'pay (group order callback)',
    runs: 10,
    async run(ctx, i) {
      const outTradeNo = ctx.state[`join-${i}`] as string | undefined;
      if (!outTradeNo) return { ok: false, error: 'no group order to pay' };
      const out = (await ctx.cloud.pay.notifyPayment(outTradeNo, 'SUCCESS')) as { errcode?: number };
      return { ok: out?.errcode === 0, error: out?.errcode === 0 ? '' : JSON.stringify(out) };
    },
  },
  step('groupbuy.detail', 10, (ctx, i) => ({ groupId: (ctx.state[`group-${i}`] as string | undefined) ?? 'none' })),
  step('distribution.center', 20, () => ({})),
  step('live.room', 20, (ctx) => ({ roomId: ctx.ids.roomId })),
  step('alliance.exchange', 10, (ctx, i) => ({ partnerId: DEMO.partnerId, points: 100, idempotencyKey: `bench-ex-${i}` }), undefined, (i) => `o-bench-${i}`),
  step('alliance.mapTier', 20, () => ({ partnerId: DEMO.partnerId, partnerTier: 'gold' })),
  step('analytics.track', 20, () => ({ events: [{ name: 'page_view', props: { path: 'pages/home/index' } }, { name: 'tap_product', props: { productId: 'p1' } }] })),
  step('analytics.assign', 20, () => ({ experimentKey: 'home-banner' })),
];
