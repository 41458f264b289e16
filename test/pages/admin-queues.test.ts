/** @jest-environment jsdom */
import type { AdminOrderView, AdminWithdrawalView } from '../../typings/api';
import { fail, fakeBackend, mountPage, useBackend } from '../support/simulate';
import { anAdminOrder, aWithdrawal } from './admin-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
// The first test of a file builds the mirror and compiles the templates: slow on a busy machine.
jest.setTimeout(90_000);
const wxApi = (globalThis as any).wx;
let urls: string[] = [];
beforeEach(() => {
  urls = [];
  wxApi.navigateTo = (o: { url: string }) => urls.push(o.url);
  wxApi.showModal = jest.fn().mockResolvedValue({ confirm: true, cancel: false });
});

const requested = (overrides: Partial<AdminOrderView> = {}) => anAdminOrder({
  status: 'shipped',
  afterSale: { status: 'requested', reason: '收到破损', note: null, requestedAt: Date.UTC(2026, 11, 1, 1), reviewedAt: null, lines: [{ skuId: 's1', quantity: 1 }] },
  ...overrides,
});

describe('after-sales queue', () => {
  function queue(initial: AdminOrderView[]) {
    let orders = initial;
    const backend = fakeBackend({
      'admin.listAfterSales': (req) => ({ items: orders.filter((o) => o.afterSale?.status === req.status), nextCursor: null }),
      'admin.reviewRefund': (req) => {
        orders = orders.map((o) => (o.orderId === req.orderId ? { ...o, status: req.approve ? 'refunded' : o.status, afterSale: { ...o.afterSale!, status: req.approve ? 'approved' : 'rejected', note: req.note ?? null } } : o));
        const o = orders.find((x) => x.orderId === req.orderId)!;
        return { status: o.status, afterSale: o.afterSale! };
      },
    });
    useBackend(backend);
    return backend;
  }

  it('lists the waiting requests with reason and the amount asked for, in yuan', async () => {
    queue([requested({ orderId: 'ord_a' }), requested({ orderId: 'ord_b', afterSale: null })]);
    const page = await mountPage('packages/admin/aftersales/aftersales');

    expect(page.$$('.t-tabs__item').map((t) => t.textContent?.trim())).toEqual(['待审核', '已同意', '已拒绝']);
    expect(page.$$('.tm-admin-aftersales__card')).toHaveLength(1);
    expect(page.text('.tm-admin-aftersales__reason')).toBe('收到破损');
    expect(page.text('.tm-admin-aftersales__amount')).toBe('¥128.00');
    expect(page.$('.tm-admin-aftersales__review.t-button')).not.toBeNull();
  });

  it('approves from the sheet: the request leaves the queue', async () => {
    const backend = queue([requested({ orderId: 'ord_a' })]);
    const page = await mountPage('packages/admin/aftersales/aftersales');

    await page.tap('.tm-admin-aftersales__review');
    expect(page.$('.tm-admin-aftersales__note.t-textarea')).not.toBeNull();
    await page.tap('.tm-admin-aftersales__approve');

    expect(backend.callsOf('admin.reviewRefund')).toEqual([{ orderId: 'ord_a', approve: true }]);
    expect(page.$$('.tm-admin-aftersales__card')).toHaveLength(0);
    expect(page.text('.tm-admin-aftersales__notice')).toBe('已同意，退款原路退回');
    expect(urls).toEqual([]);
  });

  it('refuses to reject without a note, then rejects with one', async () => {
    const backend = queue([requested({ orderId: 'ord_a' })]);
    const page = await mountPage('packages/admin/aftersales/aftersales');
    await page.tap('.tm-admin-aftersales__review');

    await page.tap('.tm-admin-aftersales__reject');
    expect(backend.callsOf('admin.reviewRefund')).toEqual([]);
    expect(page.text('.tm-admin-aftersales__note-error')).toBe('拒绝时请写明原因，买家会看到');

    await page.trigger('.tm-admin-aftersales__note', 'change', { value: '商品已使用，不支持退货' });
    await page.tap('.tm-admin-aftersales__reject');
    expect(backend.callsOf('admin.reviewRefund')).toEqual([{ orderId: 'ord_a', approve: false, note: '商品已使用，不支持退货' }]);

    await page.tap(page.$$('.t-tabs__item')[2]);
    expect(page.text('.tm-admin-aftersales__card')).toContain('商品已使用，不支持退货');
  });

  it('opens the order from a card', async () => {
    queue([requested({ orderId: 'ord_a' })]);
    const page = await mountPage('packages/admin/aftersales/aftersales');
    await page.tap('.tm-admin-aftersales__card');
    expect(urls).toEqual(['/packages/admin/order/order?orderId=ord_a']);
  });
});

