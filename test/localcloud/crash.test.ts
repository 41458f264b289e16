/**
 * "Nothing a crash does loses stock, quota or consent", with a real process: a local cloud is started as
 * `npm start` runs it (own DATA_DIR), a mixed burst over HTTP (orders with a flash sale and a coupon,
 * coupon claims, group joins, redemptions) is cut by `kill -9` after a random 5..200 ms, several rounds;
 * after the last restart the clock moves past the sweep age, every timer runs (`POST /_local/tick`), and
 * stock, flash stock, per-member counts, coupons, seats and points are whole.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOLD_SWEEP_AGE_MS } from '../../server/store/holds';
import { REDEMPTION_SWEEP_AGE_MS } from '../../server/points/redeem';
import { checkPoints, checkRedemptions, checkWhole } from '../support/invariants';

jest.setTimeout(90_000);

const entry = join(__dirname, '..', '..', '.build', 'localcloud.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Running { child: ChildProcess; base: string; exited: Promise<unknown> }
/** Every child started, so none outlives a failed test. */
const children: Running[] = [];
afterAll(() => {
  for (const r of children) if (r.child.exitCode === null) r.child.kill('SIGKILL');
});

async function start(dataDir: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], { env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED: 'off', LOCAL_TIMERS: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise((r) => child.on('exit', r));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (/ready/.test(out)) resolve();
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    void exited.then(() => reject(new Error(`exited before ready:\n${out}`)));
    setTimeout(() => reject(new Error(`not ready after 20 s:\n${out}`)), 20_000).unref();
  });
  const r = { child, base: `http://127.0.0.1:${port}`, exited };
  children.push(r);
  return r;
}

async function kill(r: Running): Promise<void> {
  r.child.kill('SIGKILL');
  await r.exited;
}

