import { seedDemoData, DEMO } from '../../localcloud/seed';
import type { LocalCloud } from '../../localcloud';
import { startCloud } from '../support/cloud';

const cloud = startCloud();

describe('the demo seed', () => {
  it('creates its group campaign, commission plan and live room through the social admin actions', async () => {
    // The seed only invokes functions; TestCloud replaces `pay` with a helper of another shape.
    const ids = await seedDemoData(cloud as unknown as LocalCloud);
    expect(cloud.count('group_campaigns', { _id: ids.campaignId })).toBe(1);
    expect(cloud.docs('settings', { _id: 'commission_plan' })[0]).toMatchObject({ level1Bps: 1000, level2Bps: 300 });
    expect(await cloud.as(DEMO.host).ok('live.room', { roomId: ids.roomId })).toMatchObject({ status: 'upcoming', currentGoods: null });
    const campaigns = await cloud.as(DEMO.shopper).ok('groupbuy.campaigns', {});
    expect(campaigns.items.map((c) => c.campaignId)).toContain(ids.campaignId);
  });
});
