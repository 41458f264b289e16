/**
 * The demo shop's pictures: drawn by the project at seed time, stored through cloud storage, named by
 * cloud:// fileIDs in products, SKUs, categories and the live room, and served as SVG by the local cloud.
 */
import type { AddressInfo } from 'node:net';
import { createLocalCloud } from '../../localcloud';
import { categoryIcon, liveCover, productImage, type ProductArt } from '../../localcloud/demo-images';
import { seedDemoData, DEMO } from '../../localcloud/seed';
import { createHttpServer } from '../../localcloud/server';

const cloud = createLocalCloud({ dataDir: null });
const server = createHttpServer(cloud);
let base = '';
beforeAll(async () => {
  await seedDemoData(cloud);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  cloud.close();
});

const FILE_ID = /^cloud:\/\/local\.6c6f-local-1300000000\/demo\/.+\.svg$/;
const docs = <T>(coll: string) => cloud.engine.find(coll, {}, { limit: 100 }).docs as unknown as T[];

async function served(fileID: string) {
  const cloudPath = fileID.replace(/^cloud:\/\/[^/]+\//, '');
  const res = await fetch(`${base}/_local/storage/files/${cloudPath}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('when the demo data is seeded', () => {
  it('gives every product two stored pictures, the first its cover, and every SKU that cover', async () => {
    const products = docs<{ _id: string; images: string[] }>('products');
    expect(products.length).toBe(6);
    for (const p of products) {
      expect(p.images).toHaveLength(2);
      for (const id of p.images) expect(id).toMatch(FILE_ID);
      expect(cloud.storage.read(p.images[0].replace(/^cloud:\/\/[^/]+\//, ''))).not.toBeNull();
    }
    for (const s of docs<{ productId: string; cover: string }>('skus')) expect(s.cover).toBe(products.find((p) => p._id === s.productId)!.images[0]);
    expect(new Set(products.map((p) => p.images[0])).size).toBe(6);
  });

  it('shows the stored covers in catalog.list, as the mini-program reads them', async () => {
    const out = (await cloud.invoke('catalog', { action: 'list' }, { openid: DEMO.shopper })) as { ok: boolean; data: { items: { cover: string }[] } };
    expect(out.ok).toBe(true);
    for (const item of out.data.items) expect(item.cover).toMatch(FILE_ID);
  });

  it('gives categories stored icons and the live room a stored cover that live.list answers', async () => {
    for (const c of docs<{ icon: string }>('categories')) expect(c.icon).toMatch(FILE_ID);
    const list = (await cloud.invoke('live', { action: 'list' }, { openid: DEMO.shopper })) as { data: { items: { cover?: string }[] } };
    expect(list.data.items[0].cover).toMatch(FILE_ID);
  });

  it('serves each picture as an SVG image', async () => {
    const ids = [...docs<{ images: string[] }>('products').flatMap((p) => p.images), ...docs<{ icon: string }>('categories').map((c) => c.icon), ...docs<{ cover: string }>('live_rooms').map((r) => r.cover)];
    for (const id of ids) {
      const res = await served(id);
      expect(res).toMatchObject({ status: 200, type: 'image/svg+xml' });
      expect(res.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 \d+ \d+"/);
    }
  });
});

describe('the drawings', () => {
  const arts: ProductArt[] = ['tea-can', 'tea-bags', 'cakes', 'cookies', 'gift-box', 'cup'];

  it('are deterministic, differ per kind and per variant, and load nothing from outside', () => {
    const all = arts.flatMap((a) => [productImage(a, 0), productImage(a, 1)]);
    expect(new Set(all).size).toBe(all.length);
    expect(productImage('cup', 1)).toBe(productImage('cup', 1));
    for (const svg of [...all, categoryIcon('tea'), liveCover('直播 <&>')]) {
      expect(svg).not.toMatch(/(href|src)=["'](https?:)?\/\//);
      expect(svg).not.toMatch(/<script/i);
    }
  });

  it('escape the live room title', () => {
    expect(liveCover('A <b>&</b>')).toContain('A &lt;b&gt;&amp;&lt;/b&gt;');
  });
});
