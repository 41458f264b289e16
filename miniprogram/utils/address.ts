import type { ShippingAddress } from '../../typings/api';

/**
 * The address from WeChat's address book: the address, `cancelled` when the shopper closed it, or
 * `unavailable` when the platform cannot offer it (no API, no permission): then the page asks by hand.
 */
export function chooseAddress(): Promise<ShippingAddress | 'cancelled' | 'unavailable'> {
  if (typeof wx.chooseAddress !== 'function') return Promise.resolve('unavailable');
  return new Promise((resolve) => {
    wx.chooseAddress({
      success: (res) => resolve({
        name: res.userName,
        phone: res.telNumber,
        region: `${res.provinceName}${res.cityName}${res.countyName}`,
        detail: res.detailInfo,
      }),
      fail: (err: { errMsg?: string }) => resolve(/cancel/.test(err?.errMsg ?? '') ? 'cancelled' : 'unavailable'),
    });
  });
}

/** A mobile number as shops print it on an address: `13800138000` → `138****8000` (anything else as given). */
export function maskPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
