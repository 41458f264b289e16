/**
 * The local cloud console at `/`: what it shows is what the engine, the call log and the outbox hold,
 * and its only writes are the clock and the timer triggers.
 */
import { DEMO } from '../../localcloud/seed';
import { describeInBrowser, eventually, useBrowser } from './support';

jest.setTimeout(90_000);

describeInBrowser('the local cloud console', () => {
  const env = useBrowser();
  const openConsole = async (hash: string) => {
    const page = await env.open().then((p) => p.page);
    await page.goto(`${env.url}/${hash}`);
    return page;
  };

  describe('the data tab', () => {
    it('lists every collection with its document count from the engine', async () => {
      const page = await openConsole('#data');
      await page.locator('[data-coll="products"]').waitFor();
      const stats = env.cloud.engine.stats().collections;
      const rows = await page.locator('#collections a').evaluateAll((as) => as.map((a) => [a.getAttribute('data-coll'), Number(a.querySelector('.n')?.textContent)]));
      expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(stats).map(([name, c]) => [name, c.documents])));
    });

    it('pages through a collection and finds documents by a JSON query', async () => {
      const page = await openConsole('#data');
      await page.click('[data-coll="products"]');
      const total = env.cloud.engine.find('products', {}).total;
      await eventually(() => page.locator('#range').innerText(), `1–${total} of ${total}`);
      await expect(page.locator('#docs pre').count()).resolves.toBe(total);

      const wanted = env.cloud.engine.find('products', { title: '海盐芝士曲奇' }).docs[0] as { _id: string };
      await page.fill('#q', '{"title": "海盐芝士曲奇"}');
      await page.click('#query button[type="submit"]');
      await eventually(() => page.locator('#range').innerText(), '1–1 of 1');
      expect(JSON.parse(await page.locator('#docs pre').innerText())._id).toBe(wanted._id);
    });

    it('says what is wrong with a query that is not JSON, and shows nothing', async () => {
      const page = await openConsole('#data');
      await page.click('[data-coll="products"]');
      await page.fill('#q', '{title:');
      await page.click('#query button[type="submit"]');
      await eventually(async () => (await page.locator('#query-error').innerText()).startsWith('q is not JSON'), true);
      await expect(page.locator('#docs pre').count()).resolves.toBe(0);
    });
  });

  describe('the calls tab', () => {
    it('shows a function call made over HTTP with its caller, duration, database requests and result', async () => {
      const res = await fetch(`${env.url}/functions/catalog`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': 'o-console-test' }, body: JSON.stringify({ action: 'list', limit: 2 }) });
      expect(res.status).toBe(200);
      const logged = env.cloud.host.calls(50).find((c) => c.openid === 'o-console-test');
      expect(logged).toMatchObject({ name: 'catalog', action: 'list', ok: true });

      const page = await openConsole('#calls');
      const row = page.locator('#calls tr').filter({ hasText: 'o-console-test' }).first();
      await row.waitFor();
      const cells = await row.locator('td').allInnerTexts();
      expect(cells.slice(1)).toEqual(['catalog.list', 'o-console-test', String(Math.round(logged!.ms)), String(logged!.dbRequests), 'ok']);
      expect(logged!.dbRequests).toBeGreaterThan(0);
    });
  });

  describe('the outbox tab', () => {
    it("shows the open API calls the functions made (a phone number lookup when binding the shopper's phone)", async () => {
      const out = (await env.cloud.invoke('user', { action: 'bindPhone', code: 'phone:13800138000' }, { openid: DEMO.shopper })) as { ok: boolean };
      expect(out.ok).toBe(true);
      const sent = env.cloud.state.outbox.map((i) => i.api);
      expect(sent.length).toBeGreaterThan(0);
      const page = await openConsole('#outbox');
      await page.locator('#outbox tr td.mono').first().waitFor();
      const shown = await page.locator('#outbox tr td.mono').allInnerTexts();
      expect(shown).toEqual(sent);
    });
  });

  describe('the triggers and clock tab', () => {
    it('moves the clock of the whole local cloud forward by an hour', async () => {
      const page = await openConsole('#time');
      const before = Date.now();
      await page.click('#advance button[data-ms="3600000"]');
      await eventually(() => Date.now() - before >= 3_600_000, true);
      await eventually(async () => Number(/\((\d+)\)/.exec(await page.locator('#now2').innerText())?.[1]) - before >= 3_600_000, true);
    });

    it('lists every timer trigger and runs one now', async () => {
      const timers = env.cloud.host.timers();
      const page = await openConsole('#time');
      await page.locator('#triggers button').first().waitFor();
      await expect(page.locator('#triggers button').count()).resolves.toBe(timers.length);
      const { fn, trigger } = timers[0];
      const runsBefore = env.cloud.host.calls(500).filter((c) => c.name === fn).length;
      await page.click(`#triggers button[data-fn="${fn}"][data-trigger="${trigger.name}"]`);
      await eventually(async () => (await page.locator(`[data-last="${fn}/${trigger.name}"]`).innerText()).startsWith('ok'), true);
      expect(env.cloud.host.calls(500).filter((c) => c.name === fn).length).toBe(runsBefore + 1);
    });
  });
});
