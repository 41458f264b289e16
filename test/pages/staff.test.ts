/** @jest-environment jsdom */
import type { RightView } from '../../typings/api';
import { fakeBackend, fail, mountPage, useBackend, type Mounted } from '../support/simulate';
import { expectLogged } from '../support/quiet-console';

/* eslint-disable @typescript-eslint/no-explicit-any */
const wxApi = (globalThis as any).wx;

/** Makes the next `wx.scanCode` read `result` (or be cancelled when null). */
function cameraReads(result: string | null) {
  wxApi.scanCode = (options: { success?: (r: { result: string }) => void; fail?: (e: unknown) => void }) => {
    if (result === null) options.fail?.({ errMsg: 'scanCode:fail cancel' });
    else options.success?.({ result });
  };
}

const aRight = (overrides: Partial<RightView> = {}): RightView => ({
  redemptionId: 'rd1', rewardId: 'r1', title: '免费咖啡券', kind: 'coupon', costPoints: 100, verifyCode: '123456789012',
  status: 'used', createdAt: 1, usedAt: 2, storeId: 's1', ...overrides,
});

function counter() {
  return fakeBackend({
    'staff.verifyMemberCode': ({ code }) => (code === 'MC-OLD' ? fail('MEMBER_CODE_EXPIRED') : { userId: 'u1', tier: '金卡', pointsBalance: 500 }),
    'staff.deductPoints': ({ points }) => ({ pointsBalance: 500 - points }),
    'staff.verifyRight': ({ verifyCode }) => aRight({ verifyCode }),
  });
}

/** Types into a TDesign input: its `change` event carries `{ value }`. */
async function type(page: Mounted, selector: string, value: string) {
  await page.trigger(`${selector}.t-input`, 'change', { value });
}

describe('staff counter', () => {
  it('scans a member code and shows the member’s tier and points', async () => {
    const backend = counter();
    useBackend(backend);
    const page = await mountPage('packages/staff/scan/scan');
    cameraReads('MC-123');

    await page.tap('.tm-staff__scan.t-button');

    expect(backend.callsOf('staff.verifyMemberCode')).toEqual([{ code: 'MC-123' }]);
    expect(page.text('.tm-staff__tier.t-tag')).toBe('金卡');
    expect(page.text('.tm-staff__customer')).toContain('500');
    expect(page.$('.tm-staff__points.t-input')).not.toBeNull();
  });

  it('does nothing when the clerk backs out of the camera', async () => {
    expectLogged('warn', /\[staff\] scan cancelled or failed/);
    const backend = counter();
    useBackend(backend);
    const page = await mountPage('packages/staff/scan/scan');
    cameraReads(null);

    await page.tap('.tm-staff__scan');

    expect(backend.calls).toHaveLength(0);
  });

  it('deducts points with the scanned code, the reason and an idempotency key', async () => {
    const backend = counter();
    useBackend(backend);
    const page = await mountPage('packages/staff/scan/scan');
    cameraReads('MC-123');
    await page.tap('.tm-staff__scan');

    await type(page, '.tm-staff__points', '120');
    await type(page, '.tm-staff__reason', '兑换饮品');
    await page.tap('.tm-staff__deduct.t-button');

    const [sent] = backend.callsOf('staff.deductPoints');
    expect(sent).toEqual({ code: 'MC-123', points: 120, reason: '兑换饮品', idempotencyKey: expect.any(String) });
    expect(page.text('.tm-staff__notice--success')).toBe('已扣减 120 积分，剩余 380');
    expect(page.text('.tm-staff__customer')).toContain('380');
  });

  it('tells the clerk to ask for a fresh code when the scanned one has expired', async () => {
    useBackend(counter());
    const page = await mountPage('packages/staff/scan/scan');
    cameraReads('MC-OLD');

    await page.tap('.tm-staff__scan');

    expect(page.text('.tm-staff__notice--error')).toBe('会员码已失效，请顾客刷新后重新出示');
    expect(page.$('.tm-staff__customer')).toBeNull();
  });

  it('refuses a deduction beyond the balance with the server’s word', async () => {
    const backend = counter();
    backend.on({ 'staff.deductPoints': () => fail('INSUFFICIENT_POINTS') });
    useBackend(backend);
    const page = await mountPage('packages/staff/scan/scan');
    cameraReads('MC-123');
    await page.tap('.tm-staff__scan');

    await type(page, '.tm-staff__points', '9999');
    await page.tap('.tm-staff__deduct');

    expect(page.text('.tm-staff__notice--error')).toBe('顾客积分不足');
  });

  it('verifies a right by its code, with an idempotency key', async () => {
    const backend = counter();
    useBackend(backend);
    const page = await mountPage('packages/staff/scan/scan');
    cameraReads('123456789012');

    await page.tap('.tm-staff__scan-right');

    expect(backend.callsOf('staff.verifyRight')).toEqual([{ verifyCode: '123456789012', idempotencyKey: expect.any(String) }]);
    expect(page.text('.tm-staff__right')).toContain('免费咖啡券');
    expect(page.text('.tm-staff__notice--success')).toBe('核销成功：免费咖啡券');
  });

  it('says so when a right was verified before', async () => {
    const backend = counter();
    backend.on({ 'staff.verifyRight': () => fail('ALREADY_DONE') });
    useBackend(backend);
    const page = await mountPage('packages/staff/scan/scan');

    await type(page, '.tm-staff__right-code', '123456789012');
    await page.tap('.tm-staff__verify-right');

    expect(page.text('.tm-staff__notice--error')).toBe('该权益已核销，请勿重复核销');
  });

  describe('when the caller is not staff', () => {
    it('closes the page on the FORBIDDEN answer', async () => {
      const backend = counter();
      backend.on({ 'staff.verifyMemberCode': () => fail('FORBIDDEN') });
      useBackend(backend);
      const page = await mountPage('packages/staff/scan/scan');
      cameraReads('MC-123');

      await page.tap('.tm-staff__scan');

      expect(page.$('.tm-staff__forbidden .t-empty')).not.toBeNull();
      expect(page.text('.tm-staff__forbidden')).toContain('仅门店员工可使用');
      expect(page.$('.tm-staff__scan')).toBeNull();
    });
  });
});
