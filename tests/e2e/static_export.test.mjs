// A static export of the demo (qalam export-static) served by plain nginx, in a real
// browser: the language choice at / takes a reader to their edition, the search page
// finds pieces from the export's index with the server's folding (Qarabağ from
// "qarabag", Шуша in Cyrillic), and the exported pages look as served (screenshots
// of home, article and search in az, en and ru at 1366 and 390 px).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { overflow } from './public_pages.mjs';
import { CHROMIUM, CHROMIUM_FLAGS, demoSite, freePort, profileDir, qalam, serveStaticExport } from './qalam_site.mjs';

const SHOTS = process.env.QALAM_SCREENSHOTS || join(tmpdir(), 'qalam_static_screenshots');
let site, outDir, nginx, browser;

before(async () => {
  site = demoSite();
  outDir = mkdtempSync(join(tmpdir(), 'qalam_static_'));
  const port = await freePort();
  const out = join(outDir, 'www');
  qalam('export-static', '--site', site, '--out', out, '--base-url', `http://127.0.0.1:${port}`);
  nginx = await serveStaticExport(out, port);
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  nginx?.stop();
  for (const dir of [site, outDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

async function page(locale) {
  browser = browser || await chromium.launchPersistentContext(profileDir(), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS,
  });
  const p = await browser.newPage();
  if (locale) await p.setExtraHTTPHeaders({ 'Accept-Language': locale });
  return p;
}

test('the page at / takes the reader to the edition of their browser language', async () => {
  const p = await page();
  await p.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['ru-RU', 'ru'] }));
  await p.goto(nginx.base + '/');
  await p.waitForURL(nginx.base + '/ru/');
  assert.equal(await p.getAttribute('html', 'lang'), 'ru');
  const q = await page();
  await q.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['de-DE'] }));
  await q.goto(nginx.base + '/');
  await q.waitForURL(nginx.base + '/az/');  // the site's default language
});

test('static search finds pieces from the index, folded as the server folds, in every edition', async () => {
  const p = await page();
  for (const [lang, query, expect] of [['az', 'qarabag', /Qarabağ/i], ['en', 'karab', /Karabakh/], ['ru', 'шуша', /Шуш/]]) {
    await p.goto(`${nginx.base}/${lang}/search?q=${encodeURIComponent(query)}`);
    await p.waitForSelector('#static-search .search-count');
    const count = await p.textContent('#static-search .search-count');
    const n = Number(count.match(/\d+/)[0]);
    assert.ok(n > 0, `${lang}: ${count}`);
    const titles = await p.$$eval('#static-search .card-title a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.ok(titles.length > 0 && titles.length <= 50, lang);
    assert.ok(titles.every(([, href]) => href.startsWith(`/${lang}/articles/`)), lang);
    assert.ok(titles.some(([t]) => expect.test(t)), `${lang}: ${titles.slice(0, 3)}`);
    assert.equal(await p.inputValue('#q'), query);
    // The links lead to exported pages.
    const answer = await p.goto(nginx.base + titles[0][1]);
    assert.equal(answer.status(), 200);
  }
  await p.goto(`${nginx.base}/en/search?q=zzqqxx`);
  await p.waitForSelector('#static-search .search-count');
  assert.match(await p.textContent('#static-search'), /Nothing found/);
});

test('exported pages fit their window in three languages at 1366 and 390 px', async () => {
  const p = await page();
  const problems = [];
  for (const lang of ['az', 'en', 'ru']) {
    await p.goto(`${nginx.base}/${lang}/`);
    const article = await p.getAttribute('main a[href*="/articles/"]', 'href');
    for (const width of [1366, 390]) {
      await p.setViewportSize({ width, height: width > 500 ? 900 : 844 });
      for (const [name, path] of [['home', `/${lang}/`], ['article', article], ['search', `/${lang}/search?q=${{ az: 'qarabag', en: 'karabakh', ru: 'шуша' }[lang]}`]]) {
        const answer = await p.goto(nginx.base + path);
        assert.equal(answer.status(), 200, path);
        if (name === 'search') await p.waitForSelector('#static-search .search-count');
        for (const o of await overflow(p)) problems.push(`${name} ${lang} ${width}px: ${o}`);
        await p.screenshot({ path: join(SHOTS, `static-${name}-${lang}-${width}.png`), fullPage: false });
      }
    }
  }
  assert.deepEqual(problems, []);
});
