// End to end in a real browser (Debian's chromium driven by playwright-core): sign in,
// upload an image, write an Azerbaijani article with it and watch the live preview,
// preview it, link an English translation, schedule both a minute ahead, and see both
// appear on the public site and in the feeds with hreflang links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { png } from './png.mjs';
import { CHROMIUM, CHROMIUM_FLAGS, demoSite, profileDir, qalam, serve } from './qalam_site.mjs';

const EMAIL = 'chief@example.org';
const PASSWORD = 'a long enough password';

let site, server, base, context, page;
const dialogs = [];  // the types of the dialogs pages opened (all accepted)

// "2026-11-28T18:30:05" in Asia/Baku (UTC+4 all year), the demo site's zone: what the
// editor's datetime-local field shows and takes.
const bakuField = (date) => new Date(date.getTime() + 4 * 3600 * 1000).toISOString().slice(0, 19);

before(async () => {
  // The scheduler looks every second so the test waits no longer than it must.
  site = demoSite((text) => text.replace(/^scheduler_interval_ms = .*$/m, 'scheduler_interval_ms = 1000')
    .replace(/^# url = .*$/m, 'url = "http://127.0.0.1:8080"'));  // links as a configured site has them
  writeFileSync(join(site, 'password'), PASSWORD + '\n');
  qalam('user', 'add', '--site', site, EMAIL, '--role', 'admin', '--name', 'Baş redaktor', '--password-file', join(site, 'password'));
  // --test-clock: the test moves the server's time on instead of waiting for schedules.
  ({ server, base } = await serve(site, ['--test-clock']));
  context = await chromium.launchPersistentContext(profileDir(), {
    executablePath: CHROMIUM, headless: true, locale: 'az-AZ', args: CHROMIUM_FLAGS,
  });
  page = context.pages()[0] || await context.newPage();
  page.on('dialog', (d) => { dialogs.push(d.type()); d.accept(); });
});

after(async () => {
  if (context) await context.close();
  if (server) server.kill('SIGTERM');
  if (site) rmSync(site, { recursive: true, force: true });
});

async function fetchText(path) {
  const r = await fetch(base + path);
  return { status: r.status, text: await r.text() };
}

test('an editor publishes an Azerbaijani article with an image and its English translation', { timeout: 300000 }, async () => {
  // Sign in; the newsroom sends a signed-out visitor to the form first.
  await page.goto(base + '/newsroom/');
  assert.match(page.url(), /\/newsroom\/sign-in/);
  await page.fill('#email', EMAIL);
  await page.fill('#password', PASSWORD);
  await page.click('form[action="/newsroom/sign-in"] button[type=submit]');
  await page.waitForURL(base + '/newsroom/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'az');

  // Upload the image.
  await page.goto(base + '/newsroom/media');
  await page.setInputFiles('#file', { name: 'shusha.png', mimeType: 'image/png', buffer: png(1200, 700) });
  await page.fill('#alt', 'Şuşa qalası yazda');
  await page.click('form[action="/newsroom/media"] button[type=submit]');
  const notice = await page.locator('.notice').innerText();
  const image = notice.match(/\/media\/[A-Za-z0-9_-]+\.png/)[0];

  // Write the Azerbaijani piece; the preview follows the typing.
  await page.goto(base + '/newsroom/pieces/new');
  await page.selectOption('#field-lang', 'az');
  await page.fill('#field-title', 'Şuşada bahar festivalı');
  await page.fill('#field-lead', 'Şuşa yenidən qonaqları qarşılayır.');
  await page.locator('#field-body').pressSequentially('**Bahar** gəldi və şəhər çiçəkləndi.', { delay: 5 });
  await page.locator('#live-preview strong', { hasText: 'Bahar' }).waitFor();
  await page.selectOption('#field-section', 'analysis');
  await page.fill('#field-image', image);
  await page.fill('#field-image_alt', 'Şuşa qalası yazda');
  await page.click('button[value=save]');
  await page.waitForURL(/\/newsroom\/pieces\/\d+\?done=save/);
  const azEditor = page.url().replace(/\?.*/, '');
  const azSlug = await page.inputValue('#field-slug');
  assert.equal(azSlug, 'susada-bahar-festivali');

  // Preview it as readers will see it, not yet public.
  await page.click('#preview-link');
  assert.equal(await page.locator('h1').first().innerText(), 'Şuşada bahar festivalı');
  assert.equal(await page.locator('meta[name=robots]').getAttribute('content'), 'noindex, nofollow');
  assert.equal((await fetchText('/az/articles/' + azSlug)).status, 404);
  await page.goto(azEditor);

  // Link an English translation.
  await page.click('a.add-translation[data-lang=en]');
  await page.waitForURL(/translation_of=\d+&lang=en/);
  // The Azerbaijani original stands beside the form while translating.
  assert.equal(await page.locator('#source .source-title').innerText(), 'Şuşada bahar festivalı');
  assert.ok(await page.locator('#source .source-body strong', { hasText: 'Bahar' }).isVisible());
  const form = await page.locator('#editor').boundingBox();
  const source = await page.locator('#source').boundingBox();
  assert.ok(source.x > form.x + form.width / 2, 'the source is beside the form, not under it');
  // On a phone the original comes first, above the form.
  await page.setViewportSize({ width: 390, height: 844 });
  const narrowForm = await page.locator('#editor').boundingBox();
  const narrowSource = await page.locator('#source').boundingBox();
  assert.ok(narrowSource.y < narrowForm.y, 'on a phone the original stands above the form');
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.fill('#field-title', 'Spring festival in Shusha');
  await page.fill('#field-lead', 'Shusha welcomes guests again.');
  await page.fill('#field-body', 'Spring has come and the town is in bloom.');
  await page.click('button[value=save]');
  await page.waitForURL(/\/newsroom\/pieces\/\d+\?done=save/);
  const enEditor = page.url().replace(/\?.*/, '');
  const enSlug = await page.inputValue('#field-slug');
  assert.ok(await page.locator('a[hreflang=az]', { hasText: 'Şuşada bahar festivalı' }).count() === 1);

  // Schedule both a minute ahead, in the site's time zone (named beside the field);
  // the field shows the time again as it was typed.
  // Whole seconds, never :00: Chromium shows "…T18:30:00" as "…T18:30", and
  // playwright's fill then calls the value it typed malformed.
  const at = new Date(Math.ceil((Date.now() + 60000) / 1000) * 1000);
  if (at.getUTCSeconds() === 0) at.setTime(at.getTime() + 1000);
  const when = bakuField(at);
  for (const editor of [enEditor, azEditor]) {
    await page.goto(editor);
    assert.match(await page.locator('#time-help').innerText(), /Asia\/Baku.*UTC\+04:00/);
    await page.fill('#field-published_at', when);
    await page.click('button[value=schedule]');
    await page.waitForURL(/\?done=schedule/);
    assert.equal(await page.locator('#piece-status').innerText(), 'planlaşdırılıb');
    assert.equal(await page.inputValue('#field-published_at'), when);
  }
  assert.equal((await fetchText('/en/articles/' + enSlug)).status, 404);

  // The server publishes them at their time: a minute and a bit later on its clock.
  assert.equal((await fetch(base + '/testing/clock?advance=70', { method: 'POST' })).status, 200);
  const deadline = Date.now() + 30000;
  while ((await fetchText('/az/articles/' + azSlug)).status !== 200 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
  }
  await page.goto(base + '/az/articles/' + azSlug);
  assert.equal(await page.locator('h1').first().innerText(), 'Şuşada bahar festivalı');
  // Published at the instant the Baku time named.
  assert.equal(await page.locator('p.meta time').first().getAttribute('datetime'), at.toISOString().replace('.000Z', 'Z'));
  assert.equal(await page.locator('link[rel=alternate][hreflang=en]').getAttribute('href'),
    'http://127.0.0.1:8080/en/articles/' + enSlug);
  const img = page.locator('figure.featured img');
  assert.equal(await img.getAttribute('alt'), 'Şuşa qalası yazda');
  assert.match(await img.getAttribute('srcset'), /-480\.webp 480w, .*-960\.webp 960w/);
  await page.goto(base + '/en/articles/' + enSlug);
  assert.equal(await page.locator('link[rel=alternate][hreflang=az]').getAttribute('href'),
    'http://127.0.0.1:8080/az/articles/' + azSlug);

  // And in the feeds, each linking its translation.
  const azRss = await fetchText('/az/feed.xml');
  assert.ok(azRss.text.includes('<title>Şuşada bahar festivalı</title>'));
  assert.ok(azRss.text.includes(`hreflang="en" href="http://127.0.0.1:8080/en/articles/${enSlug}"`));
  const enAtom = await fetchText('/en/atom.xml');
  assert.ok(enAtom.text.includes('<title>Spring festival in Shusha</title>'));
  assert.ok(enAtom.text.includes(`hreflang="az" href="http://127.0.0.1:8080/az/articles/${azSlug}"`));
});

test('the byline keeps the order the editor gives it, on the public page too', { timeout: 120000 }, async () => {
  await page.goto(base + '/newsroom/pieces/new');
  await page.selectOption('#field-lang', 'az');
  await page.fill('#field-title', 'Müəlliflərin sırası');
  await page.fill('#field-body', 'Mətn.');
  // Picked by typing into the search field: each joins the list at once.
  for (const slug of ['aysel-guliyev', 'vasif-huseynov', 'elvin-nasirov']) {
    await page.fill('#author-add', slug);
    await page.press('#author-add', 'Enter');
  }
  const chosen = () => page.locator('.byline-chosen li').evaluateAll((lis) => lis.map((li) => li.dataset.slug));
  assert.deepEqual(await chosen(), ['aysel-guliyev', 'vasif-huseynov', 'elvin-nasirov']);
  // Vasif first, Elvin off the byline.
  await page.click('.byline-chosen li[data-slug=vasif-huseynov] button >> nth=0');
  await page.uncheck('.byline-chosen li[data-slug=elvin-nasirov] input');
  assert.deepEqual(await chosen(), ['vasif-huseynov', 'aysel-guliyev', 'elvin-nasirov']);
  await page.click('button[value=publish]');
  await page.waitForURL(/\?done=publish/);
  assert.deepEqual(await chosen(), ['vasif-huseynov', 'aysel-guliyev']);  // as saved
  const slug = await page.inputValue('#field-slug');
  const html = (await fetchText('/az/articles/' + slug)).text;
  const line = html.match(/<p class="meta byline">(.*?)<\/p>/s)[1];
  const byline = [...line.matchAll(/href="\/az\/authors\/([a-z-]+)" rel="author"/g)].map((m) => m[1]);
  assert.deepEqual(byline, ['vasif-huseynov', 'aysel-guliyev']);
});

test('typed text survives a closed tab, and leaving with unsaved changes asks first', { timeout: 120000 }, async () => {
  const tab = await context.newPage();
  const asked = [];
  tab.on('dialog', (d) => { asked.push(d.type()); d.accept(); });
  await tab.goto(base + '/newsroom/pieces/new');
  await tab.fill('#field-title', 'Yarımçıq qalan yazı');
  await tab.locator('#field-body').pressSequentially('Bu mətn heç vaxt saxlanmadı.', { delay: 5 });
  // Kept by the server a moment after typing stops, and said so.
  await tab.locator('#autosave-status', { hasText: 'qorundu' }).waitFor({ timeout: 15000 });
  // Leaving asks first (the changes were kept, not saved).
  await tab.goto(base + '/newsroom/pieces');
  assert.deepEqual(asked, ['beforeunload']);
  await tab.close({ runBeforeUnload: false });

  // Another tab, later: the newsroom offers the text back.
  const again = await context.newPage();
  await again.goto(base + '/newsroom/pieces/new');
  await again.locator('#autosave-offer').waitFor();
  await again.click('#autosave-restore');
  assert.equal(await again.inputValue('#field-title'), 'Yarımçıq qalan yazı');
  assert.equal(await again.inputValue('#field-body'), 'Bu mətn heç vaxt saxlanmadı.');
  // Saved by the button: nothing is offered any more, and leaving asks nothing.
  await again.click('button[value=save]');
  await again.waitForURL(/\/newsroom\/pieces\/\d+\?done=save/);
  await again.goto(base + '/newsroom/pieces/new');
  assert.equal(await again.locator('#autosave-offer').count(), 0);
  await again.close();
});

test('the newsroom fits a 390 px phone: no page is wider than the screen', { timeout: 120000 }, async () => {
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  const paths = ['/newsroom/', '/newsroom/pieces', '/newsroom/pieces/new', '/newsroom/media', '/newsroom/content/authors',
    '/newsroom/users', '/newsroom/audit', '/newsroom/settings'];
  await phone.goto(base + '/newsroom/pieces');
  const first = await phone.locator('table.list a').first().getAttribute('href');
  paths.push(first, first + '/revisions');
  for (const lang of ['az', 'ru']) {
    await phone.goto(base + '/newsroom/language?to=' + lang + '&next=/newsroom/');
    for (const path of paths) {
      await phone.goto(base + path);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} in ${lang} is ${overflow} px wider than a 390 px screen`);
      // The bar of links and accounts takes at most a quarter of the screen.
      const bar = await phone.locator('header.bar').boundingBox();
      assert.ok(bar.height <= 844 / 4, `${path} in ${lang}: the bar is ${bar.height} px tall`);
    }
  }
  await phone.close();
});

test('an image dropped into the text is uploaded, described once and inserted; the featured image is picked', { timeout: 120000 }, async () => {
  await page.goto(base + '/newsroom/pieces/new');
  await page.selectOption('#field-lang', 'az');
  await page.fill('#field-title', 'Şəkilli yazı');
  // Drop a PNG on the text, as a file from the desktop would arrive.
  const bytes = [...png(400, 300)];
  const drop = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'qala.png', { type: 'image/png' }));
    return dt;
  }, bytes);
  await page.dispatchEvent('#field-body', 'drop', { dataTransfer: drop });
  // Described once, in a dialog: the alt text and caption go to the library and into the text.
  await page.locator('#describe-dialog').waitFor();
  await page.fill('#describe-alt', 'Qız qalası');
  await page.fill('#describe-caption', 'Bakı, 2026');
  await page.click('#describe-dialog button[type=submit]');
  await page.waitForFunction(() => /!\[Qız qalası\]\(\/media\/[A-Za-z0-9_-]+\.png "Bakı, 2026"\)/.test(document.querySelector('#field-body').value));
  const url = (await page.inputValue('#field-body')).match(/\/media\/[A-Za-z0-9_-]+\.png/)[0];
  // The featured image is picked from the library, with its alt text.
  await page.click('button.media-open[data-media-for=featured]');
  await page.fill('#media-dialog-q', 'Bakı');
  await page.locator(`#media-dialog button[data-url="${url}"]`).click();
  assert.equal(await page.inputValue('#field-image'), url);
  assert.equal(await page.inputValue('#field-image_alt'), 'Qız qalası');
  await page.click('button[value=publish]');
  await page.waitForURL(/\?done=publish/);
  const slug = await page.inputValue('#field-slug');
  const html = (await fetchText('/az/articles/' + slug)).text;
  assert.ok(html.includes(`alt="Qız qalası"`), 'the image and its alt text are on the public page');
});
