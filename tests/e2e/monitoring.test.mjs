// Press monitoring end to end in a real browser: an editor adds a source (a feed served
// by a local stand-in for a foreign outlet), the server polls it, the watch lists'
// match shows in the inbox with the term marked, the editor makes a press item in two
// languages from it with the keyboard, and it is on the Foreign press page in both
// languages, in its feed, and the inbox item is used.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, demoSite, profileDir, qalam, serve } from './qalam_site.mjs';

const EMAIL = 'desk@example.org';
const PASSWORD = 'a long enough password';

// A German outlet's feed: one story the demo's "Karabakh" watch list (Şuşa) finds as
// "Schuscha", one it does not.
const FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Frankfurter Beispiel</title><link>https://faz.example/</link><language>de</language>
<item><title>Kulturfestival in Schuscha eröffnet</title><link>https://faz.example/kultur/schuscha-festival.html?utm_source=rss</link>
<guid>faz-1</guid><pubDate>Tue, 01 Dec 2026 09:30:00 +0100</pubDate>
<description>&lt;p&gt;In Schuscha hat das Musikfestival begonnen; Gäste aus zwölf Ländern.&lt;/p&gt;</description></item>
<item><title>Wetter in Oslo</title><link>https://faz.example/wetter/oslo.html</link><guid>faz-2</guid>
<pubDate>Tue, 01 Dec 2026 08:00:00 +0100</pubDate><description>Regen.</description></item>
</channel></rss>`;

let site, server, base, context, page, outlet, outletUrl;
let feedRequests = 0;

before(async () => {
  outlet = createServer((req, res) => {
    feedRequests++;
    res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
    res.end(FEED);
  });
  await new Promise((resolve) => outlet.listen(0, '127.0.0.1', resolve));
  outletUrl = `http://127.0.0.1:${outlet.address().port}/rss/kultur.xml`;
  site = demoSite((text) => text.replace(/^# url = .*$/m, 'url = "http://127.0.0.1:8080"'));
  writeFileSync(join(site, 'password'), PASSWORD + '\n');
  qalam('user', 'add', '--site', site, EMAIL, '--role', 'editor', '--name', 'Desk', '--password-file', join(site, 'password'));
  ({ server, base } = await serve(site));
  context = await chromium.launchPersistentContext(profileDir(), {
    executablePath: CHROMIUM, headless: true, locale: 'en-GB', args: CHROMIUM_FLAGS,
  });
  page = context.pages()[0] || await context.newPage();
});

after(async () => {
  if (context) await context.close();
  if (server) server.kill('SIGTERM');
  if (outlet) outlet.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

test('a watched story goes from a foreign feed to the Foreign press page in two languages', { timeout: 180000 }, async () => {
  await page.goto(base + '/newsroom/sign-in');
  await page.fill('#email', EMAIL);
  await page.fill('#password', PASSWORD);
  await page.click('form[action="/newsroom/sign-in"] button[type=submit]');
  await page.waitForURL(base + '/newsroom/');
  await page.goto(base + '/newsroom/language?to=en&next=/newsroom/sources');

  // Add the source in the newsroom.
  await page.fill('#s-url', outletUrl);
  await page.fill('#s-name', 'Frankfurter Beispiel');
  await page.fill('#s-lang', 'de');
  await page.click('form[action="/newsroom/sources"] button[type=submit]');
  await page.waitForURL(/\/newsroom\/sources\?saved=1/);
  assert.match(await page.locator('table.list').innerText(), /Frankfurter Beispiel/);

  // The server polls it at once; the inbox shows the watched story, not the other.
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    await page.goto(base + '/newsroom/inbox');
    found = await page.locator('.inbox-item', { hasText: 'Kulturfestival' }).count() > 0;
    if (!found) await page.waitForTimeout(500);
  }
  assert.ok(found, 'the watched story reached the inbox');
  assert.ok(feedRequests >= 1);
  assert.equal(await page.locator('.inbox-item', { hasText: 'Wetter in Oslo' }).count(), 0);
  const item = page.locator('.inbox-item', { hasText: 'Kulturfestival' });
  assert.equal(await item.locator('.inbox-title mark').first().innerText(), 'Schuscha');
  assert.match(await item.locator('.chips').innerText(), /Karabakh/);
  // The dashboard counts it.
  await page.goto(base + '/newsroom/');
  assert.match(await page.locator('.notice').innerText(), /Inbox: \d+ new items/);

  // The keyboard: j to the first item, p to make a press item of it.
  await page.goto(base + '/newsroom/inbox');
  const first = await page.locator('.inbox-item').first().innerText();
  assert.match(first, /Kulturfestival/);  // newest first
  await page.keyboard.press('j');
  await page.keyboard.press('p');
  await page.waitForURL(/\/newsroom\/inbox\/\d+$/);
  // The original beside the form, the form filled from it.
  assert.match(await page.locator('.original').innerText(), /Gäste aus zwölf Ländern/);
  assert.equal(await page.inputValue('#p-outlet'), 'Frankfurter Beispiel');
  assert.equal(await page.inputValue('#p-lang'), 'de');
  assert.equal(await page.inputValue('#p-date'), '2026-12-01');
  assert.equal(await page.inputValue('#p-title'), 'Kulturfestival in Schuscha eröffnet');

  // A summary without its headline is refused, and what was typed stays.
  await page.fill('#p-review-ru', 'Резюме без заголовка');
  await page.click('#press-form button[type=submit]');
  assert.match(await page.locator('.problems').innerText(), /is required with a review|required/i);
  assert.equal(await page.inputValue('#p-review-ru'), 'Резюме без заголовка');
  await page.fill('#p-review-ru', '');

  await page.fill('#p-review-title-en', 'A culture festival opens in Shusha');
  await page.fill('#p-review-en', 'The German paper reports guests from twelve countries at the Shusha music festival.');
  await page.fill('#p-review-title-az', 'Şuşada mədəniyyət festivalı açıldı');
  await page.fill('#p-review-az', 'Alman qəzeti Şuşa musiqi festivalına on iki ölkədən qonaq gəldiyini yazır.');
  await page.click('#press-form button[type=submit]');
  await page.waitForURL(/\/newsroom\/inbox\?made=\d+/);
  assert.match(await page.locator('.notice').innerText(), /press item is made/);

  // Published: the Foreign press page in each language, and its feed.
  const en = await (await fetch(base + '/en/sections/foreign-press')).text();
  assert.match(en, /A culture festival opens in Shusha/);
  assert.match(en, /Kulturfestival in Schuscha eröffnet/);  // the original's title beneath
  assert.match(en, /https:\/\/faz\.example\/kultur\/schuscha-festival\.html/);
  const az = await (await fetch(base + '/az/sections/foreign-press')).text();
  assert.match(az, /Şuşada mədəniyyət festivalı açıldı/);
  const ru = await (await fetch(base + '/ru/sections/foreign-press')).text();
  assert.match(ru, /Kulturfestival in Schuscha eröffnet/);  // no Russian review: the original
  const feed = await (await fetch(base + '/en/sections/foreign-press/feed.xml')).text();
  assert.match(feed, /A culture festival opens in Shusha/);
  const home = await (await fetch(base + '/en/')).text();
  assert.match(home, /A culture festival opens in Shusha/);  // the home page's press block

  // The inbox item is used and names it.
  await page.goto(base + '/newsroom/inbox?state=used');
  assert.match(await page.locator('.inbox-items').innerText(), /Kulturfestival/);
});
