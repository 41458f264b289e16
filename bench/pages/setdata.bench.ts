/** @jest-environment jsdom */
/**
 * setData payload per page: every page of app.json is mounted against demo-sized data (demo-fixtures),
 * its main first interaction is driven, and every `setData` of the page instance is recorded (the mobx
 * store bindings' included). Run by `npm run bench`, or alone: `npx jest -c bench/pages/jest.config.js`.
 * Prints a markdown table and writes it to `.tmp/setdata.md`.
 *
 * Bytes are UTF-8 bytes of `JSON.stringify(data)`: what the logic layer serializes for the render layer
 * on each call. A page's initial `data` and the TDesign children's own `setData` are not counted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { flush, mountPage, onSetData, useBackend, type Mounted } from '../../test/support/simulate';
import { demoBackend } from './demo-fixtures';


const REPO = path.resolve(__dirname, '..', '..');

interface AppJson { pages: string[]; subpackages?: { root: string; pages: string[] }[] }
const app = JSON.parse(fs.readFileSync(path.join(REPO, 'miniprogram', 'app.json'), 'utf8')) as AppJson;
/** Tab pages, then subpackage pages, in app.json's order (later pages see the stores earlier ones filled, as a shopper's session would). */
const ROUTES = [...app.pages, ...(app.subpackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))];

/** An event of the shape the page's handler reads. */
const tapOn = (dataset: Record<string, string>) => ({ currentTarget: { dataset } });
const changeTo = (detail: unknown, dataset: Record<string, string> = {}) => ({ detail, currentTarget: { dataset } });

/** How a page is opened, and its main first interaction where that is cheap. */
interface Scene { query?: Record<string, string>; drive?: (page: Mounted) => Promise<void> }

const SCENES: Record<string, Scene> = {
  'pages/home/home': { drive: (page) => page.reachBottom() },
  'pages/category/category': { drive: async (page) => { page.instance.onSideBarChange(changeTo({ value: 'cat_1' })); await flush(); } },
  'pages/cart/cart': { drive: async (page) => { page.instance.onToggle(changeTo({ checked: false }, { skuId: 'prod_000001_sku1' })); await flush(); } },
  'pages/me/me': {},
  'packages/store/product/product': { query: { productId: 'prod_000001' }, drive: async (page) => { page.instance.onSkuTap(tapOn({ skuId: 'prod_000001_sku2' })); await flush(); } },
  // Opened from the cart: its selected lines.
  'packages/store/checkout/checkout': { drive: async (page) => { page.instance.onCouponChange(changeTo({ value: 'coupon_0' })); await flush(); } },
  'packages/store/orders/orders': { drive: async (page) => { page.instance.onTabChange(changeTo({ value: 'paid' })); await flush(); } },
  'packages/store/order/order': { query: { orderId: 'ord_00000004' } },
  'packages/store/coupons/coupons': { drive: async (page) => { page.instance.onClaim(tapOn({ couponId: 'coupon_1' })); await flush(); } },
  'packages/store/coupon/coupon': { query: { couponId: 'coupon_2' } },
  'packages/store/search/search': { query: { keyword: '茶' }, drive: (page) => page.reachBottom() },
  'packages/groupbuy/campaigns/campaigns': { query: { productId: 'prod_000001' } },
  'packages/groupbuy/group/group': { query: { groupId: 'grp_0001' } },
  'packages/groupbuy/mine/mine': {},
  'packages/points/index/index': { drive: (page) => page.reachBottom() },
  'packages/member/code/code': {},
  'packages/member/privacy/privacy': { drive: async (page) => { page.instance.onSwitch(changeTo({ value: true }, { key: 'sms' })); await flush(); } },
  'packages/staff/scan/scan': {
    drive: async (page) => {
      page.instance.onMemberCodeInput(changeTo({ value: '886204731958201347' }));
      page.instance.onLookup();
      await flush();
    },
  },
  'packages/distribution/index/index': { drive: (page) => page.reachBottom() },
  'packages/distribution/poster/poster': {},
  'packages/live/list/list': {},
  'packages/live/room/room': { query: { roomId: 'room_0' } },
  'packages/live/console/console': { query: { roomId: 'room_0' } },
  // A partner brand's page and the exchange, opened from 我的's partner list.
  'packages/alliance/partner/partner': { query: { partnerId: 'p_tea' } },
  'packages/alliance/exchange/exchange': { query: { partnerId: 'p_tea' } },
  // The back-office (as an operator, demo-sized shop).
  'packages/admin/index/index': {},
  'packages/admin/products/products': { drive: (page) => page.reachBottom() },
  'packages/admin/product/product': { query: { productId: 'prod_000001' } },
  'packages/admin/orders/orders': { drive: (page) => page.reachBottom() },
  'packages/admin/order/order': { query: { orderId: 'ord_000000000000000000000001' } },
  'packages/admin/aftersales/aftersales': {},
  'packages/admin/withdrawals/withdrawals': {},
  'packages/admin/campaigns/campaigns': {},
  'packages/admin/campaign/campaign': { query: { kind: 'group', id: 'gc_1' } },
  'packages/admin/live/live': {},
  'packages/admin/room/room': { query: { roomId: 'room_0' } },
  'packages/admin/team/team': {},
  'packages/admin/settings/settings': {},
};

