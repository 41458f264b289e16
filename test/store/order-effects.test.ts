/**
 * The ordered table of what other features do when an order changes (server/store/order-effects.ts).
 * The order is part of the rule: points are credited before the group forms and commission accrues, and a
 * refund takes points back before the seat and the commission follow.
 */
import { ORDER_EFFECTS, onOrderPaid, onOrderRefunded, type OrderEffect } from '../../server/store/order-effects';
import type { OrderDoc } from '../../server/store/order-doc';
import type { Tx } from '../../server/kernel/db';

const hooksOf = (e: OrderEffect) => (['paid', 'cancelled', 'completed', 'refunded'] as const).filter((h) => e[h]);

describe('the reactions to an order', () => {
  it('run in this order, each on the hooks it needs', () => {
    expect(ORDER_EFFECTS.map((e) => [e.name, hooksOf(e)])).toEqual([
      ['points.purchase', ['paid', 'cancelled', 'refunded']],
      ['membership.lifetimeSpend', ['paid', 'refunded']],
      ['groupbuy.seats', ['paid', 'cancelled', 'refunded']],
      ['distribution.commission', ['paid', 'completed', 'refunded']],
      ['analytics.events', ['paid']],
    ]);
  });

  describe('when an order is paid or refunded', () => {
    const calls: string[] = [];
    const originals = ORDER_EFFECTS.map((e) => ({ ...e }));
    beforeAll(() => {
      for (const e of ORDER_EFFECTS as OrderEffect[]) {
        for (const h of hooksOf(e)) (e as unknown as Record<string, unknown>)[h] = async () => { calls.push(`${e.name}.${h}`); };
      }
    });
    afterAll(() => originals.forEach((o, i) => Object.assign(ORDER_EFFECTS[i], o)));

    it('calls every reaction once, top to bottom, awaiting each before the next', async () => {
      const tx = {} as Tx;
      const order = { _id: 'o1' } as OrderDoc;
      await onOrderPaid(tx, order, 0);
      await onOrderRefunded(tx, order, 0, { outRefundNo: 'o1_r1', refundFen: 100, skuIds: [], pointsBack: 0 });
      expect(calls).toEqual([
        'points.purchase.paid', 'membership.lifetimeSpend.paid', 'groupbuy.seats.paid', 'distribution.commission.paid', 'analytics.events.paid',
        'points.purchase.refunded', 'membership.lifetimeSpend.refunded', 'groupbuy.seats.refunded', 'distribution.commission.refunded',
      ]);
    });
  });
});
