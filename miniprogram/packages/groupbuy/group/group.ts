import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import type { ShippingAddress } from '../../../../typings/api';
import { addressProblem, checkout } from '../../../stores/checkout';
import { GROUP_STATUS_TEXT, group, groupErrorText, subscribeToGroup } from '../../../stores/groupbuy';
import { requestPayment } from '../../../stores/orders';
import { session } from '../../../stores/session';
import { chooseAddress } from '../../../utils/address';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';
import { askSubscribe, TEMPLATE_IDS } from '../../../utils/subscribe';
import { shareReward } from '../../../stores/share';

type AddressField = keyof ShippingAddress;
const EMPTY_FORM: ShippingAddress = { name: '', phone: '', region: '', detail: '' };

/**
 * One group (`?groupId=`, and `&inviter=` on shared links): the product with group and original price, the
 * members' seats (leader tagged, unpaid seats marked), seats left, a countdown on the server's clock, and
 * the actions of where the viewer stands: join (with an address), pay a held seat, invite once in, open a
 * new group when this one is full or failed. Joining asks to be told the group's outcome
 * (`groupbuy.subscribe`); the share link carries the group and the sharer as inviter.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: group,
    fields: {
      loading: () => group.loading && !group.group,
      errorMessage: () => (group.error && !group.group ? groupErrorText(group.error) : ''),
      view: () => {
        const g = group.group;
        if (!g) return null;
        return {
          status: g.status,
          statusText: GROUP_STATUS_TEXT[g.status],
          groupSize: g.groupSize,
          paidMembers: g.paidMembers,
          seatsLeft: g.seatsLeft,
          product: g.product
            ? { title: g.product.title, cover: g.product.cover, groupPriceText: formatFen(g.product.groupPriceFen), originalPriceText: formatFen(g.product.originalPriceFen) }
            : null,
          mine: { inGroup: g.mine?.inGroup ?? false, paid: g.mine?.paid ?? false, orderId: g.mine?.orderId ?? '' },
        };
      },
      seats: () => group.seats,
      remainingMs: () => group.remainingMs,
      open: () => group.open,
      joining: () => group.joining,
      joinMessage: () => (group.joinError ? groupErrorText(group.joinError) : ''),
    },
    actions: {},
  },
  data: {
    addressFormVisible: false,
    form: { ...EMPTY_FORM },
    formError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // A shared link: log in with the sharer as inviter (first touch binds; later ones are ignored).
      if (!session.loggedIn) void session.login(query.inviter);
      if (query.groupId) void group.load(query.groupId);
    },
    onRetry() {
      if (group.groupId) void group.load(group.groupId);
    },
    onCountdownFinish() {
      // Time is up on the server's clock: the server says what became of the group.
      if (group.groupId) void group.load(group.groupId);
    },
    async onJoinTap() {
      // Asked first, inside the tap: WeChat only shows the prompt for a user's gesture.
      const accepted = askSubscribe([TEMPLATE_IDS.groupResult]);
      const address = checkout.address ?? (await chooseAddress());
      if (address === 'cancelled') return;
      if (address === 'unavailable') {
        this.setData({ addressFormVisible: true, formError: '', form: { ...EMPTY_FORM } });
        return;
      }
      await this.join(address, accepted);
    },
    async join(address: ShippingAddress, accepted: Promise<string[]> = Promise.resolve([])) {
      checkout.setAddress(address);
      const entry = await group.join(address);
      if (!entry) return;
      await requestPayment(entry.payment);
      void accepted.then((ids) => subscribeToGroup(entry.groupId, ids));
      await group.load(entry.groupId);
    },
    onFormInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: AddressField }>) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value });
    },
    onAddressFormVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      this.setData({ addressFormVisible: e.detail.visible });
    },
    onSaveAddress() {
      const form = this.data.form as ShippingAddress;
      const problem = addressProblem(form);
      if (problem) {
        this.setData({ formError: problem });
        return;
      }
      this.setData({ addressFormVisible: false, formError: '' });
      void this.join({ name: form.name.trim(), phone: form.phone.trim(), region: form.region.trim(), detail: form.detail.trim() });
    },
    onPayTap() {
      const orderId = group.group?.mine?.orderId;
      if (orderId) void wx.navigateTo({ url: ROUTES.order(orderId) });
    },
    onOrderTap() {
      const orderId = group.group?.mine?.orderId;
      if (orderId) void wx.navigateTo({ url: ROUTES.order(orderId) });
    },
    onNewGroupTap() {
      const productId = group.group?.product?.productId;
      if (productId) void wx.navigateTo({ url: ROUTES.groupCampaigns(productId) });
    },
    onProductTap() {
      const productId = group.group?.product?.productId;
      if (productId) void wx.navigateTo({ url: ROUTES.product(productId) });
    },
    onShareAppMessage() {
      void shareReward.shared();
      const g = group.group;
      const groupId = g?.groupId ?? group.groupId ?? '';
      return {
        title: g && g.status === 'forming' ? `还差${g.seatsLeft}人成团，快来一起拼！` : '一起来拼团',
        path: ROUTES.group(groupId, session.userId),
        ...(g?.product?.cover ? { imageUrl: g.product.cover } : {}),
      };
    },
  },
});