describe('withdrawal queue', () => {
  function queue(initial: AdminWithdrawalView[]) {
    let items = initial;
    const backend = fakeBackend({
      'admin.listWithdrawals': (req) => ({ items: items.filter((w) => w.status === req.status), nextCursor: null }),
      'admin.approveWithdrawal': (req) => {
        items = items.map((w) => (w.withdrawalId === req.withdrawalId ? { ...w, status: 'approved' } : w));
        return { withdrawalId: req.withdrawalId, status: 'approved' };
      },
      'admin.rejectWithdrawal': (req) => {
        items = items.map((w) => (w.withdrawalId === req.withdrawalId ? { ...w, status: 'rejected', rejectReason: req.reason } : w));
        return { withdrawalId: req.withdrawalId, status: 'rejected' };
      },
    });
    useBackend(backend);
    return backend;
  }

  it('lists pending requests with the amount in yuan and approves one after a confirmation', async () => {
    const backend = queue([aWithdrawal({ withdrawalId: 'w1', amountFen: 12345 }), aWithdrawal({ withdrawalId: 'w2' })]);
    const page = await mountPage('packages/admin/withdrawals/withdrawals');
    expect(page.text('.tm-admin-withdrawals__amount')).toBe('¥123.45 ¥50.00');
    expect(page.$$('.tm-admin-withdrawals__status.t-tag')).toHaveLength(2);

    await page.tap('.tm-admin-withdrawals__approve');

    expect(wxApi.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '确认向会员打款 ¥123.45？' }));
    expect(backend.callsOf('admin.approveWithdrawal')).toEqual([{ withdrawalId: 'w1' }]);
    expect(page.$$('.tm-admin-withdrawals__card')).toHaveLength(1);
  });

  it('says so when the member’s balance no longer covers the amount', async () => {
    const backend = queue([aWithdrawal({ withdrawalId: 'w1' })]);
    backend.on({ 'admin.approveWithdrawal': () => fail('INSUFFICIENT_BALANCE') });
    const page = await mountPage('packages/admin/withdrawals/withdrawals');
    await page.tap('.tm-admin-withdrawals__approve');
    expect(page.text('.tm-admin-withdrawals__notice')).toBe('该会员的可提现余额已不足，不能通过');
    expect(page.$$('.tm-admin-withdrawals__card')).toHaveLength(1);
  });

  it('rejects only with a reason, which the rejected tab then shows', async () => {
    const backend = queue([aWithdrawal({ withdrawalId: 'w1' })]);
    const page = await mountPage('packages/admin/withdrawals/withdrawals');
    await page.tap('.tm-admin-withdrawals__reject');
    await page.tap('.tm-admin-withdrawals__confirm-reject');
    expect(backend.callsOf('admin.rejectWithdrawal')).toEqual([]);
    expect(page.text('.tm-admin-withdrawals__reason-error')).toBe('请填写驳回原因');

    await page.trigger('.tm-admin-withdrawals__reason-input', 'change', { value: '订单仍在售后期' });
    await page.tap('.tm-admin-withdrawals__confirm-reject');
    expect(backend.callsOf('admin.rejectWithdrawal')).toEqual([{ withdrawalId: 'w1', reason: '订单仍在售后期' }]);

    await page.tap(page.$$('.t-tabs__item')[2]);
    expect(page.text('.tm-admin-withdrawals__reason')).toBe('订单仍在售后期');
  });
});
