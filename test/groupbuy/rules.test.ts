import fc from 'fast-check';
import { checkCampaign, checkJoin, expireGroup, groupView, memberPaid, memberRefunded, openGroup, seatFreed, type Campaign, type Group } from '../../domain/groupbuy/groupbuy';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const aCampaign = (o: Partial<Campaign> = {}): Campaign => ({
  _id: 'gc_1', skuId: 'sku_1', productId: 'p_1', groupPriceFen: 2990, groupSize: 3, durationMs: 3600_000, stock: 100, createdAt: T0, ...o,
});
const aGroup = (o: Partial<Group> = {}): Group => ({ ...openGroup(aCampaign(), 'g_1', 'u_leader', T0), ...o });
const paidBy = (n: number) => Array.from({ length: n }, (_, i) => ({ userId: `u_${i}`, orderId: `o_${i}`, at: T0 + i }));

describe('campaign', () => {
  it('refuses a group of one', () => expect(checkCampaign({ groupPriceFen: 100, groupSize: 1, durationMs: 3600_000, stock: 1 }).ok).toBe(false));
  it('refuses a free group price', () => expect(checkCampaign({ groupPriceFen: 0, groupSize: 2, durationMs: 3600_000, stock: 1 }).ok).toBe(false));
  it('accepts a 3-person group for a day', () => expect(checkCampaign({ groupPriceFen: 2990, groupSize: 3, durationMs: 86400_000, stock: 300 }).ok).toBe(true));
});

describe('opening a group', () => {
  const g = openGroup(aCampaign({ durationMs: 3600_000 }), 'g_1', 'u_leader', T0);
  it('gives the leader the first seat', () => expect(g.seatsTaken).toBe(1));
  it('expires durationMs after opening', () => expect(g.expiresAt).toBe(T0 + 3600_000));
  it('starts forming with nobody paid', () => expect(groupView(g)).toMatchObject({ status: 'forming', paidMembers: 0, seatsLeft: 2 }));
});

describe('joining', () => {
  it('lets a newcomer take a free seat', () => expect(checkJoin(aGroup(), false, T0 + 1).ok).toBe(true));
  it('refuses a member who already holds a seat', () => expect(checkJoin(aGroup(), true, T0 + 1)).toMatchObject({ ok: false, code: 'ALREADY_IN_GROUP' }));
  describe('when the group is full', () => {
    it('refuses the fourth member', () => expect(checkJoin(aGroup({ seatsTaken: 3 }), false, T0 + 1)).toMatchObject({ ok: false, code: 'GROUP_FULL' }));
  });
  it('refuses joining after expiry', () => expect(checkJoin(aGroup(), false, T0 + 3600_000)).toMatchObject({ ok: false, code: 'INVALID_STATE' }));
  it('refuses joining a formed group', () => expect(checkJoin(aGroup({ status: 'formed' }), false, T0 + 1)).toMatchObject({ ok: false, code: 'INVALID_STATE' }));
});

describe('payments', () => {
  it('does not form before groupSize members paid', () => {
    const d = memberPaid(aGroup({ seatsTaken: 3, paid: paidBy(1) }), { userId: 'u_x', orderId: 'o_x', at: T0 }, T0);
    expect(d.group.status).toBe('forming');
    expect(d.effects).toEqual([]);
  });
  it('forms when the last member pays and asks to notify', () => {
    const d = memberPaid(aGroup({ seatsTaken: 3, paid: paidBy(2) }), { userId: 'u_x', orderId: 'o_x', at: T0 }, T0 + 5);
    expect(d.group).toMatchObject({ status: 'formed', endedAt: T0 + 5, noticesPending: true });
    expect(d.effects).toEqual([{ kind: 'notify', event: 'formed' }]);
  });
  it('counts a repeated payment of the same order once', () => {
    const g = aGroup({ paid: paidBy(1) });
    expect(memberPaid(g, paidBy(1)[0], T0).group).toBe(g);
  });
  it('refunds a payment that arrives after the group failed', () => {
    const d = memberPaid(aGroup({ status: 'failed' }), { userId: 'u_late', orderId: 'o_late', at: T0 }, T0);
    expect(d.effects).toEqual([{ kind: 'refund', orderId: 'o_late', userId: 'u_late' }]);
    expect(d.group.refundsPending).toBe(true);
  });
});

describe('freeing seats', () => {
  it('frees a seat of a forming group', () => expect(seatFreed(aGroup({ seatsTaken: 3 })).seatsTaken).toBe(2));
  it('never goes below zero', () => expect(seatFreed(aGroup({ seatsTaken: 0 })).seatsTaken).toBe(0));
  it('removes a refunded payer and their seat while forming', () => {
    const g = memberRefunded(aGroup({ seatsTaken: 2, paid: paidBy(2) }), 'o_0');
    expect(g).toMatchObject({ seatsTaken: 1, paid: [paidBy(2)[1]] });
  });
});

describe('expiry', () => {
  it('leaves a group alone before expiresAt', () => expect(expireGroup(aGroup({ paid: paidBy(2) }), T0 + 3599_999).effects).toEqual([]));
  it('fails a forming group at expiresAt and refunds every paid member once', () => {
    const d = expireGroup(aGroup({ seatsTaken: 3, paid: paidBy(2) }), T0 + 3600_000);
    expect(d.group).toMatchObject({ status: 'failed', refundsPending: true });
    expect(d.effects.filter((e) => e.kind === 'refund')).toEqual([
      { kind: 'refund', orderId: 'o_0', userId: 'u_0' },
      { kind: 'refund', orderId: 'o_1', userId: 'u_1' },
    ]);
    expect(expireGroup(d.group, T0 + 7200_000).effects).toEqual([]);
  });
  it('never forms a group automatically', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 10 ** 8 }), (paid, late) => {
      const d = expireGroup(aGroup({ paid: paidBy(paid) }), T0 + 3600_000 + late);
      return d.group.status === 'failed' && d.effects.filter((e) => e.kind === 'refund').length === paid;
    }));
  });
});

describe('seat invariant', () => {
  it('keeps 0 <= seatsLeft <= groupSize whatever the sequence of frees', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 20 }), (size, taken, frees) => {
      let g = aGroup({ groupSize: size, seatsTaken: Math.min(taken, size) });
      for (let i = 0; i < frees; i++) g = seatFreed(g);
      const v = groupView(g);
      return v.seatsLeft >= 0 && v.seatsLeft <= size;
    }));
  });
});
