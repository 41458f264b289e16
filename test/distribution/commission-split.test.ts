import fc from 'fast-check';
import { accrue, applyEvent, emptyCommissionAccount, isDue, keptFen, planProblem, reversalOnRefund, withdrawableFen, type CommissionAccount, type CommissionPlan, type EarnedCommission } from '../../domain/distribution/commission';
import { DAILY_WITHDRAW_LIMIT_FEN, MIN_WITHDRAW_FEN, withdraw } from '../../domain/distribution/withdrawal';

const aPlan = (o: Partial<CommissionPlan> = {}): CommissionPlan => ({ level1Bps: 1000, level2Bps: 300, settleAfterMs: 7 * 86400_000, ...o });

describe('accruing commission on a payment', () => {
  it('pays level 1 floor(payable × l1 / 10000) and level 2 floor(payable × l2 / 10000)', () => {
    expect(accrue(2999, aPlan(), 'buyer', ['a', 'b'])).toEqual([
      { level: 1, beneficiaryId: 'a', amountFen: 299, rateBps: 1000 },
      { level: 2, beneficiaryId: 'b', amountFen: 89, rateBps: 300 },
    ]);
  });
  it('never pays a third level', () => {
    expect(accrue(10000, aPlan(), 'buyer', ['a', 'b', 'c', 'd']).map((x) => x.beneficiaryId)).toEqual(['a', 'b']);
  });
  it('pays only level 1 when the inviter has no inviter', () => {
    expect(accrue(10000, aPlan(), 'buyer', ['a', null])).toEqual([{ level: 1, beneficiaryId: 'a', amountFen: 1000, rateBps: 1000 }]);
  });
  it('pays nobody without an inviter', () => expect(accrue(10000, aPlan(), 'buyer', [])).toEqual([]));
  it('never pays the buyer themself', () => expect(accrue(10000, aPlan(), 'buyer', ['buyer', 'b']).map((x) => x.level)).toEqual([]));
  it('leaves out amounts that round to zero', () => expect(accrue(5, aPlan(), 'buyer', ['a', 'b'])).toEqual([]));
  it('each level is exactly the floor of its rate, and together never exceed the payment', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (payable, l1, l2) => {
      const out = accrue(payable, aPlan({ level1Bps: l1, level2Bps: l2 }), 'buyer', ['a', 'b']);
      const get = (lv: number) => out.find((x) => x.level === lv)?.amountFen ?? 0;
      return get(1) === Math.floor((payable * l1) / 10000) && get(2) === Math.floor((payable * l2) / 10000) && get(1) + get(2) <= payable;
    }));
  });
});

describe('plans', () => {
  it('refuses rates that pay out more than the order', () => expect(planProblem(aPlan({ level1Bps: 8000, level2Bps: 3000 }))).not.toBeNull());
  it('accepts 10 % + 3 %', () => expect(planProblem(aPlan())).toBeNull());
  it('keeps room for a live host: the levels together take at most 70 %', () => {
    expect(planProblem(aPlan({ level1Bps: 5000, level2Bps: 2000 }))).toBeNull();
    expect(planProblem(aPlan({ level1Bps: 5000, level2Bps: 2001 }))).toMatch(/7000/);
  });
});

