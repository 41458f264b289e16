import { advanceTagsWalk, chinaHour, computeTags, NO_TAGS_PROGRESS, type TagEvent } from '../../domain/analytics/tags';

const NOW = Date.UTC(2024, 4, 1, 4, 0); // 12:00 China time
const at = (daysAgo: number, chinaHourOfDay: number) => Date.UTC(2024, 4, 1 - daysAgo, chinaHourOfDay - 8, 0);
const anEvent = (over: Partial<TagEvent> = {}): TagEvent => ({ n: 'view', at: at(1, 14), ...over });

describe('user tags', () => {
  it('reads hours in China time', () => {
    expect(chinaHour(at(0, 23))).toBe(23);
  });

  it('counts purchase frequency over 90 days only', () => {
    expect(computeTags([], NOW).purchaseFrequency).toBe('none');
    expect(computeTags([anEvent({ n: 'pay_success' })], NOW).purchaseFrequency).toBe('once');
    expect(computeTags([1, 2, 3].map((d) => anEvent({ n: 'pay_success', at: at(d, 12) })), NOW).purchaseFrequency).toBe('occasional');
    expect(computeTags([1, 2, 3, 4, 5].map((d) => anEvent({ n: 'pay_success', at: at(d, 12) })), NOW).purchaseFrequency).toBe('frequent');
    expect(computeTags([anEvent({ n: 'pay_success', at: at(91, 12) })], NOW).purchaseFrequency).toBe('none');
  });

  it('picks the favourite category, a purchase weighing three views', () => {
    const events = [anEvent({ p: { categoryId: 'tea' } }), anEvent({ p: { categoryId: 'tea' } }), anEvent({ n: 'pay_success', p: { categoryId: 'snacks' } })];
    expect(computeTags(events, NOW).favouriteCategory).toBe('snacks');
  });

  it('tags a night owl when most events fall between 22:00 and 05:00', () => {
    const events = [anEvent({ at: at(1, 23) }), anEvent({ at: at(2, 1) }), anEvent({ at: at(3, 2) }), anEvent({ at: at(3, 14) })];
    const tags = computeTags(events, NOW);
    expect(tags.activeHours).toBe('nightOwl');
    expect(tags.tags).toContain('hours:nightOwl');
  });

  it('says unknown hours with fewer than three events', () => {
    expect(computeTags([anEvent({ at: at(1, 23) })], NOW).activeHours).toBe('unknown');
  });
});

describe('the walk over every member', () => {
  it('starts a pass at the first run and moves the cursor to the last id of a batch that has more after it', () => {
    expect(advanceTagsWalk(NO_TAGS_PROGRESS, ['u1', 'u2'], true, 100)).toEqual({ after: 'u2', passStartedAt: 100, passes: 0, lastPassCompletedAt: null });
  });

  it('keeps the start of a pass under way', () => {
    const under = { after: 'u2', passStartedAt: 100, passes: 3, lastPassCompletedAt: 50 };
    expect(advanceTagsWalk(under, ['u3', 'u4'], true, 200)).toEqual({ after: 'u4', passStartedAt: 100, passes: 3, lastPassCompletedAt: 50 });
  });

  it('completes the pass when nothing follows the batch, and wraps around to the start', () => {
    const under = { after: 'u4', passStartedAt: 100, passes: 3, lastPassCompletedAt: 50 };
    expect(advanceTagsWalk(under, ['u5'], false, 300)).toEqual({ after: null, passStartedAt: null, passes: 4, lastPassCompletedAt: 300 });
    expect(advanceTagsWalk(under, [], false, 300)).toEqual({ after: null, passStartedAt: null, passes: 4, lastPassCompletedAt: 300 });
  });
});
