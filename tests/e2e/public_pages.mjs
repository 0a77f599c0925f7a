// The public site's page types, as the screenshot script and the public e2e test
// visit them: a demo site's home, an article, the seed's author, a section, a tag,
// Foreign press, the missions project and a search, in one language.
// `overflow(page)` names what is wider than the window or spills out of its box.

// Paths of each page type in `lang` ("az", "en", "ru"); the article is the first of
// the home page's latest list (always in the page's language).
export async function publicPages(page, base, lang) {
  await page.goto(`${base}/${lang}/`);
  const article = await page.getAttribute('.main-column .list .card-title a', 'href');
  return [
    ['home', `/${lang}/`],
    ['article', article],
    ['author', `/${lang}/authors/vasif-huseynov`],
    ['section', `/${lang}/sections/analysis`],
    ['tag', `/${lang}/tags/karabakh`],
    ['press', `/${lang}/sections/foreign-press`],
    ['project', `/${lang}/projects/diplomatic-missions-on-twitter`],
    ['search', `/${lang}/search?q=Qarabağ`],
  ];
}

// What overflows on the page now: the document wider than the window, and any
// element whose content is wider than its box while the box shows it (overflow
// visible) — text running out of a card, a table pushing the column.
export async function overflow(page) {
  return page.evaluate(() => {
    const problems = [];
    const extra = document.documentElement.scrollWidth - window.innerWidth;
    if (extra > 0) problems.push(`the page is ${extra} px wider than the window`);
    for (const el of document.querySelectorAll('body *')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.position === 'absolute' || style.position === 'fixed') continue;
      if (style.overflowX !== 'visible' || el.closest('.visually-hidden')) continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && style.display !== 'inline') {
        const what = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
        problems.push(`${what} is ${el.scrollWidth - el.clientWidth} px wider than its box`);
      }
      const rect = el.getBoundingClientRect();
      if (rect.width > 0 && rect.right > window.innerWidth + 1 && !el.closest('.sections-nav ul')) {
        problems.push(`${el.tagName.toLowerCase()} ends ${Math.round(rect.right - window.innerWidth)} px past the window`);
      }
    }
    return [...new Set(problems)].slice(0, 10);
  });
}
