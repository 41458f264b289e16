import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { cart } from '../../../stores/cart';
import { checkout, product } from '../../../stores/checkout';
import { errorText } from '../../../utils/errors';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';

/**
 * Product detail: images, the SKU picker (TDesign tags) and quantity stepper, the flash-sale and
 * group-buy entries of the chosen SKU, add to cart and buy now.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: product,
    fields: {
      loading: () => product.loading && !product.product,
      errorMessage: () => (product.error && !product.product ? errorText(product.error) : ''),
      title: () => product.product?.title ?? '',
      images: () => (product.product?.images ?? []).map((value) => ({ value })),
      skus: () => (product.product?.skus ?? []).map((s) => ({
        skuId: s.skuId,
        name: s.name,
        soldOut: s.stock <= 0,
        selected: s.skuId === product.skuId,
      })),
      priceText: () => (product.sku ? formatFen(product.sku.priceFen) : ''),
      stock: () => product.sku?.stock ?? 0,
      quantity: () => product.quantity,
      canBuy: () => product.line !== null,
      flash: () => {
        const f = product.flashSale;
        return f ? { flashSaleId: f.flashSaleId, priceText: formatFen(f.priceFen), limit: f.perUserLimit, soldOut: f.stock <= 0 } : null;
      },
      groupEntry: () => {
        const [best] = product.campaigns.slice().sort((a, b) => a.groupPriceFen - b.groupPriceFen);
        return best ? { priceText: formatFen(best.groupPriceFen), groupSize: best.groupSize } : null;
      },
    },
    actions: {},
  },
  data: {
    cartMessage: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.productId) void product.open(query.productId, query.liveRoomId ?? null);
    },
    onRetry() {
      if (product.productId) void product.load(product.productId);
    },
    onSkuTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { skuId: string }>) {
      product.selectSku(e.currentTarget.dataset.skuId);
    },
    onQuantityChange(e: WechatMiniprogram.CustomEvent<{ value: number | string }>) {
      product.setQuantity(Number(e.detail.value));
    },
    async onAddToCart() {
      const line = product.line;
      if (!line) return;
      await cart.add(line.skuId, line.quantity);
      this.setData({ cartMessage: cart.error ? errorText(cart.error) : '已加入购物车' });
    },
    onBuyNow() {
      const line = product.line;
      if (!line) return;
      checkout.begin([line], { liveRoomId: product.liveRoomId });
      void wx.navigateTo({ url: ROUTES.buyNow });
    },
    onFlashBuy() {
      const line = product.line;
      const flash = product.flashSale;
      if (!line || !flash) return;
      checkout.begin([line], { flashSaleId: flash.flashSaleId, liveRoomId: product.liveRoomId });
      void wx.navigateTo({ url: ROUTES.buyNow });
    },
    onGroupTap() {
      if (product.productId) void wx.navigateTo({ url: ROUTES.groupCampaigns(product.productId) });
    },
    onShareAppMessage() {
      return { title: product.product?.title ?? '', path: ROUTES.product(product.productId ?? '') };
    },
  },
});
