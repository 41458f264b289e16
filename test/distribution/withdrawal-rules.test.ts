import fc from 'fast-check';
import { applyEvent, emptyCommissionAccount, withdrawableFen } from '../../domain/distribution/commission';
import { DAILY_WITHDRAW_LIMIT_FEN, returnWithdrawal, review, withdraw, type Review, type Withdrawal } from '../../domain/distribution/withdrawal';

const aWithdrawal = (o: Partial<Withdrawal> = {}): Withdrawal => ({ userId: 'u1', amountFen: 400, status: 'pendingApproval', createdAt: 1000, day: '2025-03-01', ...o });
const approve: Review = { type: 'approve', by: 'o-admin', at: 2000 };
const reject: Review = { type: 'reject', by: 'o-admin', at: 2000, reason: 'bank details do not match' };

describe('reviewing a withdrawal', () => {
  it('approves a pending one, recording who and when, with a transfer to perform', () => {
    expect(review(aWithdrawal(), approve)).toEqual({ ok: true, value: {
      changed: true,
      withdrawal: aWithdrawal({ status: 'approved', reviewedBy: 'o-admin', reviewedAt: 2000 }),
      effects: [{ kind: 'transfer', userId: 'u1', amountFen: 400 }],
    } });
  });
  it('rejects a pending one with the reason, giving the amount back', () => {
    expect(review(aWithdrawal(), reject)).toEqual({ ok: true, value: {
      changed: true,
      withdrawal: aWithdrawal({ status: 'rejected', reviewedBy: 'o-admin', reviewedAt: 2000, rejectReason: 'bank details do not match' }),
      effects: [{ kind: 'returnToBalance', userId: 'u1', amountFen: 400, day: '2025-03-01' }],
    } });
  });
  it('answers the same review again as it is, changing nothing', () => {
    const approved = aWithdrawal({ status: 'approved', reviewedBy: 'o-first', reviewedAt: 1500 });
    expect(review(approved, approve)).toEqual({ ok: true, value: { changed: false, withdrawal: approved, effects: [] } });
    const rejected = aWithdrawal({ status: 'rejected', rejectReason: 'first reason' });
    expect(review(rejected, reject)).toEqual({ ok: true, value: { changed: false, withdrawal: rejected, effects: [] } });
  });
  it('refuses approving a rejected one and rejecting an approved one as INVALID_STATE', () => {
    expect(review(aWithdrawal({ status: 'rejected' }), approve)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(review(aWithdrawal({ status: 'approved' }), reject)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });
});

describe('a rejected withdrawal coming back', () => {
  const settled = (fen: number) => applyEvent(applyEvent(emptyCommissionAccount(), 'accrue', fen), 'settle', fen);

  it('restores withdrawable and that day’s limit', () => {
    const taken = withdraw(settled(1000), 400, 'd1');
    if (!taken.ok) throw new Error('refused');
    const back = returnWithdrawal(taken.value, 400, 'd1');
    expect(withdrawableFen(back)).toBe(1000);
    expect(back.withdrawnToday).toEqual({ day: 'd1', fen: 0 });
  });
  it('leaves a later day’s count alone', () => {
    const a = { ...settled(1000), withdrawnFen: 400, withdrawnToday: { day: 'd2', fen: 100 } };
    expect(returnWithdrawal(a, 300, 'd1').withdrawnToday).toEqual({ day: 'd2', fen: 100 });
  });
  it('undoes any withdrawal exactly, whatever happened to the balance in between', () => {
    fc.assert(fc.property(fc.integer({ min: 100, max: 10 ** 7 }), fc.integer({ min: 100, max: DAILY_WITHDRAW_LIMIT_FEN }), fc.integer({ min: 0, max: 10 ** 7 }), (fen, ask, clawed) => {
      const taken = withdraw(settled(fen), ask, 'd');
      if (!taken.ok) return ask > fen;
      const later = applyEvent(taken.value, 'clawback', clawed);
      return withdrawableFen(returnWithdrawal(later, ask, 'd')) === fen - clawed;
    }));
  });
});
