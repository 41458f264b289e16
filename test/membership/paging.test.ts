/**
 * Newest-first lists page by position (keyset), not by offset: walking the pages while new items
 * arrive never repeats or skips an item that was there when the walk began.
 */
import type { Api, ApiName } from '../../typings/api';
import { startCloud, type Client } from '../support/cloud';
import { aProduct } from '../support/social';
import { aKey, aMemberWithPoints, aReward } from './fixtures';

const cloud = startCloud();

type Paged = 'groupbuy.campaigns' | 'points.myRights';

/** Walks a list 2 at a time, calling `between` after each page; answers the ids seen, in order. */
async function walk<K extends Paged & ApiName>(client: Client, name: K, idOf: (item: Api[K]['res']['items'][number]) => string, between: () => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = (await client.ok(name, { limit: 2, ...(cursor ? { cursor } : {}) } as Api[K]['req'])) as Api[K]['res'];
    seen.push(...page.items.map(idOf));
    cursor = page.nextCursor ?? undefined;
    await between();
  } while (cursor);
  return seen;
}

describe('paging group-buy campaigns', () => {
  it('lists every campaign once, newest first, while new ones are created mid-walk', async () => {
    const before: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { skuId } = await aProduct(cloud);
      before.unshift((await cloud.admin.ok('admin.createGroupCampaign', { skuId, groupPriceFen: 990, groupSize: 2, durationMs: 3600_000, stock: 10 })).campaignId);
      cloud.advance(1000);
    }
    const seen = await walk(cloud.as('o-browse'), 'groupbuy.campaigns', (c) => c.campaignId, async () => {
      const { skuId } = await aProduct(cloud);
      cloud.advance(1000);
      await cloud.admin.ok('admin.createGroupCampaign', { skuId, groupPriceFen: 990, groupSize: 2, durationMs: 3600_000, stock: 10 });
    });
    expect(seen).toEqual(before);
  });

  it('refuses a cursor it did not make', async () => {
    expect(await cloud.as('o-browse').call('groupbuy.campaigns', { cursor: '2' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('paging my rights', () => {
  it('lists every right once, newest first, while the member redeems more mid-walk', async () => {
    await aMemberWithPoints(cloud, 'o-rights', 10_000);
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ costPoints: 100, stock: 100 }));
    const member = cloud.as('o-rights');
    const before: string[] = [];
    for (let i = 0; i < 5; i++) {
      before.unshift((await member.ok('points.redeem', { rewardId, idempotencyKey: aKey('rd') })).redemptionId);
      cloud.advance(1000);
    }
    const seen = await walk(member, 'points.myRights', (r) => r.redemptionId, async () => {
      cloud.advance(1000);
      await member.ok('points.redeem', { rewardId, idempotencyKey: aKey('rd') });
    });
    expect(seen).toEqual(before);
  });
});
