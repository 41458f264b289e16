/**
 * The partner API over real HTTP on the local cloud (`/partner-api/*`), as WeChat cloud's HTTP access
 * delivers it to the `partnerapi` function: signature checked on the raw request, answer passed through.
 */
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../localcloud/server';
import { startCloud } from '../support/cloud';
import { aPartner, signedEvent } from '../support/growth';

const cloud = startCloud();
const server = createHttpServer(cloud.local);
let base = '';
let secret = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await cloud.admin.ok('admin.addPartner', aPartner());
  secret = (await cloud.admin.ok('admin.rotatePartnerSecret', { partnerId: 'coffee' })).secret;
  await cloud.as('o-http-member').ok('user.login', {});
});
afterAll(() => server.close());

async function send(event: ReturnType<typeof signedEvent>) {
  const res = await fetch(base + event.path, { method: event.httpMethod, headers: event.headers, body: event.body || undefined });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as { ok: boolean; data?: any; error?: { message: string } } };
}

describe('the partner API over HTTP', () => {
  it('answers a well-signed request with the function’s status and JSON body', async () => {
    const userId = cloud.docs<{ _id: string }>('users', { openid: 'o-http-member' })[0]._id;
    const res = await send(signedEvent({ path: '/partner-api/consents/query', body: { by: 'userId', value: userId }, secret }));
    expect(res).toMatchObject({ status: 200, type: expect.stringContaining('application/json'), json: { ok: true, data: { memberRef: userId, shareWithPartners: false } } });
  });

  it('refuses a request whose body was changed after signing', async () => {
    const event = signedEvent({ path: '/partner-api/consents/query', body: { by: 'userId', value: 'a' }, secret });
    const res = await send({ ...event, body: JSON.stringify({ by: 'userId', value: 'b' }) });
    expect(res.status).toBe(401);
    expect(res.json.error?.message).toMatch(/signature/i);
  });
});
