/**
 * The tags timer walks every member through the local cloud: a bounded batch per run, a keyset cursor in
 * `settings/tagsProgress`, wrapping around after a full pass.
 */
import { startCloud } from '../support/cloud';
import { recomputeTags } from '../../server/analytics/analytics';
import type { TagsProgress } from '../../domain/analytics/tags';
import { userIdFor } from '../../server/membership/users';
import { aKey, aProduct } from '../store/fixtures';

const cloud = startCloud();
const openids = Array.from({ length: 7 }, (_, i) => `o-tagged-${i}`);
const memberIds = openids.map(userIdFor).sort();
const progress = () => cloud.docs<TagsProgress>('settings', { _id: 'tagsProgress' })[0];
const tagsOf = (openid: string) => cloud.docs<{ tags: string[]; purchaseFrequency: string; computedAt: number }>('user_tags', { _id: userIdFor(openid) })[0];

/** Runs the walk with batches of 3, a second apart, until a pass completes: the ids of each run and its time. */
async function onePass(): Promise<{ runs: string[][]; at: number[] }> {
  const out = { runs: [] as string[][], at: [] as number[] };
  for (let guard = 0; guard < 10; guard++) {
    const now = cloud.advance(1000);
    const run = await recomputeTags(now, 3);
    out.runs.push(run.userIds);
    out.at.push(now);
    if (run.passCompleted) return out;
  }
  throw new Error('the pass never completed');
}

beforeAll(async () => {
  for (const o of openids) await cloud.as(o).ok('user.login', {});
  expect(cloud.docs<{ _id: string }>('users').map((u) => u._id).sort()).toEqual(memberIds); // no one else
});

describe('the tags walk, 7 members in batches of 3', () => {
  it('covers every member exactly once per pass, in three runs, then starts over', async () => {
    const first = await onePass();
    expect(first.runs.map((r) => r.length)).toEqual([3, 3, 1]);
    expect(first.runs.flat()).toEqual(memberIds);
    expect(cloud.count('user_tags')).toBe(7);
    expect(progress()).toMatchObject({ after: null, passStartedAt: null, passes: 1, lastPassCompletedAt: first.at[2] });

    const second = await onePass();
    expect(second.runs.flat()).toEqual(memberIds);
    expect(progress()).toMatchObject({ passes: 2, lastPassCompletedAt: second.at[2] });
  });

  it('keeps its place between runs, then finishes the pass where it left off', async () => {
    const startedAt = cloud.advance(1000);
    expect(await recomputeTags(startedAt, 3)).toEqual({ userIds: memberIds.slice(0, 3), passCompleted: false });
    expect(progress()).toMatchObject({ after: memberIds[2], passStartedAt: startedAt, passes: 2 });
    const rest = await onePass();
    expect(rest.runs).toEqual([memberIds.slice(3, 6), memberIds.slice(6)]);
    expect(progress()).toEqual(expect.objectContaining({ after: null, passStartedAt: null, passes: 3, lastPassCompletedAt: rest.at[1] }));
  });

  it('recomputes on the next pass the tags of a member whose behaviour changed', async () => {
    const buyer = openids[4];
    expect(tagsOf(buyer).purchaseFrequency).toBe('none');
    const { categoryId } = await cloud.admin.ok('admin.createCategory', { name: '茶' });
    const { skus } = await aProduct(cloud, { categoryId });
    for (const label of ['first', 'second']) {
      const placed = await cloud.as(buyer).ok('order.create', { items: [{ skuId: skus[0].skuId, quantity: 1 }], idempotencyKey: aKey(label) });
      await cloud.pay(placed.payment.outTradeNo);
    }
    expect(tagsOf(buyer).purchaseFrequency).toBe('none'); // paying does not recompute; the walk does
    const next = await onePass();
    const run = next.runs.findIndex((ids) => ids.includes(userIdFor(buyer)));
    expect(tagsOf(buyer)).toMatchObject({ purchaseFrequency: 'occasional', computedAt: next.at[run], tags: expect.arrayContaining(['freq:occasional', `cat:${categoryId}`]) });
    expect(tagsOf(openids[0]).purchaseFrequency).toBe('none');
  });
});

describe('the hourly timer', () => {
  it('runs the walk with its default batch: all 7 in one run, a completed pass', async () => {
    expect(await cloud.host.runTimer('analytics', 'tags')).toMatchObject({ tagged: 7, passCompleted: true });
    expect(progress().passes).toBe(5);
  });
});