describe('the commission lifecycle', () => {
  it('settles only once completed and the window passed', () => {
    expect(isDue({ status: 'pending', settleAt: null }, 10 ** 13)).toBe(false);
    expect(isDue({ status: 'pending', settleAt: 1000 }, 999)).toBe(false);
    expect(isDue({ status: 'pending', settleAt: 1000 }, 1000)).toBe(true);
    expect(isDue({ status: 'reversed', settleAt: 1000 }, 1000)).toBe(false);
  });
  it('carries a negative withdrawable balance after a clawback of withdrawn money', () => {
    let a = applyEvent(applyEvent(emptyCommissionAccount(), 'accrue', 500), 'settle', 500);
    a = withdraw(a, 500, '2025-03-01').ok ? { ...a, withdrawnFen: 500 } : a;
    a = applyEvent(a, 'clawback', 500);
    expect(withdrawableFen(a)).toBe(-500);
    expect(a.reversedFen).toBe(500);
  });
  it('keeps pending + settled − clawed back = accrued − reversed for any event sequence', () => {
    type Step = { amount: number; fate: 'pending' | 'settled' | 'reversed' | 'clawedBack' };
    fc.assert(fc.property(fc.array(fc.record({ amount: fc.integer({ min: 1, max: 10 ** 6 }), fate: fc.constantFrom<Step['fate']>('pending', 'settled', 'reversed', 'clawedBack') }), { maxLength: 30 }), (steps) => {
      let a = emptyCommissionAccount();
      let accrued = 0, earlyReversed = 0;
      for (const s of steps) {
        a = applyEvent(a, 'accrue', s.amount);
        accrued += s.amount;
        if (s.fate === 'settled' || s.fate === 'clawedBack') a = applyEvent(a, 'settle', s.amount);
        if (s.fate === 'reversed') { a = applyEvent(a, 'reverse', s.amount); earlyReversed += s.amount; }
        if (s.fate === 'clawedBack') a = applyEvent(a, 'clawback', s.amount);
      }
      return a.pendingFen >= 0 && a.pendingFen + a.settledFen - a.clawedBackFen === accrued - a.reversedFen && a.reversedFen === earlyReversed + a.clawedBackFen;
    }));
  });
});

describe('refunds, partial ones included', () => {
  const anEntry = (o: Partial<EarnedCommission> = {}): EarnedCommission => ({ status: 'pending', keptFen: 1000, rateBps: 1000, ...o });

  it('takes back from a pending commission what the refunded money earned, leaving it pending', () => {
    expect(reversalOnRefund(anEntry(), 10000 - 2500)).toEqual({ event: 'reverse', amountFen: 250, keptFen: 750, status: 'pending' });
  });
  it('claws back from a settled commission, leaving it settled while something is kept', () => {
    expect(reversalOnRefund(anEntry({ status: 'settled' }), 6000)).toEqual({ event: 'clawback', amountFen: 400, keptFen: 600, status: 'settled' });
  });
  it('reverses all of it when nothing stays paid, settled or not', () => {
    expect(reversalOnRefund(anEntry({ keptFen: 750 }), 0)).toEqual({ event: 'reverse', amountFen: 750, keptFen: 0, status: 'reversed' });
    expect(reversalOnRefund(anEntry({ status: 'settled', keptFen: 600 }), 0)).toEqual({ event: 'clawback', amountFen: 600, keptFen: 0, status: 'reversed' });
  });
  it('rounds what is kept down, never what is taken back: 9999 fen at 10 % keeps 999, then 4999 paid keeps 499', () => {
    expect(reversalOnRefund(anEntry({ keptFen: 999 }), 4999)).toMatchObject({ amountFen: 500, keptFen: 499 });
  });
  it('changes nothing when the refunded money earned no whole fen', () => {
    expect(reversalOnRefund(anEntry({ keptFen: 999 }), 9991)).toBeNull();
  });
  it('changes nothing on a reversed commission', () => {
    expect(reversalOnRefund(anEntry({ status: 'reversed', keptFen: 0 }), 0)).toBeNull();
  });
  it('keeps an entry without a recorded rate whole until nothing stays paid (entries older than partial refunds)', () => {
    expect(reversalOnRefund(anEntry({ rateBps: undefined }), 1)).toBeNull();
    expect(reversalOnRefund(anEntry({ rateBps: undefined }), 0)).toMatchObject({ amountFen: 1000, keptFen: 0, status: 'reversed' });
  });

  /** Replays payment, partial refunds and (at some point) settlement on one level's entry and its account. */
  function replay(payable: number, bps: number, refunds: number[], settleAfter: number) {
    let entry: EarnedCommission = { status: 'pending', keptFen: keptFen(payable, bps), rateBps: bps };
    let account: CommissionAccount = applyEvent(emptyCommissionAccount(), 'accrue', entry.keptFen);
    let refunded = 0;
    const steps: { refunded: number; entry: EarnedCommission; account: CommissionAccount }[] = [];
    refunds.forEach((r, i) => {
      if (i === settleAfter && entry.status === 'pending' && entry.keptFen > 0) {
        account = applyEvent(account, 'settle', entry.keptFen);
        entry = { ...entry, status: 'settled' };
      }
      refunded += r;
      const d = reversalOnRefund(entry, payable - refunded);
      if (d) {
        account = applyEvent(account, d.event, d.amountFen);
        entry = { ...entry, keptFen: d.keptFen, status: d.status };
      }
      steps.push({ refunded, entry, account });
    });
    return steps;
  }

  /** A payable amount, a rate, and partial refunds that together never exceed it. */
  const aRefundSequence = fc.integer({ min: 0, max: 10 ** 8 }).chain((payable) => fc.record({
    payable: fc.constant(payable),
    bps: fc.integer({ min: 0, max: 10000 }),
    refunds: fc.array(fc.integer({ min: 0, max: payable }), { maxLength: 12 }).map((xs) => {
      let left = payable;
      return xs.map((x) => { const r = Math.min(x, left); left -= r; return r; });
    }),
    settleAfter: fc.integer({ min: 0, max: 12 }),
  }));

  it('always keeps exactly floor((payable − refunded) × bps / 10000), never below 0, and the balances agree', () => {
    fc.assert(fc.property(aRefundSequence, ({ payable, bps, refunds, settleAfter }) => {
      for (const { refunded, entry, account } of replay(payable, bps, refunds, settleAfter)) {
        const expected = Math.floor(((payable - refunded) * bps) / 10000);
        if (entry.keptFen !== expected || entry.keptFen < 0) return false;
        if (account.pendingFen + account.settledFen - account.clawedBackFen !== entry.keptFen) return false;
        if (account.pendingFen < 0 || account.reversedFen !== keptFen(payable, bps) - entry.keptFen) return false;
        if ((entry.keptFen === 0) !== (entry.status === 'reversed') && keptFen(payable, bps) > 0) return false;
      }
      return true;
    }));
  });

  it('leaves 0 kept, 0 pending and nothing withdrawable from it once the rest is refunded', () => {
    fc.assert(fc.property(aRefundSequence, ({ payable, bps, refunds, settleAfter }) => {
      const rest = payable - refunds.reduce((a, b) => a + b, 0);
      const steps = replay(payable, bps, [...refunds, rest], settleAfter);
      const last = steps[steps.length - 1];
      const accrued = keptFen(payable, bps);
      return last.refunded === payable && last.entry.keptFen === 0 && (accrued === 0 || last.entry.status === 'reversed')
        && last.account.pendingFen === 0 && last.account.settledFen - last.account.clawedBackFen === 0 && last.account.reversedFen === accrued;
    }));
  });
});

