/**
 * After-sale and partial-refund rules (pure): where a refund request goes, reviewing it, auto-completion,
 * refunds by quantity that always sum to what was paid, and search keys.
 */
import fc from 'fast-check';
import { AFTER_SALE_WINDOW_MS, AUTO_COMPLETE_AFTER_MS, dueForAutoComplete, newAfterSale, reviewAfterSale, routeMemberRefund } from '../../domain/store/aftersale';
import { openUnits, planRefund, transition, unitsShare, type OrderLine, type OrderState } from '../../domain/store/order';
import { keywordKeys, orderSearchKeys, searchKeys } from '../../domain/store/search';

const T = 1_700_000_000_000;
const aLine = (o: Partial<OrderLine> = {}): OrderLine => ({
  skuId: 'sku-a', productId: 'p', title: 't', skuName: 's', cover: '', priceFen: 1000, quantity: 1, lineTotalFen: 1000, discountFen: 0, payableFen: 1000,
  pointsShare: 0, stockPool: 'sku', refunded: false, ...o,
});

describe('routing a member\'s refund', () => {
  it.each([
    ['paid', 'refundNow', null],
    ['shipped', 'request', null],
    ['completed', 'request', T - AFTER_SALE_WINDOW_MS],
  ] as const)('sends a %s order to %s', (status, route, completedAt) => {
    expect(routeMemberRefund({ status, completedAt }, T)).toEqual({ ok: true, value: route });
  });

  it('refuses a completed order past the window, an unpaid one, and a second request while one waits', () => {
    expect(routeMemberRefund({ status: 'completed', completedAt: T - AFTER_SALE_WINDOW_MS - 1 }, T)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(routeMemberRefund({ status: 'pendingPayment', completedAt: null }, T)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(routeMemberRefund({ status: 'shipped', completedAt: null, afterSale: newAfterSale('x', [], T) }, T)).toMatchObject({ ok: false, code: 'ALREADY_DONE' });
  });

  it('lets a member ask again after a rejection', () => {
    const rejected = reviewAfterSale(newAfterSale('x', [], T), { approve: false, at: T, by: 'op' });
    expect(rejected.ok && routeMemberRefund({ status: 'shipped', completedAt: null, afterSale: rejected.value }, T)).toEqual({ ok: true, value: 'request' });
  });
});

describe('reviewing an after-sale request', () => {
  it('records the decision, the note and the time', () => {
    expect(reviewAfterSale(newAfterSale('坏了', [], T), { approve: true, note: 'ok', at: T + 1, by: 'op' })).toMatchObject({ ok: true, value: { status: 'approved', note: 'ok', reviewedAt: T + 1, reason: '坏了' } });
  });
  it('refuses one already decided (ALREADY_DONE) and none at all (INVALID_STATE)', () => {
    const done = reviewAfterSale(newAfterSale('x', [], T), { approve: true, at: T, by: 'op' });
    expect(done.ok && reviewAfterSale(done.value, { approve: false, at: T, by: 'op2' })).toMatchObject({ ok: false, code: 'ALREADY_DONE' });
    expect(reviewAfterSale(null, { approve: true, at: T, by: 'op' })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });
});

it('completes a shipped order 10 days after shipping, not before', () => {
  expect(dueForAutoComplete({ status: 'shipped', shippedAt: T }, T + AUTO_COMPLETE_AFTER_MS - 1)).toBe(false);
  expect(dueForAutoComplete({ status: 'shipped', shippedAt: T }, T + AUTO_COMPLETE_AFTER_MS)).toBe(true);
  expect(dueForAutoComplete({ status: 'completed', shippedAt: T }, T + 2 * AUTO_COMPLETE_AFTER_MS)).toBe(false);
});

describe('refunds by quantity', () => {
  it('sum to exactly the line\'s payable amount and points, however the units are split', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 10_000 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 30 }),
      (quantity, payableFen, pointsShare, chunks) => {
        let order: OrderState = { status: 'refunding', items: [aLine({ quantity, payableFen, pointsShare })], payableFen, refundedFen: 0, refundFromStatus: 'shipped' };
        let fen = 0;
        let points = 0;
        for (const c of [...chunks, quantity]) {
          const open = openUnits(order.items[0]);
          if (open === 0) break;
          const plan = planRefund(order, undefined, [{ skuId: 'sku-a', quantity: Math.min(c, open) }]);
          if (!plan.ok) return false;
          fen += plan.value.refundFen;
          points += plan.value.pointsBack;
          const next = transition(order, { type: 'refundSucceeded', skuIds: plan.value.skuIds, refundFen: plan.value.refundFen, at: T, lines: plan.value.lines });
          if (!next.ok) return false;
          order = { ...order, ...next.value, status: 'refunding' } as OrderState;
        }
        return fen === payableFen && points === pointsShare && order.items[0].refunded && order.refundedFen === payableFen;
      },
    ));
  });

  it('never gives a part more than its share', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 1_000_000 }), (quantity, amount) => {
      for (let i = 0; i < quantity; i++) {
        const part = unitsShare(amount, quantity, i, i + 1);
        if (part < Math.floor(amount / quantity) || part > Math.ceil(amount / quantity)) return false;
      }
      return true;
    }));
  });

  it('refuses more units than are open and lines not on the order', () => {
    const order: OrderState = { status: 'paid', items: [aLine({ quantity: 2, refundedQuantity: 1 })], payableFen: 1000, refundedFen: 500, refundFromStatus: null };
    expect(planRefund(order, undefined, [{ skuId: 'sku-a', quantity: 2 }])).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(planRefund(order, undefined, [{ skuId: 'sku-x', quantity: 1 }])).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(planRefund(order)).toMatchObject({ ok: true, value: { refundFen: 500, lines: [{ skuId: 'sku-a', quantity: 1 }] } });
  });

  it('goes back where the order was while units remain, refunded once none do', () => {
    const order: OrderState = { status: 'refunding', items: [aLine({ quantity: 3, payableFen: 900 })], payableFen: 900, refundedFen: 0, refundFromStatus: 'completed' };
    const one = transition(order, { type: 'refundSucceeded', skuIds: ['sku-a'], refundFen: 300, at: T, lines: [{ skuId: 'sku-a', quantity: 1 }] });
    expect(one).toMatchObject({ ok: true, value: { status: 'completed', refundedFen: 300 } });
    expect(one.ok && one.value.items).toEqual([expect.objectContaining({ refundedQuantity: 1, refunded: false })]);
  });
});

describe('search keys', () => {
  it('find a title by any run of its Chinese characters and by whole Latin words', () => {
    const keys = new Set(searchKeys('海盐芝士曲奇 Cookie'));
    for (const kw of ['曲奇', '芝士曲奇', '海', 'cookie', 'COOKIE']) expect(keywordKeys(kw).every((k) => keys.has(k))).toBe(true);
    expect(keywordKeys('奇曲').every((k) => keys.has(k))).toBe(false);
  });
  it('find an order by its number, the phone and its last four digits', () => {
    const keys = orderSearchKeys({ orderId: 'ord_ab12cd', phone: '+86 138-0013-8000', titles: [] });
    expect(keys).toEqual(expect.arrayContaining(['ord_ab12cd', '8613800138000', '8000']));
  });
});
