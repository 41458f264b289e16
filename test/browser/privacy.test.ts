/**
 * The privacy centre clicked through the preview: a member who turns partner sharing off is refused by a
 * partner's member lookup (the signed partner API) from then on.
 */
import { DEMO } from '../../localcloud/seed';
import { signedEvent } from '../support/growth';
import { as, describeInBrowser, eventually, useBrowser } from './support';

jest.setTimeout(180_000);

describeInBrowser('privacy centre in the browser preview', () => {
  const env = useBrowser();
  // The preview builds its bundle on the first request: build it before the journey's clock starts.
  beforeAll(async () => {
    await Promise.all(['bundle.js', 'app.css', 'templates.js'].map((asset) => fetch(`${env.url}/preview/${asset}`).then((r) => r.text())));
  }, 180_000);

  describe('when the member refuses partner sharing', () => {
    it('saves it on the server and the partner lookup is refused from then on', async () => {
      const member = 'o-privacy-refuser';
      const { secret } = await as(env.cloud, DEMO.admin)('admin.rotatePartnerSecret', { partnerId: DEMO.partnerId });
      const { userId } = await as(env.cloud, member)('user.login', {});
      await as(env.cloud, member)('user.setConsent', { partnerSharing: true });
      const lookup = async () => {
        const res = (await env.cloud.invoke('partnerapi', signedEvent({ path: '/partner-api/members/lookup', body: { by: 'userId', value: userId }, secret }), { source: 'wx_http' })) as { statusCode: number };
        return res.statusCode;
      };
      expect(await lookup()).toBe(200);

      const phone = await env.open({ user: member, page: 'packages/member/privacy/privacy' });
      await phone.$('.tm-privacy__partner .t-switch__body').waitFor();
      await phone.tap('.tm-privacy__partner .t-switch__body');

      await eventually(async () => (await as(env.cloud, member)('user.consent', {})).partnerSharing, false);
      expect(await lookup()).toBe(403);
      await eventually(async () => (await phone.text('.tm-privacy__updated')).startsWith('上次修改'), true);
    });
  });
});
