import { all, startCloud } from '../support/cloud';

const cloud = startCloud();
let n = 0;
const someone = () => `o-inv-${n++}-${Math.random().toString(36).slice(2, 7)}`;
const login = (openid: string, inviter?: string) => cloud.as(openid).ok('user.login', inviter ? { inviter } : {});

describe('binding the inviter on first login', () => {
  it('binds the first inviter and keeps it (first touch)', async () => {
    const [a, b, c] = [someone(), someone(), someone()];
    const ua = await login(a);
    const ub = await login(b);
    expect((await login(c, ua.userId)).inviterUserId).toBe(ua.userId);
    expect((await login(c, ub.userId)).inviterUserId).toBe(ua.userId);
  });

  it('accepts the share code as well as the userId', async () => {
    const [a, c] = [someone(), someone()];
    const ua = await login(a);
    const code = cloud.docs<{ shareCode: string }>('users', { _id: ua.userId })[0].shareCode;
    expect((await login(c, code)).inviterUserId).toBe(ua.userId);
  });

  it('ignores a self-invite', async () => {
    const a = someone();
    const ua = await login(a);
    expect((await login(a, ua.userId)).inviterUserId).toBeNull();
  });

  it('ignores an invite that would close a 2-cycle', async () => {
    const [a, b] = [someone(), someone()];
    const ua = await login(a);
    const ub = await login(b, ua.userId); // a → b
    expect((await login(a, ub.userId)).inviterUserId).toBeNull(); // b → a would close a cycle
  });

  it('ignores an invite that would close a 3-cycle', async () => {
    const [a, b, c] = [someone(), someone(), someone()];
    const ua = await login(a);
    const ub = await login(b, ua.userId); // a → b
    const uc = await login(c, ub.userId); // b → c
    expect((await login(a, uc.userId)).inviterUserId).toBeNull(); // c → a would close a → b → c → a
  });

  it('never binds both of two opposite invitations made at once', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = [someone(), someone()];
      const [ua, ub] = [await login(a), await login(b)];
      await Promise.all([login(a, ub.userId), login(b, ua.userId)]);
      const bound = [ua, ub].map((u) => cloud.docs<{ inviterId: string | null }>('users', { _id: u.userId })[0].inviterId).filter(Boolean);
      expect(bound.length).toBeLessThanOrEqual(1);
    }
  });

  it('never closes a cycle when a whole ring invites at once', async () => {
    const ring = Array.from({ length: 6 }, someone);
    const users = await Promise.all(ring.map((o) => login(o)));
    await all(ring.length, (i) => login(ring[i], users[(i + 1) % ring.length].userId));
    const bound = users.map((u) => cloud.docs<{ inviterId: string | null }>('users', { _id: u.userId })[0].inviterId);
    expect(bound.filter(Boolean).length).toBeLessThan(ring.length);
  });
});
