/** process.env as functions see it (localcloud/env.ts): one environment per function, the host's outside. */
import { invocations, type Invocation } from '../../localcloud/context';
import { hostEnv, installEnvIsolation } from '../../localcloud/env';

installEnvIsolation();
const call = (fn: Record<string, string>, ctx: Record<string, string> = {}): Invocation => ({ name: 'f', identity: {}, dbRequests: 0, background: [], env: { fn, call: ctx } });
const inside = <T>(inv: Invocation, f: () => T): T => invocations.run(inv, f);

describe('when code runs inside a function call', () => {
  it('sees only that function’s variables, the call’s context over them', () => {
    process.env.HOST_ONLY = 'h';
    const inv = call({ A: '1', WX_OPENID: 'stale' }, { WX_OPENID: 'o-1' });
    expect(inside(inv, () => [process.env.A, process.env.HOST_ONLY, process.env.WX_OPENID, 'HOST_ONLY' in process.env, Object.keys(process.env).sort()])).toEqual(['1', undefined, 'o-1', false, ['A', 'WX_OPENID']]);
  });

  it('keeps its writes and deletes in its own environment, as strings', () => {
    const fn: Record<string, string> = { KEEP: 'k' };
    inside(call(fn), () => {
      process.env.N = 5 as unknown as string;
      delete process.env.KEEP;
      process.env.TZ = 'Asia/Shanghai';
    });
    expect(fn).toEqual({ N: '5', TZ: 'Asia/Shanghai' });
    expect(process.env.N).toBeUndefined();
    expect(process.env.TZ).toBe('UTC');
  });

  it('survives a spread, as code that copies the environment does', () => {
    expect(inside(call({ A: '1' }), () => ({ ...process.env }))).toEqual({ A: '1' });
  });
});

describe('when code runs outside any call (the local cloud itself)', () => {
  it('reads and writes the host environment, in UTC', () => {
    process.env.LOCAL_SETTING = 'x';
    expect(hostEnv().LOCAL_SETTING).toBe('x');
    expect(inside(call({}), () => hostEnv().LOCAL_SETTING)).toBe('x');
    expect(process.env.TZ).toBe('UTC');
  });
});