interface Measure { route: string; calls: number; totalBytes: number; largestBytes: number; largestFields: string[]; fields: Set<string> }

const measures: Measure[] = [];
let current: Measure | null = null;
let stop: () => void = () => undefined;

beforeAll(() => {
  stop = onSetData((data) => {
    if (!current) return;
    const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
    current.calls += 1;
    current.totalBytes += bytes;
    Object.keys(data).forEach((key) => current?.fields.add(key));
    if (bytes > current.largestBytes) {
      current.largestBytes = bytes;
      current.largestFields = Object.keys(data);
    }
  });
});

const kib = (bytes: number) => (bytes / 1024).toFixed(2);

function tableOf(rows: readonly Measure[]): string {
  return [
    '| page | setData calls | total KiB | largest call KiB | fields in largest call |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map((m) => `| ${m.route} | ${m.calls} | ${kib(m.totalBytes)} | ${kib(m.largestBytes)} | ${m.largestFields.map((f) => `\`${f}\``).join(', ')} |`),
  ].join('\n');
}

afterAll(() => {
  stop();
  if (measures.length === 0) return;
  const table = tableOf(measures);
  fs.mkdirSync(path.join(REPO, '.tmp'), { recursive: true });
  fs.writeFileSync(path.join(REPO, '.tmp', 'setdata.md'), `${table}\n`);
  console.log(`setData payload per page (demo-sized data)\n\n${table}`);
});

describe('setData payload per page', () => {
  it('has a scene for every page of app.json', () => {
    expect(ROUTES.filter((route) => !SCENES[route])).toEqual([]);
  });

  it.each(ROUTES)('%s', async (route) => {
    const scene = SCENES[route] ?? {};
    useBackend(demoBackend());
    current = { route, calls: 0, totalBytes: 0, largestBytes: 0, largestFields: [], fields: new Set() };
    const page = await mountPage(route, { query: scene.query ?? {} });
    let errorsShown: [string, unknown][] = [];
    try {
      await scene.drive?.(page);
      errorsShown = Object.entries(page.data).filter(([key, value]) => /(error|Error|Message)$/.test(key) && value);
    } finally {
      measures.push(current);
      current = null;
      page.unmount(); // stops the pages' timers (live room, member code)
    }
    // The happy path was measured: the demo backend answered everything the page asked.
    expect(errorsShown).toEqual([]);
    const measured = measures[measures.length - 1];
    // Every page binds a store: its fields reach the page through the instance's setData, so a page
    // that records nothing means the spy missed the bindings.
    expect(measured.calls).toBeGreaterThan(0);
    expect(measured.totalBytes).toBeGreaterThan(0);
    // The budget per page (demo-sized data, its first interaction included): 32 KiB of setData.
    expect(measured.totalBytes).toBeLessThan(32 * 1024);
    if (route === 'pages/home/home') expect([...measured.fields]).toEqual(expect.arrayContaining(['columns', 'banners', 'categories']));
  });
});
