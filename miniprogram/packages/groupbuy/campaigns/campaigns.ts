import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { campaignList, groupErrorText, subscribeToGroup } from '../../../stores/groupbuy';
import { requestPayment } from '../../../stores/orders';
import { checkout } from '../../../stores/checkout';
import { chooseAddress } from '../../../utils/address';
import { askSubscribe, TEMPLATE_IDS } from '../../../utils/subscribe';
import { errorText } from '../../../utils/errors';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';

/**
 * Group campaigns of a product (`?productId=`), each with "open a group" (the caller leads): pay the
 * leader's order, then the group page to share. The contract has no campaign listing across products
 * yet, so the page lists one product's campaigns from `catalog.detail`.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: campaignList,
    fields: {
      title: () => campaignList.title,
      campaigns: () => campaignList.campaigns.map((c) => ({
        campaignId: c.campaignId,
        skuName: campaignList.skuNames[c.skuId] ?? '',
        priceText: formatFen(c.groupPriceFen),
        groupSize: c.groupSize,
        hours: Math.round(c.durationMs / 3_600_000),
        soldOut: c.stock <= 0,
      })),
      loading: () => campaignList.loading,
      isEmpty: () => campaignList.isEmpty,
      errorMessage: () => (campaignList.error ? errorText(campaignList.error) : ''),
      opening: () => campaignList.opening,
      openMessage: () => (campaignList.openError ? groupErrorText(campaignList.openError) : ''),
    },
    actions: {},
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void campaignList.load(query.productId ?? null);
    },
    onRetry() {
      void campaignList.load(campaignList.productId);
    },
    async onOpenTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { campaignId: string }>) {
      const { campaignId } = e.currentTarget.dataset;
      const accepted = askSubscribe([TEMPLATE_IDS.groupResult]);
      // The leader's order ships too: the address book first (the one used this session, if any).
      const picked = checkout.address ?? (await chooseAddress());
      if (picked === 'cancelled') return;
      const address = picked === 'unavailable' ? null : picked;
      if (address) checkout.setAddress(address);
      const entry = await campaignList.open(campaignId, address);
      if (!entry) return;
      // The seat is held until the order times out: the group page shows it either way.
      await requestPayment(entry.payment);
      void accepted.then((ids) => subscribeToGroup(entry.groupId, ids));
      void wx.navigateTo({ url: ROUTES.group(entry.groupId) });
    },
    onMineTap() {
      void wx.navigateTo({ url: ROUTES.myGroups });
    },
  },
});
