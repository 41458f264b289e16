/** @jest-environment jsdom */
import type { AdminProductView } from '../../typings/api';
import { fail, fakeBackend, mountPage, useBackend } from '../support/simulate';
import { anAdminProduct } from './admin-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
// The first test of a file builds the mirror and compiles the templates: slow on a busy machine.
jest.setTimeout(90_000);
const wxApi = (globalThis as any).wx;
let urls: string[] = [];
beforeEach(() => {
  urls = [];
  wxApi.navigateTo = (o: { url: string }) => urls.push(o.url);
  wxApi.showToast = jest.fn();
  wxApi.setNavigationBarTitle = jest.fn();
});

const categories = { items: [{ categoryId: 'c-tea', name: '茶饮' }, { categoryId: 'c-gift', name: '礼盒' }] };

describe('product list', () => {
  it('lists products with cover, status tag, lowest price in yuan and stock, under TDesign search and tabs', async () => {
    const backend = fakeBackend({
      'admin.listProducts': () => ({ items: [anAdminProduct({ title: '明前龙井' }), anAdminProduct({ status: 'soldOut', totalStock: 0, minPriceFen: 3990 })], nextCursor: null }),
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/products/products');

    expect(page.$('.tm-admin-products__search.t-search')).not.toBeNull();
    expect(page.$$('.t-tabs__item').map((t) => t.textContent?.trim())).toEqual(['全部', '出售中', '已下架', '已售罄']);
    expect(page.$$('.tm-admin-products__card')).toHaveLength(2);
    expect(page.$$('.tm-admin-products__cover.t-image')).toHaveLength(2);
    expect(page.text('.tm-admin-products__status')).toBe('出售中 已售罄');
    expect(page.text('.tm-admin-products__price')).toBe('¥128.00 ¥39.90');
    expect(page.text('.tm-admin-products__stock')).toBe('库存 280 库存 0');
    expect(backend.callsOf('admin.listProducts')).toEqual([{ limit: 20 }]);
  });

  it('asks for one status when its tab is tapped, and searches by keyword', async () => {
    const backend = fakeBackend({ 'admin.listProducts': () => ({ items: [anAdminProduct()], nextCursor: null }) });
    useBackend(backend);
    const page = await mountPage('packages/admin/products/products');

    await page.tap(page.$$('.t-tabs__item')[2]);
    expect(backend.callsOf('admin.listProducts').at(-1)).toEqual({ limit: 20, status: 'offShelf' });

    await page.trigger('.tm-admin-products__search', 'submit', { value: ' 龙井 ' });
    expect(backend.callsOf('admin.listProducts').at(-1)).toEqual({ limit: 20, status: 'offShelf', keyword: '龙井' });
  });

  it('takes a product off the shelf in place and reads the list again', async () => {
    let shelf = true;
    const backend = fakeBackend({
      'admin.listProducts': () => ({ items: [anAdminProduct({ productId: 'p-1', onShelf: shelf, status: shelf ? 'onShelf' : 'offShelf' })], nextCursor: null }),
      'admin.updateProduct': (req) => { shelf = req.onShelf ?? shelf; return anAdminProduct({ productId: req.productId, onShelf: shelf }); },
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/products/products');
    expect(page.text('.tm-admin-products__shelf')).toBe('下架');

    await page.tap('.tm-admin-products__shelf');

    expect(backend.callsOf('admin.updateProduct')).toEqual([{ productId: 'p-1', onShelf: false }]);
    expect(page.text('.tm-admin-products__status')).toBe('已下架');
    expect(page.text('.tm-admin-products__shelf')).toBe('上架');
    expect(page.text('.tm-admin-products__notice')).toContain('已下架');
    expect(urls).toEqual([]); // the button does not open the editor underneath
  });

  it('opens the editor for a card and a blank one for 新建商品', async () => {
    useBackend(fakeBackend({ 'admin.listProducts': () => ({ items: [anAdminProduct({ productId: 'p-9' })], nextCursor: null }) }));
    const page = await mountPage('packages/admin/products/products');
    await page.tap('.tm-admin-products__card');
    await page.tap('.tm-admin-products__create');
    expect(urls).toEqual(['/packages/admin/product/product?productId=p-9', '/packages/admin/product/product']);
  });

  it('shows the TDesign empty state when a search finds nothing', async () => {
    useBackend(fakeBackend({ 'admin.listProducts': () => ({ items: [], nextCursor: null }) }));
    const page = await mountPage('packages/admin/products/products');
    await page.trigger('.tm-admin-products__search', 'submit', { value: '不存在' });
    expect(page.$('.tm-admin-products__empty .t-empty')).not.toBeNull();
    expect(page.text('.tm-admin-products__empty')).toBe('没有找到相关商品');
  });
});

describe('product editor', () => {
  const chooseMedia = jest.fn();
  const uploadFile = jest.fn();
  beforeEach(() => {
    chooseMedia.mockReset().mockResolvedValue({ tempFiles: [{ tempFilePath: 'http://tmp/a.jpg' }, { tempFilePath: 'http://tmp/b.png' }] });
    let n = 0;
    uploadFile.mockReset().mockImplementation(async ({ cloudPath }: { cloudPath: string }) => ({ fileID: `cloud://env/${cloudPath}#${(n += 1)}` }));
    wxApi.chooseMedia = chooseMedia;
    wxApi.cloud.uploadFile = uploadFile;
  });

  async function fillNewProduct(page: Awaited<ReturnType<typeof mountPage>>) {
    await page.tap('.tm-admin-product__add-image');
    await page.trigger('.tm-admin-product__title', 'change', { value: '冷萃乌龙茶包 20 袋' });
    await page.trigger('.tm-admin-product__sku-name', 'change', { value: '原味' });
    await page.trigger('.tm-admin-product__sku-price', 'change', { value: '39.9' });
    await page.trigger('.tm-admin-product__sku-stock-input', 'change', { value: '500' });
  }

  it('uploads the phone’s photos to cloud storage and creates the product with their fileIDs, price in fen', async () => {
    const backend = fakeBackend({
      'catalog.categories': () => categories,
      'admin.createProduct': (req) => ({ productId: 'p-new', skus: req.skus.map((s, i) => ({ skuId: `s${i}`, ...s })) }),
      'admin.productDetail': () => anAdminProduct({ productId: 'p-new' }),
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/product/product');
    expect(page.$('.tm-admin-product__title.t-input')).not.toBeNull();
    expect(page.$('.tm-admin-product__shelf-switch.t-switch')).not.toBeNull();

    await fillNewProduct(page);
    expect(chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ mediaType: ['image'], sourceType: ['album', 'camera'] }));
    expect(uploadFile).toHaveBeenCalledTimes(2);
    expect(uploadFile.mock.calls[0][0]).toEqual({ filePath: 'http://tmp/a.jpg', cloudPath: expect.stringMatching(/^products\/\d{4}-\d{2}-\d{2}\/\w+\.jpg$/) });
    expect(page.$$('.tm-admin-product__image .t-image')).toHaveLength(2);

    await page.tap('.tm-admin-product__save');

    const [created] = backend.callsOf('admin.createProduct');
    expect(created.title).toBe('冷萃乌龙茶包 20 袋');
    expect(created.images).toEqual([expect.stringMatching(/^cloud:\/\/env\/products\/.+\.jpg#1$/), expect.stringMatching(/\.png#2$/)]);
    expect(created.skus).toEqual([{ name: '原味', priceFen: 3990, stock: 500 }]);
    expect(wxApi.showToast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' });
  });

  it('puts the message on each bad field and sends nothing', async () => {
    const backend = fakeBackend({ 'catalog.categories': () => categories });
    useBackend(backend);
    const page = await mountPage('packages/admin/product/product');

    await page.trigger('.tm-admin-product__title', 'change', { value: '茶' });
    await page.trigger('.tm-admin-product__sku-price', 'change', { value: '12.345' });
    await page.trigger('.tm-admin-product__sku-stock-input', 'change', { value: '-3' });
    await page.tap('.tm-admin-product__save');

    expect(backend.callsOf('admin.createProduct')).toEqual([]);
    expect(page.text('.tm-admin-product__title .t-input__tips')).toBe('商品名称至少 2 个字');
    expect(page.$('.tm-admin-product__title.t-input--error, .tm-admin-product__title .t-input--error')).not.toBeNull();
    expect(page.text('.tm-admin-product__images-error')).toBe('请至少上传一张商品主图');
    expect(page.text('.tm-admin-product__sku-name .t-input__tips')).toBe('请填写规格名称');
    expect(page.text('.tm-admin-product__sku-price .t-input__tips')).toBe('请输入售价，如 19.90');
    expect(page.text('.tm-admin-product__sku-stock-input .t-input__tips')).toBe('库存应在 0 到 999999 之间');
    expect(page.text('.tm-admin-product__notice')).toBe('请按提示修改后再保存');
  });

  it('picks a category from a TDesign sheet', async () => {
    const backend = fakeBackend({
      'catalog.categories': () => categories,
      'admin.createProduct': (req) => ({ productId: 'p-new', skus: req.skus.map((s, i) => ({ skuId: `s${i}`, ...s })) }),
      'admin.productDetail': () => anAdminProduct({ productId: 'p-new' }),
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/product/product');
    await page.trigger('.tm-admin-product__category', 'click');
    expect(page.data.categoryPicker).toBe(true);
    expect(page.$$('.tm-admin-product__category-sheet .t-radio')).toHaveLength(2);
    await page.trigger('.tm-admin-product__category-options', 'change', { value: 'c-gift' });
    expect(page.text('.tm-admin-product__category .t-cell__note')).toBe('礼盒');

    await fillNewProduct(page);
    await page.tap('.tm-admin-product__save');
    expect(backend.callsOf('admin.createProduct')[0].categoryId).toBe('c-gift');
  });

  it('edits a stored product: new price in fen and a restock by delta per SKU', async () => {
    let stored: AdminProductView = anAdminProduct({ productId: 'p-7', title: '明前龙井 100g' });
    const backend = fakeBackend({
      'catalog.categories': () => categories,
      'admin.productDetail': () => stored,
      'admin.updateProduct': (req) => (stored = { ...stored, title: req.title ?? stored.title }),
      'admin.updateSku': (req) => {
        stored = { ...stored, skus: stored.skus.map((s) => (s.skuId === req.skuId ? { ...s, priceFen: req.priceFen ?? s.priceFen, stock: s.stock + (req.stockDelta ?? 0) } : s)) };
        return stored.skus.find((s) => s.skuId === req.skuId)!;
      },
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/product/product', { query: { productId: 'p-7' } });
    expect(page.$$('.tm-admin-product__sku')).toHaveLength(2);
    expect(page.text('.tm-admin-product__sku-stock')).toBe('现有库存 200 现有库存 80');
    expect(page.$('.tm-admin-product__add-sku')).toBeNull();

    const prices = page.$$('.tm-admin-product__sku-price');
    await page.trigger(prices[0], 'change', { value: '118' });
    await page.trigger(page.$$('.tm-admin-product__sku-delta')[1], 'change', { value: '+20' });
    await page.tap('.tm-admin-product__save');

    expect(backend.callsOf('admin.updateSku')).toEqual([
      { skuId: 'p-7-s1', priceFen: 11800 },
      { skuId: 'p-7-s2', stockDelta: 20 },
    ]);
    expect(page.text('.tm-admin-product__sku-stock')).toBe('现有库存 200 现有库存 100');
  });

  it('refuses to take more stock away than there is, on the field', async () => {
    const backend = fakeBackend({ 'catalog.categories': () => categories, 'admin.productDetail': () => anAdminProduct({ productId: 'p-7' }) });
    useBackend(backend);
    const page = await mountPage('packages/admin/product/product', { query: { productId: 'p-7' } });
    await page.trigger(page.$$('.tm-admin-product__sku-delta')[1], 'change', { value: '-81' });
    await page.tap('.tm-admin-product__save');
    expect(backend.callsOf('admin.updateProduct')).toEqual([]);
    expect(page.text('.tm-admin-product__sku-delta .t-input__tips')).toBe('最多减少 80 件');
  });

  it('shows the server’s refusal in Chinese', async () => {
    const backend = fakeBackend({ 'catalog.categories': () => categories, 'admin.createProduct': () => fail('FORBIDDEN') });
    useBackend(backend);
    const page = await mountPage('packages/admin/product/product');
    await fillNewProduct(page);
    await page.tap('.tm-admin-product__save');
    expect(page.text('.tm-admin-product__notice')).toBe('没有后台权限，请用运营账号登录');
  });
});
