/**
 * The pure rules added for the live host's commission, merged members' balances and the ledger audit
 * (domain/distribution/commission.ts).
 */
import fc from 'fast-check';
import {
  accrualKey, accrueHost, applyEvent, balancesFromLedger, emptyCommissionAccount, hostRateProblem, keptFen, mergeAccounts, MAX_HOST_COMMISSION_BPS,
  refundReversalKey, reversalOnRefund, withdrawableFen, type CommissionAccount, type LedgerEntry,
} from '../../domain/distribution/commission';

describe('the live host’s commission', () => {
  it('is floor(payable × hostCommissionBps / 10000), with the rate recorded', () => {
    expect(accrueHost(9999, 500, 'buyer', 'host')).toEqual({ level: 'host', beneficiaryId: 'host', amountFen: 499, rateBps: 500 });
  });
  it('pays nothing when the room has no rate, or the amount floors to 0', () => {
    expect(accrueHost(9999, 0, 'buyer', 'host')).toBeNull();
    expect(accrueHost(19, 500, 'buyer', 'host')).toBeNull();
  });
  it('never pays a host for their own purchase', () => expect(accrueHost(9999, 500, 'host', 'host')).toBeNull());
  it(`refuses rates outside 0..${MAX_HOST_COMMISSION_BPS} bps`, () => {
    expect(hostRateProblem(MAX_HOST_COMMISSION_BPS)).toBeNull();
    expect(hostRateProblem(MAX_HOST_COMMISSION_BPS + 1)).not.toBeNull();
    expect(hostRateProblem(-1)).not.toBeNull();
    expect(accrueHost(9999, MAX_HOST_COMMISSION_BPS + 1, 'buyer', 'host')).toBeNull();
  });
  it('is its own ledger key, beside the two levels', () => {
    expect([accrualKey('o1', 1), accrualKey('o1', 2), accrualKey('o1', 'host')]).toEqual(['order:o1:l1', 'order:o1:l2', 'order:o1:host']);
    expect(refundReversalKey('o1', 'host', 'o1_r1')).toBe('order:o1:host:refund:o1_r1');
  });
  it('is exactly the floor of its rate and never more than 30 % of the payment', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: MAX_HOST_COMMISSION_BPS }), (payable, hostBps) => {
      const host = accrueHost(payable, hostBps, 'buyer', 'host')?.amountFen ?? 0;
      return host === Math.floor((payable * hostBps) / 10000) && host * 10000 <= payable * MAX_HOST_COMMISSION_BPS;
    }));
  });
});

const anAccount = fc.record({
  pendingFen: fc.integer({ min: 0, max: 10 ** 7 }),
  settledFen: fc.integer({ min: 0, max: 10 ** 7 }),
  reversedFen: fc.integer({ min: 0, max: 10 ** 7 }),
  clawedBackFen: fc.integer({ min: 0, max: 10 ** 7 }),
  withdrawnFen: fc.integer({ min: 0, max: 10 ** 7 }),
  withdrawnToday: fc.record({ day: fc.constantFrom('', '2024-05-01', '2024-05-02'), fen: fc.integer({ min: 0, max: 500_000 }) }),
});

describe('merging two members’ balances', () => {
  it('adds every balance, so withdrawable is the sum and nothing is lost or doubled', () => {
    fc.assert(fc.property(anAccount, anAccount, (s, m) => {
      const merged = mergeAccounts(s, m);
      const fields = ['pendingFen', 'settledFen', 'reversedFen', 'clawedBackFen', 'withdrawnFen'] as const;
      return fields.every((f) => merged[f] === s[f] + m[f]) && withdrawableFen(merged) === withdrawableFen(s) + withdrawableFen(m);
    }));
  });
  it('counts both withdrawals of the same day against one daily limit, and keeps the later day otherwise', () => {
    const on = (day: string, fen: number): CommissionAccount => ({ ...emptyCommissionAccount(), withdrawnToday: { day, fen } });
    expect(mergeAccounts(on('2024-05-02', 300), on('2024-05-02', 200)).withdrawnToday).toEqual({ day: '2024-05-02', fen: 500 });
    expect(mergeAccounts(on('2024-05-01', 300), on('2024-05-02', 200)).withdrawnToday).toEqual({ day: '2024-05-02', fen: 200 });
    expect(mergeAccounts(on('2024-05-02', 300), on('', 0)).withdrawnToday).toEqual({ day: '2024-05-02', fen: 300 });
  });
});

describe('the audit of the ledger against the balances', () => {
  /** One order's commission: accrued at `bps` of `payable`, refunded in parts, settled after `settleAfter` refunds. */
  const anOrder = fc.integer({ min: 0, max: 10 ** 7 }).chain((payable) => fc.record({
    payable: fc.constant(payable),
    bps: fc.integer({ min: 0, max: 10000 }),
    refunds: fc.array(fc.integer({ min: 1, max: Math.max(1, payable) }), { maxLength: 5 }),
    settleAfter: fc.integer({ min: 0, max: 6 }),
  }));

  /** Replays orders through the same rules the server uses, writing ledger entries and moving one account. */
  function replay(orders: { payable: number; bps: number; refunds: number[]; settleAfter: number }[]) {
    const ledger: LedgerEntry[] = [];
    let account = emptyCommissionAccount();
    for (const o of orders) {
      const amount = keptFen(o.payable, o.bps);
      if (amount === 0) continue;
      let earn: LedgerEntry = { kind: 'earn', amountFen: amount, keptFen: amount, status: 'pending' };
      account = applyEvent(account, 'accrue', amount);
      let refunded = 0;
      for (let i = 0; i <= o.refunds.length; i++) {
        if (i === o.settleAfter && earn.status === 'pending') {
          account = applyEvent(account, 'settle', earn.keptFen!);
          earn = { ...earn, status: 'settled', settledAt: i };
        }
        if (i === o.refunds.length) break;
        refunded = Math.min(o.payable, refunded + o.refunds[i]);
        const d = reversalOnRefund({ status: earn.status, keptFen: earn.keptFen!, rateBps: o.bps }, o.payable - refunded);
        if (!d) continue;
        ledger.push({ kind: d.event === 'reverse' ? 'reversal' : 'clawback', amountFen: -d.amountFen, status: 'reversed' });
        account = applyEvent(account, d.event, d.amountFen);
        earn = { ...earn, keptFen: d.keptFen, status: d.status };
      }
      ledger.push(earn);
    }
    return { ledger, account };
  }

  it('finds the balances equal to what the entries add up to, whatever refunds and settlements happened', () => {
    fc.assert(fc.property(fc.array(anOrder, { maxLength: 6 }), fc.integer({ min: 0, max: 10 ** 6 }), (orders, withdrawn) => {
      const { ledger, account } = replay(orders);
      const { withdrawnToday: _day, ...cached } = { ...account, withdrawnFen: withdrawn };
      expect(balancesFromLedger(ledger, withdrawn)).toEqual(cached);
    }));
  });

  it('counts a clawed-back commission as settled when it settled, and the clawback as reversed', () => {
    const { ledger } = replay([{ payable: 10000, bps: 1000, refunds: [4000], settleAfter: 0 }]);
    expect(balancesFromLedger(ledger, 250)).toEqual({ pendingFen: 0, settledFen: 1000, reversedFen: 400, clawedBackFen: 400, withdrawnFen: 250 });
  });
});
