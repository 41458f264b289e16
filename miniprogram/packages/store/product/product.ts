import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { cart } from '../../../stores/cart';
import { checkout, product } from '../../../stores/checkout';
import { couponRule, coupons } from '../../../stores/coupons';
import { session } from '../../../stores/session';
import { countdownText } from '../../../utils/codes';
import { errorText } from '../../../utils/errors';
import { formatFen } from '../../../utils/money';
import { ROUTES, TABS } from '../../../utils/routes';
import { shareReward } from '../../../stores/share';
import { track } from '../../../utils/tracker';

let flashTimer: ReturnType<typeof setInterval> | null = null;

/** What the SKU popup's confirm does: the bar button (or the 已选 row, which offers both) that opened it. */
type SkuMode = 'cart' | 'buy' | 'flash' | 'pick';

/** How many pieces may be bought at once: the SKU's stock, and in a flash sale also its stock and per-user limit. */
function maxQuantity(mode: SkuMode): number {
  const stock = product.sku?.stock ?? 0;
  const flash = product.flashSale;
  if (mode !== 'flash' || !flash) return stock;
  return Math.min(stock, flash.stock, flash.perUserLimit);
}

/**
 * Product detail: a gallery filling its square frame, price (a running flash sale with the original price
 * struck through and a countdown), 领券, the group-buy entry, a compact 已选 row, the detail images, and the
 * bar: home, cart with its badge, add to cart, buy now. Add to cart, buy now, 立即抢购 and the 已选 row open
 * the SKU popup (cover, price, stock, SKU tags, a stepper bounded by stock and the flash limit, confirm),
 * whose confirm does what was tapped. Sharing carries the sharer as inviter.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [
    {
      store: product,
      fields: {
        loading: () => product.loading && !product.product,
        errorMessage: () => (product.error && !product.product ? errorText(product.error) : ''),
        title: () => product.product?.title ?? '',
        images: () => (product.product?.images ?? []).map((value) => ({ value })),
        detailImages: () => {
          const p = product.product;
          return p?.detailImages?.length ? p.detailImages : (p?.images ?? []);
        },
        skus: () => (product.product?.skus ?? []).map((s) => ({
          skuId: s.skuId,
          name: s.name,
          soldOut: s.stock <= 0,
          selected: s.skuId === product.skuId,
        })),
        soldOut: () => !!product.product && product.product.skus.every((s) => s.stock <= 0),
        offShelf: () => product.product?.onShelf === false,
        priceText: () => (product.sku ? formatFen(product.sku.priceFen) : ''),
        stock: () => product.sku?.stock ?? 0,
        quantity: () => product.quantity,
        skuName: () => product.sku?.name ?? '',
        cover: () => product.product?.images?.[0] ?? '',
        flashMax: () => maxQuantity('flash'),
        canBuy: () => product.line !== null,
        flash: () => {
          const f = product.flashSale;
          return f ? { flashSaleId: f.flashSaleId, priceText: formatFen(f.priceFen), limit: f.perUserLimit, soldOut: f.stock <= 0, endAt: f.endAt } : null;
        },
        groupEntry: () => {
          const [best] = product.campaigns.slice().sort((a, b) => a.groupPriceFen - b.groupPriceFen);
          return best ? { priceText: formatFen(best.groupPriceFen), groupSize: best.groupSize } : null;
        },
      },
      actions: {},
    },
    {
      store: cart,
      fields: { cartCount: () => cart.lines.reduce((sum, line) => sum + line.quantity, 0) },
      actions: {},
    },
    {
      store: coupons,
      fields: {
        couponOffers: () => coupons.offers.slice(0, 3).map((o) => ({ couponId: o.couponId, rule: couponRule(o), claimed: o.claimedByMe })),
        couponNotice: () => coupons.notice?.text ?? '',
      },
      actions: {},
    },
  ],
  data: {
    cartMessage: '',
    flashLeftText: '',
    skuVisible: false,
    skuMode: 'pick' as SkuMode,
  },
  lifetimes: {
    detached() {
      if (flashTimer) clearInterval(flashTimer);
      flashTimer = null;
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.inviter && !session.loggedIn) void session.login(query.inviter);
      const { productId } = query;
      if (productId) {
        void product.open(productId, query.liveRoomId ?? null).then(() => {
          this.trackView(productId);
          this.startFlashClock();
        });
      }
      if (!cart.loaded) void cart.load();
      coupons.clearNotice();
      if (!coupons.loaded) void coupons.load();
    },
    /** `product_view` (the funnel's first step) once the opened product is shown; not on a failed load. */
    trackView(productId: string) {
      const shown = product.product;
      if (!shown || shown.productId !== productId) return;
      track('product_view', {
        productId,
        ...(shown.categoryId ? { categoryId: shown.categoryId } : {}),
        ...(product.liveRoomId ? { liveRoomId: product.liveRoomId } : {}),
      });
    },
    /** The flash sale's countdown, on the phone's clock, once a second while the page lives. */
    startFlashClock() {
      if (flashTimer) clearInterval(flashTimer);
      flashTimer = null;
      const f = product.flashSale;
      if (!f || f.stock <= 0) return;
      const tick = () => this.setData({ flashLeftText: countdownText(f.endAt - Date.now()) });
      tick();
      flashTimer = setInterval(tick, 1000);
    },
    onRetry() {
      if (product.productId) void product.load(product.productId);
    },
    /** Opens the SKU popup for one action; the quantity is brought within what that action may buy. */
    openSku(mode: SkuMode) {
      if (!product.product) return;
      this.fitQuantity(mode);
      this.setData({ skuVisible: true, skuMode: mode, cartMessage: '' });
    },
    fitQuantity(mode: SkuMode) {
      const max = maxQuantity(mode);
      if (max > 0 && product.quantity > max) product.setQuantity(max);
    },
    onAddToCart() {
      if (product.line) this.openSku('cart');
    },
    onBuyNow() {
      if (product.line) this.openSku('buy');
    },
    onFlashBuy() {
      if (product.line && product.flashSale) this.openSku('flash');
    },
    onPickTap() {
      this.openSku('pick');
    },
    onSkuVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      this.setData({ skuVisible: e.detail.visible });
    },
    onSkuClose() {
      this.setData({ skuVisible: false });
    },
    onSkuTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { skuId: string; soldOut: boolean }>) {
      const { skuId, soldOut } = e.currentTarget.dataset;
      if (soldOut) return;
      product.selectSku(skuId);
      this.fitQuantity(this.data.skuMode);
      this.startFlashClock();
    },
    onQuantityChange(e: WechatMiniprogram.CustomEvent<{ value: number | string }>) {
      const max = maxQuantity(this.data.skuMode);
      product.setQuantity(Math.min(Number(e.detail.value), Math.max(1, max)));
    },
    onConfirmCart() {
      void this.addToCart();
    },
    onConfirmBuy() {
      const line = product.line;
      if (!line) return;
      const flash = this.data.skuMode === 'flash' ? product.flashSale : null;
      if (this.data.skuMode === 'flash' && (!flash || flash.stock <= 0)) return;
      checkout.begin([line], { ...(flash ? { flashSaleId: flash.flashSaleId } : {}), liveRoomId: product.liveRoomId });
      this.setData({ skuVisible: false });
      void wx.navigateTo({ url: ROUTES.buyNow });
    },
    async addToCart() {
      const line = product.line;
      if (!line) return;
      await cart.add(line.skuId, line.quantity);
      if (cart.error) {
        this.setData({ cartMessage: errorText(cart.error) });
        return;
      }
      const shown = product.product;
      track('add_to_cart', {
        skuId: line.skuId,
        quantity: line.quantity,
        ...(shown ? { productId: shown.productId } : {}),
        ...(shown?.categoryId ? { categoryId: shown.categoryId } : {}),
        ...(product.liveRoomId ? { liveRoomId: product.liveRoomId } : {}),
      });
      this.setData({ cartMessage: '已加入购物车', skuVisible: false });
    },
    onClaimCoupon(e: WechatMiniprogram.BaseEvent<Record<string, never>, { couponId: string }>) {
      void coupons.claim(e.currentTarget.dataset.couponId);
    },
    onGroupTap() {
      if (product.productId) void wx.navigateTo({ url: ROUTES.groupCampaigns(product.productId) });
    },
    onHomeTap() {
      void wx.switchTab({ url: TABS.home });
    },
    onCartTap() {
      void wx.switchTab({ url: TABS.cart });
    },
    onShareAppMessage() {
      void shareReward.shared();
      const path = ROUTES.product(product.productId ?? '');
      return {
        title: product.product?.title ?? '',
        path: session.userId ? `${path}&inviter=${encodeURIComponent(session.userId)}` : path,
        imageUrl: product.product?.images?.[0],
      };
    },
  },
});
