import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { cart } from '../../../stores/cart';
import { type Address, addressProblem, checkout, POINTS_PER_YUAN } from '../../../stores/checkout';
import { couponRule, coupons } from '../../../stores/coupons';
import { requestPayment } from '../../../stores/orders';
import { maskPhone } from '../../../utils/address';
import { errorText } from '../../../utils/errors';
import { formatFen } from '../../../utils/money';
import { ROUTES, TABS } from '../../../utils/routes';

const NO_COUPON = 'none';

/** The address card's icon: a pin on a known address, a plus before there is one. */
const ADDRESS_ICON = { known: { icon: 'location' }, none: { icon: 'add-circle' } } as const;

type AddressField = keyof Address;

/**
 * Checkout (确认订单), laid out as the retail starter's order confirm: the address card (WeChat's address
 * book, or typed in by hand when it is unavailable or refused; the phone masked), the shop's card with
 * the lines, coupon and points, the server's price breakdown with the count and subtotal, and the bottom
 * bar with 实付 large → `order.create` → WeChat Pay → the order. Opened from the cart (its selected
 * lines) or with `?mode=buyNow` after a product page's `checkout.begin()`.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: checkout,
    fields: {
      isEmpty: () => checkout.lines.length === 0,
      lines: () => checkout.lines.map((line) => {
        const priced = checkout.preview?.lines.find((p) => p.skuId === line.skuId);
        return { skuId: line.skuId, title: line.title, skuName: line.skuName, cover: line.cover ?? '', quantity: line.quantity, priced: Boolean(priced), priceFen: priced?.unitPriceFen ?? 0 };
      }),
      count: () => checkout.lines.reduce((n, line) => n + line.quantity, 0),
      address: () => (checkout.address ? { ...checkout.address, phoneMasked: maskPhone(checkout.address.phone) } : null),
      couponPicked: () => checkout.coupon !== null,
      addressIcon: () => (checkout.address ? ADDRESS_ICON.known : ADDRESS_ICON.none).icon,
      couponNote: () => {
        if (checkout.coupon) return `${checkout.couponId === checkout.bestCouponId ? '已选最优 ' : ''}-¥${formatFen(checkout.coupon.discountFen)}`;
        const usable = checkout.couponChoices.filter((c) => c.usable).length;
        return usable > 0 ? `${usable}张可用` : '暂无可用';
      },
      couponChoices: () => checkout.couponChoices.map((c) => ({
        couponId: c.couponId,
        label: `${c.title}（${couponRule(c)}）`,
        usable: c.usable,
      })),
      couponValue: () => checkout.couponId ?? NO_COUPON,
      bestCouponId: () => checkout.bestCouponId ?? '',
      usePoints: () => checkout.usePoints,
      pointsBalance: () => checkout.pointsBalance,
      pointsDisabled: () => checkout.pointsBalance < POINTS_PER_YUAN,
      breakdown: () => {
        const p = checkout.preview;
        if (!p) return null;
        return {
          totalFen: p.totalFen,
          // Shipping adds to what is paid; every other adjustment takes off.
          adjustments: p.adjustments.map((a, i) => ({ key: `${a.kind}-${i}`, label: a.label, sign: a.kind === 'shipping' ? '+' : '-', amountFen: a.amountFen })),
          hasShipping: p.adjustments.some((a) => a.kind === 'shipping'),
          pointsUsed: p.pointsUsed,
          payableFen: p.payableFen,
        };
      },
      previewing: () => checkout.previewing && !checkout.preview,
      errorMessage: () => (checkout.error ? errorText(checkout.error) : ''),
      submitMessage: () => (checkout.submitError ? errorText(checkout.submitError) : ''),
      canSubmit: () => checkout.canSubmit,
      submitting: () => checkout.submitting,
    },
    actions: {},
  },
  data: {
    claimable: [] as { couponId: string; title: string; rule: string }[],
    claimNotice: '',
    payNotice: '',
    couponsVisible: false,
    addressFormVisible: false,
    form: { name: '', phone: '', region: '', detail: '' } as Address,
    formError: '',
    /** The lines came from the cart: it is read again after ordering (the server may have taken them out). */
    fromCart: true,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const fromCart = query.mode !== 'buyNow';
      this.setData({ fromCart });
      if (fromCart) {
        // Opened directly (a restart, a shared path): the cart comes from the server first.
        if (!cart.loaded) await cart.load();
        checkout.begin(cart.selectedLines.map(({ skuId, quantity, title, skuName, cover }) => ({ skuId, quantity, title, skuName, cover })), { fromCart: true });
      }
      void checkout.load();
      void coupons.load();
    },
    onRetry() {
      void checkout.refreshPreview();
    },
    onBackToCart() {
      void wx.switchTab({ url: TABS.cart });
    },
    onAddressTap() {
      if (typeof wx.chooseAddress !== 'function') {
        this.openAddressForm();
        return;
      }
      wx.chooseAddress({
        success: (res) => {
          checkout.setAddress({
            name: res.userName,
            phone: res.telNumber,
            region: `${res.provinceName}${res.cityName}${res.countyName}`,
            detail: res.detailInfo,
          });
        },
        fail: (err: { errMsg?: string }) => {
          // Closing the address book is a choice; anything else (no permission, unsupported) falls back to typing.
          if (!/cancel/.test(err?.errMsg ?? '')) this.openAddressForm();
        },
      });
    },
    openAddressForm() {
      this.setData({ addressFormVisible: true, formError: '', form: { ...(checkout.address ?? { name: '', phone: '', region: '', detail: '' }) } });
    },
    onFormInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: AddressField }>) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value });
    },
    onSaveAddress() {
      const form = this.data.form as Address;
      const problem = addressProblem(form);
      if (problem) {
        this.setData({ formError: problem });
        return;
      }
      checkout.setAddress({ name: form.name.trim(), phone: form.phone.trim(), region: form.region.trim(), detail: form.detail.trim() });
      this.setData({ addressFormVisible: false, formError: '' });
    },
    onAddressFormVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      this.setData({ addressFormVisible: e.detail.visible });
    },
    onCouponTap() {
      // Coupons of the coupon centre the shopper does not hold yet can be claimed right here.
      const claimable = coupons.offers
        .filter((o) => !o.claimedByMe && o.remaining > 0)
        .map((o) => ({ couponId: o.couponId, title: o.title, rule: couponRule(o) }));
      this.setData({ couponsVisible: true, claimable, claimNotice: '' });
    },
    async onClaimAtCheckout(e: WechatMiniprogram.BaseEvent<Record<string, never>, { couponId: string }>) {
      const { couponId } = e.currentTarget.dataset;
      const ok = await coupons.claim(couponId);
      this.setData({
        claimNotice: coupons.notice?.text ?? '',
        claimable: (this.data.claimable as { couponId: string }[]).filter((c) => !ok || c.couponId !== couponId) as typeof this.data.claimable,
      });
      if (ok) await checkout.couponClaimed();
    },
    onCouponsVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      this.setData({ couponsVisible: e.detail.visible });
    },
    onCouponChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ couponsVisible: false });
      void checkout.selectCoupon(e.detail.value === NO_COUPON ? null : e.detail.value);
    },
    onPointsChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      void checkout.setUsePoints(e.detail.value);
    },
    async onSubmit() {
      const ordered = checkout.lines.map((line) => line.skuId);
      const created = await checkout.submit();
      if (!created) return;
      // The server took the ordered lines out of the cart: so does the screen.
      if (this.data.fromCart) void cart.ordered(ordered);
      // Whatever the cashier answers, the order page shows where the order stands (and can pay later).
      const outcome = await requestPayment(created.payment);
      if (outcome === 'cancelled' || outcome === 'failed') {
        const text = outcome === 'cancelled' ? '已取消支付，订单已保留，可在订单中继续支付' : '支付未成功，订单已保留，可在订单中重新支付';
        this.setData({ payNotice: text });
        wx.showToast({ title: text, icon: 'none', duration: 2500 });
      }
      void wx.redirectTo({ url: ROUTES.order(created.orderId) });
    },
  },
});
