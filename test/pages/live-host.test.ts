/** @jest-environment jsdom */
import { runInAction } from 'mobx-miniprogram';
import type { Role } from '../../typings/api';
import { session } from '../../miniprogram/stores/session';
import { fakeBackend, mountPage, useBackend } from '../support/simulate';

jest.setTimeout(120_000);

const rooms = () => fakeBackend({
  'live.list': () => ({ items: [
    { roomId: 'room1', title: '秋季养生专场', status: 'live', currentGoods: null },
    { roomId: 'room2', title: '周末预告', status: 'upcoming', currentGoods: null },
    { roomId: 'room3', title: '上周回放', status: 'ended', currentGoods: null },
  ], nextCursor: null }),
});

const navigateTo = jest.fn();
beforeEach(() => {
  navigateTo.mockReset();
  (globalThis as unknown as { wx: { navigateTo: unknown } }).wx.navigateTo = navigateTo;
});
const signedInAs = (roles: Role[]) => runInAction(() => { session.userId = 'u-1'; session.roles = roles; });

describe('the live list for a host', () => {
  it('offers the console of each room not yet ended, and opens it rather than the room', async () => {
    signedInAs(['host']);
    useBackend(rooms());
    const page = await mountPage('packages/live/list/list');

    const buttons = page.$$('.tm-live-list__console');
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['主播控制台', '主播控制台']);
    await page.tap(buttons[1]);
    expect(navigateTo).toHaveBeenCalledTimes(1);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/live/console/console?roomId=room2' });
  });

  it('shows a shopper no console', async () => {
    signedInAs([]);
    useBackend(rooms());
    const page = await mountPage('packages/live/list/list');
    expect(page.$$('.tm-live-list__room')).toHaveLength(3);
    expect(page.$$('.tm-live-list__console')).toHaveLength(0);
  });
});
