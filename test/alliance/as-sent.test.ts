/**
 * Free-form objects from users are stored as sent, never interpreted by the database: analytics props
 * (`{$date: …}` stays an object, `__proto__` stays a key) and a partner landing's extraData. Reports that
 * query plain props keep working.
 */
import { startCloud } from '../support/cloud';
import { userIdFor } from '../../server/membership/users';
import { propsAsSent, type StoredEvent } from '../../domain/analytics/analytics';
import { aPartner } from '../support/growth';

const cloud = startCloud();

/** What a mini-program sends over the wire: JSON text, parsed as the platform parses it. */
const sent = <T>(json: string) => JSON.parse(json) as T;

describe('analytics props', () => {
  it('are read back exactly as sent, however they look', async () => {
    const props = sent<Record<string, unknown>>('{"when":{"$date":1700000000000},"__proto__":{"admin":true},"a.b":1,"$where":"x","nested":{"$oid":"abc"},"campaign":"autumn","amountFen":1200}');
    await cloud.as('o-sent-1').ok('analytics.track', { events: [{ name: 'coupon_share', props }] });
    const [stored] = cloud.docs<StoredEvent>('events', { u: userIdFor('o-sent-1') });
    expect(JSON.stringify(propsAsSent(stored))).toBe(JSON.stringify(props));
    expect(stored.p).toEqual({ campaign: 'autumn', amountFen: 1200 });
    expect(Object.getPrototypeOf(propsAsSent(stored))).toBe(Object.prototype);
  });

  it('still leave their plain props queryable as fields', async () => {
    await cloud.as('o-sent-2').ok('analytics.track', { events: [{ name: 'coupon_share', props: sent('{"campaign":"winter","amountFen":3000,"extra":{"$date":1}}') }] });
    expect(cloud.docs<StoredEvent>('events', { u: userIdFor('o-sent-2'), 'p.campaign': 'winter', 'p.amountFen': 3000 })).toHaveLength(1);
  });

  it('keep plain props as fields only, with no copy when nothing needed one', async () => {
    await cloud.as('o-sent-3').ok('analytics.track', { events: [{ name: 'view', props: { categoryId: 'tea', n: 2, ok: true } }] });
    const [stored] = cloud.docs<StoredEvent>('events', { u: userIdFor('o-sent-3') });
    expect(stored).toMatchObject({ p: { categoryId: 'tea', n: 2, ok: true } });
    expect(stored.pj).toBeUndefined();
  });
});

describe('a landing\'s extraData', () => {
  it('is kept exactly as sent', async () => {
    await cloud.admin.ok('admin.addPartner', aPartner());
    const extraData = sent<Record<string, unknown>>('{"source":"jump","at":{"$date":1700000000000},"__proto__":{"x":1}}');
    await cloud.as('o-sent-land').ok('alliance.landing', { fromAppId: 'wx-partner-coffee', extraData });
    const [landing] = cloud.docs<{ extra: string }>('alliance_landings', { userId: userIdFor('o-sent-land') });
    expect(landing.extra).toBe(JSON.stringify(extraData));
  });
});
