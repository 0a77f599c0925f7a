// Screenshots of the newsroom's screens for docs/newsroom.md, and for looking at the
// desk as editors do: a demo site, an editor account, a piece with two revisions and
// an autosave, the site's own feeds followed as monitoring sources, in Chromium at 1366
// and 390 px in az, en and ru.
// Usage: node scripts/newsroom-screenshots.mjs OUT_DIR [--docs]  (--docs: the set docs/ links)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { png } from '../tests/e2e/png.mjs';
import { CHROMIUM, CHROMIUM_FLAGS, demoSite, profileDir, qalam, serve } from '../tests/e2e/qalam_site.mjs';

const out = process.argv[2] || 'screenshots';
const docsOnly = process.argv.includes('--docs');
mkdirSync(out, { recursive: true });

const site = demoSite();
writeFileSync(join(site, 'pw'), 'a long enough password\n');
qalam('user', 'add', '--site', site, 'leyla@example.org', '--role', 'editor', '--name', 'Leyla Məmmədova',
  '--author', 'aysel-guliyev', '--password-file', join(site, 'pw'));
const { server, base } = await serve(site);
const context = await chromium.launchPersistentContext(profileDir(), {
  executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS,
});
const page = context.pages()[0] || await context.newPage();
page.on('dialog', (d) => d.accept());
try {
  await page.goto(base + '/newsroom/sign-in');
  await page.fill('#email', 'leyla@example.org');
  await page.fill('#password', 'a long enough password');
  await page.click('form[action="/newsroom/sign-in"] button[type=submit]');
  await page.waitForURL(base + '/newsroom/');
  // An image in the library, described.
  await page.goto(base + '/newsroom/media');
  await page.setInputFiles('#file', { name: 'qala.png', mimeType: 'image/png', buffer: png(1200, 700) });
  await page.fill('#alt', 'Qız qalası yazda');
  await page.click('form[action="/newsroom/media"] button[type=submit]');
  // A piece with a history.
  await page.goto(base + '/newsroom/pieces/new');
  await page.selectOption('#field-lang', 'az');
  await page.fill('#field-title', 'Şuşada bahar festivalı');
  await page.fill('#field-lead', 'Şuşa yenidən qonaqları qarşılayır.');
  await page.fill('#field-body', 'Bahar gəldi və şəhər çiçəkləndi.\n\nFestival üç gün davam edəcək.\n\nQonaqlar Bakıdan gəlir.');
  await page.click('button[value=save]');
  await page.waitForURL(/\/newsroom\/pieces\/\d+\?done=save/);
  const editor = page.url().replace(/\?.*/, '');
  await page.fill('#field-body', 'Bahar gəldi və bütün şəhər çiçəkləndi.\n\nFestival dörd gün davam edəcək.\n\nQonaqlar Bakıdan gəlir.');
  await page.fill('#author-add', 'vasif-huseynov');
  await page.press('#author-add', 'Enter');
  await page.click('button[value=save]');
  await page.waitForURL(/\?done=save/);
  // Press monitoring: the site's own feeds stand in for foreign outlets (as in make demo).
  for (const lang of ['en', 'ru']) {
    qalam('sources', 'add', '--site', site, `${base}/${lang}/feed.xml`, '--lang', lang, '--name', `Demo wire (${lang})`);
  }
  for (let i = 0; i < 50 && !qalam('sources', 'items', '--site', site, '--limit', '1').trim(); i++) {
    await page.waitForTimeout(200);
  }
  await page.goto(base + '/newsroom/inbox');
  const pressForm = await page.locator('.inbox-item a[data-key=press]').first().getAttribute('href');
  const screens = [
    ['dashboard', '/newsroom/'],
    ['inbox', '/newsroom/inbox'],
    ['press-item', pressForm],
    ['sources', '/newsroom/sources'],
    ['watch-lists', '/newsroom/topics'],
    ['pieces', '/newsroom/pieces'],
    ['editor', editor.replace(base, '')],
    ['revisions', editor.replace(base, '') + '/revisions'],
    ['translation', '/newsroom/pieces/new?translation_of=' + editor.match(/\d+$/)[0] + '&lang=en'],
    ['media', '/newsroom/media'],
    ['content', '/newsroom/content/authors'],
  ];
  const sets = docsOnly ? [['en', 1366], ['az', 390]] : [['az', 1366], ['en', 1366], ['ru', 1366], ['az', 390], ['en', 390], ['ru', 390]];
  for (const [lang, width] of sets) {
    await page.goto(base + '/newsroom/language?to=' + lang + '&next=/newsroom/');
    await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    for (const [name, path] of screens) {
      await page.goto(base + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) console.log(`${name} ${lang} ${width}px: ${overflow} px wider than the window`);
      await page.screenshot({ path: join(out, `newsroom-${name}-${lang}-${width}.png`), fullPage: !docsOnly });
    }
  }
} finally {
  await context.close();
  server.kill('SIGTERM');
  rmSync(site, { recursive: true, force: true });
}