type Envelope = { ok: boolean; data?: any; error?: { code: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function post(base: string, path: string, body: unknown, openid?: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  return res.json();
}
const call = async (base: string, openid: string, name: string, req: Record<string, unknown>): Promise<Envelope> => {
  const [fn, action] = name.split('.');
  return (await post(base, `/functions/${fn}`, { ...req, action }, openid)).result as Envelope;
};
const ok = async (base: string, openid: string, name: string, req: Record<string, unknown>) => {
  const out = await call(base, openid, name, req);
  if (!out.ok) throw new Error(`${name}: ${JSON.stringify(out.error)}`);
  return out.data;
};

async function allDocs(base: string, name: string): Promise<Record<string, unknown>[]> {
  const docs: Record<string, unknown>[] = [];
  for (;;) {
    const res = await fetch(`${base}/_local/console/collections/${name}?limit=200&skip=${docs.length}`, { signal: AbortSignal.timeout(15_000) });
    if (res.status === 404) return docs;
    const page = (await res.json()) as { total: number; docs: Record<string, unknown>[] };
    docs.push(...page.docs);
    if (docs.length >= page.total || page.docs.length === 0) return docs;
  }
}

describe('kill -9 in the middle of a mixed burst', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'localcloud-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no stock, flash stock, member count, coupon, seat or points once the sweep has run', async () => {
    const started = Date.now();
    let cloud = await start(dir);
    const A = 'o-admin';
    const members = Array.from({ length: 12 }, (_, i) => `o-crash-${i}`);
    const now = Date.now();
    const product = await ok(cloud.base, A, 'admin.createProduct', { title: '曲奇', skus: [{ name: '盒', priceFen: 10_000, stock: 400 }, { name: '罐', priceFen: 5000, stock: 100 }] });
    const [skuId, flashSku] = product.skus.map((s: { skuId: string }) => s.skuId);
    const { flashSaleId } = await ok(cloud.base, A, 'admin.createFlashSale', { skuId: flashSku, priceFen: 1000, stock: 200, perUserLimit: 3, startAt: now - 60_000, endAt: now + 86_400_000 });
    const { couponId } = await ok(cloud.base, A, 'admin.createCoupon', { title: '减 5', discountFen: 500, minSpendFen: 0, total: 300, perUserLimit: 5, validUntil: now + 30 * 86_400_000 });
    const { campaignId } = await ok(cloud.base, A, 'admin.createGroupCampaign', { skuId, groupPriceFen: 5000, groupSize: 50, durationMs: 86_400_000, stock: 200 });
    const { rewardId } = await ok(cloud.base, A, 'admin.createReward', { title: '杯子', kind: 'physical', costPoints: 10, stock: 200 });
    const { groupId } = await ok(cloud.base, 'o-crash-leader', 'groupbuy.open', { campaignId, idempotencyKey: 'crash-open-1' });
    // Points to redeem with: each member pays one order (1 point per yuan).
    await Promise.all(members.map(async (m) => {
      const o = await ok(cloud.base, m, 'order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: `crash-seed-${m}` });
      await post(cloud.base, `/_local/pay/${o.payment.outTradeNo}`, { result: 'SUCCESS' });
    }));
    const setUp = Date.now() - started;

    let seq = 0;
    const burst = (base: string) => members.flatMap((m) => [
      call(base, m, 'coupon.claim', { couponId }),
      call(base, m, 'order.create', { items: [{ skuId, quantity: 1 }, { skuId: flashSku, quantity: 1 }], flashSaleId, couponId, idempotencyKey: `crash-o-${m}-${seq++}` }),
      call(base, m, 'groupbuy.join', { groupId, idempotencyKey: `crash-j-${m}-${seq++}` }),
      call(base, m, 'points.redeem', { rewardId, idempotencyKey: `crash-r-${m}-${seq++}` }),
    ].map((p) => p.catch(() => null)));

    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      const inFlight = burst(cloud.base);
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 195)));
      await kill(cloud);
      await Promise.all(inFlight);
      const t = Date.now();
      cloud = await start(dir);
      if (process.env.CRASH_TIMING) process.stdout.write(`restart ${Date.now() - t} ms\n`);
      // Past the risk rule's per-minute window, so the next round's orders are not refused for speed.
      await post(cloud.base, '/_local/clock', { advanceMs: 61_000 });
    }
    // The kills did land mid-call: some holds have no owner, or some redemptions are still claims (their call
    // died before writing the order, the coupon or the right).
    const [holds, orders, userCoupons, redemptions] = await Promise.all(['holds', 'orders', 'user_coupons', 'redemptions'].map((c) => allDocs(cloud.base, c)));
    const owners = new Set([...orders, ...userCoupons].map((d) => d._id));
    expect(holds.filter((h) => !owners.has(h.ownerId as string)).length + redemptions.filter((r) => r.status === 'pending').length).toBeGreaterThan(0);
    await post(cloud.base, '/_local/clock', { advanceMs: Math.max(HOLD_SWEEP_AGE_MS, REDEMPTION_SWEEP_AGE_MS) + 1_000 });
    const ticked = (await post(cloud.base, '/_local/tick', {})) as { ran: string[] };
    expect(ticked.ran).toContain('order/sweepHolds');
    expect(ticked.ran).toContain('points/sweepRedemptions');

    const docs = (name: string) => allDocs(cloud.base, name);
    const whole = await checkWhole(docs, { skus: { [skuId]: 400, [flashSku]: 100 }, flash: { [flashSaleId]: 200 }, coupons: { [couponId]: 300 }, campaigns: { [campaignId]: 200 }, rewards: { [rewardId]: 200 } });
    expect(whole.problems).toEqual([]);
    expect(await checkPoints(docs)).toEqual([]);
    expect(await checkRedemptions(docs)).toEqual([]);
    // The cloud still serves: a fresh order goes through.
    expect(await call(cloud.base, 'o-crash-after', 'order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: 'crash-after-1' })).toMatchObject({ ok: true });
    await kill(cloud);
    if (process.env.CRASH_TIMING) process.stdout.write(`set-up ${setUp} ms, total ${Date.now() - started} ms\n`);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
