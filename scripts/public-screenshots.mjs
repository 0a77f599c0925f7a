// Screenshots of the public site for docs/ and for looking at it as readers do: a demo
// site's page types (tests/e2e/public_pages.mjs) in Chromium at 1366 and 390 px in
// az, en and ru, each named by page, language and width; prints every page wider
// than its window or with text spilling out of its box.
// Usage: node scripts/public-screenshots.mjs OUT_DIR [--docs]
//   --docs: home, article, author and Foreign press only (the set the README links)
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { publicPages, overflow } from '../tests/e2e/public_pages.mjs';
import { CHROMIUM, CHROMIUM_FLAGS, demoSite, profileDir, serve } from '../tests/e2e/qalam_site.mjs';

const out = process.argv[2] || 'screenshots';
const docsOnly = process.argv.includes('--docs');
mkdirSync(out, { recursive: true });

const site = demoSite();
const { server, base } = await serve(site);
const context = await chromium.launchPersistentContext(profileDir(), {
  executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS,
});
const page = context.pages()[0] || await context.newPage();
let problems = 0;
try {
  for (const lang of ['az', 'en', 'ru']) {
    const pages = await publicPages(page, base, lang);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
      for (const [name, path] of pages) {
        if (docsOnly && !['home', 'article', 'author', 'press'].includes(name)) continue;
        await page.goto(base + path);
        for (const p of await overflow(page)) {
          console.log(`${name} ${lang} ${width}px: ${p}`);
          ++problems;
        }
        await page.screenshot({ path: join(out, `public-${name}-${lang}-${width}.png`), fullPage: !docsOnly });
      }
    }
  }
} finally {
  await context.close();
  server.kill('SIGTERM');
  rmSync(site, { recursive: true, force: true });
}
console.log(problems ? `${problems} overflow problem(s)` : 'no page overflows');
