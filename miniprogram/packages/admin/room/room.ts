import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { liveRoomEditor, productPicker } from '../../../stores/admin-marketing';
import { uploadFile } from '../../../api/client';
import { ROUTES } from '../../../utils/routes';
import { formatChinaDateTime } from '../../../utils/time';

const form = liveRoomEditor.form;

/**
 * Create or edit a live room: cover (uploaded from the phone), title, host, the room's products (picked from
 * the catalogue), the host's commission, scheduled product pushes; opens the host console.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [
    {
      store: liveRoomEditor,
      fields: {
        isNew: () => liveRoomEditor.isNew,
        roomId: () => liveRoomEditor.roomId,
        cover: () => liveRoomEditor.cover,
        productIds: () => liveRoomEditor.productIds,
        productsError: () => liveRoomEditor.productsError,
        schedule: () => liveRoomEditor.schedule.map((s) => ({ key: `${s.productId}-${s.at}`, title: productPicker.titleOf(s.productId) || '商品', time: formatChinaDateTime(s.at) })),
        pushTitle: () => productPicker.titleOf(liveRoomEditor.pushProductId),
        pushProductId: () => liveRoomEditor.pushProductId,
        actionNotice: () => liveRoomEditor.actions.notice,
      },
      actions: {},
    },
    { store: form, fields: { f: () => form.fields, e: () => form.errors, busy: () => form.busy, notice: () => form.notice }, actions: {} },
    {
      store: productPicker,
      fields: {
        products: () => productPicker.products.map((p) => ({ productId: p.productId, title: p.title, cover: p.cover, checked: liveRoomEditor.productIds.includes(p.productId) })),
        roomProducts: () => productPicker.products.filter((p) => liveRoomEditor.productIds.includes(p.productId)).map((p) => ({ label: p.title, value: p.productId })),
      },
      actions: {},
    },
  ],
  data: { pushSheet: false, uploading: false },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      wx.setNavigationBarTitle({ title: query.roomId ? '编辑直播间' : '新建直播间' });
      void liveRoomEditor.open(query.roomId ?? null);
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: 'title' | 'hostOpenid' | 'commission' | 'pushAt' }>) {
      form.set(e.currentTarget.dataset.key, String(e.detail.value));
    },
    onToggleProduct(e: WechatMiniprogram.BaseEvent<Record<string, never>, { productId: string }>) {
      liveRoomEditor.toggleProduct(e.currentTarget.dataset.productId);
    },
    async onCover() {
      let path: string;
      try {
        const picked = await wx.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
        path = picked.tempFiles[0].tempFilePath;
      } catch (err) {
        if (!/cancel/.test(String((err as { errMsg?: string })?.errMsg ?? err))) console.warn('[admin] chooseMedia failed', err);
        return;
      }
      this.setData({ uploading: true });
      try {
        const fileID = await uploadFile(path, `live/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.jpg`);
        liveRoomEditor.setCover(fileID);
      } catch {
        wx.showToast({ title: '封面上传失败，请重试', icon: 'none' }); // uploadFile logged the cause
      } finally {
        this.setData({ uploading: false });
      }
    },
    async onSave() {
      const roomId = await liveRoomEditor.save();
      if (roomId) wx.showToast({ title: '已保存', icon: 'success' });
    },
    onPickPush() {
      this.setData({ pushSheet: true });
    },
    onPushChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      liveRoomEditor.setPushProduct(e.detail.value);
      this.setData({ pushSheet: false });
    },
    onPushClose() {
      this.setData({ pushSheet: false });
    },
    onSchedule() {
      void liveRoomEditor.schedulePush();
    },
    onConsole() {
      if (liveRoomEditor.roomId) void wx.navigateTo({ url: ROUTES.liveConsole(liveRoomEditor.roomId) });
    },
  },
});