describe('withdrawing', () => {
  const settled = (fen: number) => applyEvent(applyEvent(emptyCommissionAccount(), 'accrue', fen), 'settle', fen);
  it(`refuses less than the ${MIN_WITHDRAW_FEN} fen minimum`, () => expect(withdraw(settled(1000), MIN_WITHDRAW_FEN - 1, 'd')).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' }));
  it('refuses more than is withdrawable', () => expect(withdraw(settled(1000), 1001, 'd')).toMatchObject({ ok: false, code: 'INSUFFICIENT_BALANCE' }));
  it('refuses pending money', () => expect(withdraw(applyEvent(emptyCommissionAccount(), 'accrue', 1000), 100, 'd')).toMatchObject({ ok: false, code: 'INSUFFICIENT_BALANCE' }));
  it('lowers withdrawable by the amount', () => {
    const r = withdraw(settled(1000), 400, 'd');
    expect(r.ok && withdrawableFen(r.value)).toBe(600);
  });
  it('stops at the daily limit and starts afresh the next day', () => {
    const rich = settled(3 * DAILY_WITHDRAW_LIMIT_FEN);
    const first = withdraw(rich, DAILY_WITHDRAW_LIMIT_FEN, 'd1');
    if (!first.ok) throw new Error('first withdrawal refused');
    expect(withdraw(first.value, 100, 'd1')).toMatchObject({ ok: false, code: 'LIMIT_EXCEEDED' });
    expect(withdraw(first.value, 100, 'd2').ok).toBe(true);
  });
  it('never lets withdrawable go negative by withdrawing', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 6 }), fc.array(fc.integer({ min: 0, max: 10 ** 6 }), { maxLength: 20 }), (fen, asks) => {
      let a = settled(fen);
      for (const ask of asks) { const r = withdraw(a, ask, 'd'); if (r.ok) a = r.value; }
      return withdrawableFen(a) >= 0;
    }));
  });
});
