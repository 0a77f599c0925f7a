// The public site as readers see it, in a real browser (Debian's chromium driven by
// playwright-core) on a demo site served as `make demo` serves it (site.url unset):
//  - every page type in az, en and ru at 1366 and 390 px: a screenshot each, and the
//    test fails when a page is wider than its window or text spills out of its box;
//  - axe-core on home, article, author, search, Foreign press and the project page in
//    each language, light and dark: no violation of any impact;
//  - the site's own links follow the address it is served at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { publicPages, overflow } from './public_pages.mjs';
import { CHROMIUM, CHROMIUM_FLAGS, demoSite, profileDir, serve } from './qalam_site.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOTS = process.env.QALAM_SCREENSHOTS || join(tmpdir(), 'qalam_public_screenshots');

let site, server, base, context;

before(async () => {
  site = demoSite();  // site.url left unset, as `make demo` leaves it
  ({ server, base } = await serve(site));
  // bypassCSP: the public pages run no script (script-src 'none'); axe is the test's.
  context = await chromium.launchPersistentContext(profileDir(), {
    executablePath: CHROMIUM, headless: true, bypassCSP: true, args: CHROMIUM_FLAGS,
  });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await context?.close();
  server?.kill('SIGTERM');
  if (site) rmSync(site, { recursive: true, force: true });
});

test('no page type is wider than its window or spills text, in three languages at 1366 and 390 px', async () => {
  const page = await context.newPage();
  const problems = [];
  let shots = 0;
  for (const lang of ['az', 'en', 'ru']) {
    const pages = await publicPages(page, base, lang);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
      for (const [name, path] of pages) {
        const answer = await page.goto(base + path);
        assert.equal(answer.status(), 200, path);
        for (const p of await overflow(page)) problems.push(`${name} (${path}) ${lang} ${width}px: ${p}`);
        await page.screenshot({ path: join(SHOTS, `${name}-${lang}-${width}.png`), fullPage: true });
        ++shots;
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.equal(shots, 3 * 2 * 8);
  // The judge sees what it is there to see: a line too wide for a phone.
  await page.evaluate(() => document.querySelector('main h1').insertAdjacentHTML('beforeend',
    '<span style="white-space:nowrap;display:inline-block">' + 'Qarabağ'.repeat(40) + '</span>'));
  assert.ok((await overflow(page)).length > 0, 'a 2,000 px line is not reported');
  await page.close();
});

test('axe-core finds no violation on the main page types, light and dark, in three languages', async () => {
  const page = await context.newPage();
  const found = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const lang of ['az', 'en', 'ru']) {
      const pages = await publicPages(page, base, lang);
      for (const [name, path] of pages) {
        if (!['home', 'article', 'author', 'search', 'press', 'project'].includes(name)) continue;
        await page.goto(base + path);
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
        for (const v of result.violations) {
          found.push(`${name} ${lang} ${scheme}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
        }
      }
    }
  }
  assert.deepEqual(found, []);
  // And axe reports what it should: an image without a description.
  await page.evaluate(() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/assets/logo.svg">'));
  const broken = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  assert.ok(broken.violations.some((v) => v.id === 'image-alt'), 'axe missed an image without alt');
  await page.close();
});

test('with site.url unset, the site links to the address it is served at', async () => {
  const answer = await fetch(base + '/en/');
  const html = await answer.text();
  assert.ok(html.includes(`<link rel="canonical" href="${base}/en/">`), html.slice(0, 600));
  const robots = await (await fetch(base + '/robots.txt')).text();
  assert.ok(robots.includes(`Sitemap: ${base}/sitemap.xml`), robots);
});
