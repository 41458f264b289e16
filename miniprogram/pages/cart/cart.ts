import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { cart } from '../../stores/cart';
import { errorText } from '../../utils/errors';
import { formatFen } from '../../utils/money';
import { ROUTES } from '../../utils/routes';

/** Cart tab: lines with quantity steppers and selection, the selected total, checkout. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: cart,
    fields: {
      lines: () =>
        cart.lines.map(({ skuId, title, skuName, cover, quantity, stock, selected, priceFen }) => ({
          skuId, title, skuName, cover, quantity, stock, selected, priceText: formatFen(priceFen),
        })),
      totalText: () => formatFen(cart.selectedTotalFen),
      selectedCount: () => cart.selectedCount,
      allSelected: () => cart.allSelected,
      isEmpty: () => cart.isEmpty,
      loading: () => cart.loading && !cart.loaded,
      errorMessage: () => (cart.error ? errorText(cart.error) : ''),
    },
    actions: {},
  },
  methods: {
    onShow() {
      void cart.load();
    },
    onQuantityChange(e: WechatMiniprogram.CustomEvent<{ value: number | string }, Record<string, never>, { skuId: string }>) {
      void cart.setQuantity(e.currentTarget.dataset.skuId, Number(e.detail.value));
    },
    onToggle(e: WechatMiniprogram.CustomEvent<{ checked: boolean }, Record<string, never>, { skuId: string }>) {
      void cart.toggle(e.currentTarget.dataset.skuId);
    },
    onToggleAll() {
      void cart.toggleAll();
    },
    onCheckout() {
      if (cart.selectedCount === 0) return;
      void wx.navigateTo({ url: ROUTES.checkout });
    },
  },
});
