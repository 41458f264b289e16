import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { cart, isSoldOut } from '../../stores/cart';
import { errorText } from '../../utils/errors';
import { ROUTES, TABS } from '../../utils/routes';

/** At this many pieces left or fewer, a line's thumbnail says how few remain. */
const FEW_LEFT = 3;

/**
 * Cart tab: the shop's card (领券 opens the coupon centre) with its lines, quantity steppers and
 * selection, the selected total, checkout. Sold-out lines are greyed and cannot be ticked (a tap names
 * them); a line with few pieces left says so on its thumbnail; 管理 switches to edit mode, where lines are
 * deleted one by one or all ticked at once. Placeholder cards while the cart first loads; an empty cart
 * leads back to the shop.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: cart,
    fields: {
      lines: () =>
        cart.lines.map((line) => ({
          skuId: line.skuId,
          title: line.title,
          skuName: line.skuName,
          cover: line.cover,
          quantity: line.quantity,
          stock: line.stock,
          selected: line.selected && !isSoldOut(line),
          soldOut: isSoldOut(line),
          fewLeft: line.stock > 0 && line.stock <= FEW_LEFT,
          priceFen: line.priceFen,
        })),
      totalFen: () => cart.selectedTotalFen,
      selectedCount: () => cart.selectedCount,
      tickedCount: () => cart.lines.filter((line) => line.selected).length,
      soldOutCount: () => cart.soldOutLines.length,
      allSelected: () => cart.allSelected,
      isEmpty: () => cart.isEmpty,
      loading: () => cart.loading && !cart.loaded,
      notice: () => cart.soldOutNotice ?? '',
      errorMessage: () => (cart.error ? errorText(cart.error) : ''),
    },
    actions: {},
  },
  data: {
    editing: false,
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
    onToggleEdit() {
      this.setData({ editing: !this.data.editing });
    },
    onDeleteLine(e: WechatMiniprogram.BaseEvent<Record<string, never>, { skuId: string }>) {
      void cart.remove([e.currentTarget.dataset.skuId]);
    },
    onRemoveSelected() {
      void cart.removeSelected().then(() => {
        if (cart.lines.length === 0) this.setData({ editing: false });
      });
    },
    onClearSoldOut() {
      void cart.removeSoldOut();
    },
    onCouponsTap() {
      void wx.navigateTo({ url: ROUTES.couponCentre });
    },
    onGoShopping() {
      void wx.switchTab({ url: TABS.home });
    },
    onCheckout() {
      if (cart.selectedCount === 0) return;
      void wx.navigateTo({ url: ROUTES.checkout });
    },
  },
});
