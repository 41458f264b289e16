import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { adminErrorText } from '../../../stores/admin';
import { MAX_DETAIL_IMAGES, MAX_IMAGES, productEditor } from '../../../stores/admin-catalog';

type Field = 'name' | 'price' | 'stock' | 'delta';

/**
 * Create or edit a product: images from the phone (uploaded to cloud storage), title, category, SKUs with
 * price in yuan and stock (new) or a restock delta (stored), on/off shelf. Messages sit on the fields.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: productEditor,
    fields: {
      isNew: () => productEditor.isNew,
      title: () => productEditor.title,
      categoryName: () => productEditor.categoryName,
      categoryValue: () => (productEditor.categoryId ? [productEditor.categoryId] : []),
      categoryOptions: () => productEditor.categories.map((c) => ({ label: c.name, value: c.categoryId })),
      images: () => productEditor.images,
      detailImages: () => productEditor.detailImages,
      canAddImage: () => productEditor.images.length < MAX_IMAGES,
      canAddDetail: () => productEditor.detailImages.length < MAX_DETAIL_IMAGES,
      onShelf: () => productEditor.onShelf,
      skus: () => productEditor.skus.map((s) => ({ ...s, stored: s.skuId !== null })),
      errors: () => productEditor.errors,
      loading: () => productEditor.loading,
      saving: () => productEditor.saving,
      uploading: () => productEditor.uploading,
      notice: () => productEditor.notice,
      loadErrorText: () => (productEditor.loadError ? adminErrorText(productEditor.loadError) : ''),
    },
    actions: {},
  },
  data: { categoryPicker: false },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      wx.setNavigationBarTitle({ title: query.productId ? '编辑商品' : '新建商品' });
      void productEditor.open(query.productId ?? null);
    },
    onTitle(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      productEditor.setTitle(e.detail.value);
    },
    onPickCategory() {
      this.setData({ categoryPicker: true });
    },
    onCategoryConfirm(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      if (e.detail.value) productEditor.setCategory(e.detail.value);
      this.setData({ categoryPicker: false });
    },
    onCategoryCancel() {
      this.setData({ categoryPicker: false });
    },
    onShelfChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      productEditor.setOnShelf(e.detail.value);
    },
    onAddImages(e: WechatMiniprogram.BaseEvent<Record<string, never>, { which: 'images' | 'detailImages' }>) {
      void productEditor.addImages(e.currentTarget.dataset.which);
    },
    onRemoveImage(e: WechatMiniprogram.BaseEvent<Record<string, never>, { which: 'images' | 'detailImages'; index: number }>) {
      productEditor.removeImage(e.currentTarget.dataset.which, Number(e.currentTarget.dataset.index));
    },
    onSkuInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number; field: Field }>) {
      productEditor.setSkuField(Number(e.currentTarget.dataset.index), e.currentTarget.dataset.field, e.detail.value);
    },
    onAddSku() {
      productEditor.addSku();
    },
    onRemoveSku(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      productEditor.removeSku(Number(e.currentTarget.dataset.index));
    },
    async onSave() {
      const saved = await productEditor.save();
      if (saved) wx.showToast({ title: '已保存', icon: 'success' });
    },
  },
});
