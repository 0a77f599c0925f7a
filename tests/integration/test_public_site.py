"""The public site of the demo over HTTP: the seed's pages exactly, every page type in
three languages through html-validate, every feed through a real feed reader
(feedparser), sitemaps, redirects, pagination edges and imports."""
import html
import json
import os
import re
import time
import unittest
import xml.etree.ElementTree as ET

from harness import EditorTokenTestCase, QalamTestCase, call, html_problems, run_qalam, upload_image

SHARED = os.environ.get("QALAM_SHARED_DIR", os.path.join(os.path.dirname(__file__), "../../../shared"))
SEED = os.path.join(SHARED, "seed", "000_dab44a516021d288.txt")
LANGS = ("az", "en", "ru")
PROJECT = "/{}/projects/diplomatic-missions-on-twitter"
W_SLUG = "another-war-on-the-horizon-in-the-armenia-azerbaijan-conflict"
K_SLUG = "khojaly-genocide-why-there-is-no-alternative-to-peace-and-reconciliation-between"
P_SLUG = "the-populist-driven-foreign-policy-of-armenia-is-a-call-for-regional-war"


def seed_pieces():
    """(title, time, lead) of the seed's author archive, in its order."""
    with open(SEED, encoding="utf-8") as f:
        text = f.read()
    block = text.split("Author: Vasif Huseynov\n\n", 1)[1].split("Azərbaycanın xarici")[0].strip()
    parts = block.split("\n\n")
    return [(parts[i], parts[i + 1], parts[i + 2]) for i in range(0, len(parts), 3)]


def text_of(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def archive_items(body):
    """The author page's list: a dict per <li> of <ol class="archive"> (lang, href,
    hreflang, title, time, label, lead, image)."""
    listing = body.split('<ol class="archive">', 1)[1].split("</ol>", 1)[0]
    items = []
    for li in re.findall(r"<li\b(.*?)>(.*?)</li>", listing, re.S):
        attrs, inner = li
        link = re.search(r'<h3 class="card-title"><a href="([^"]+)"(?: hreflang="([a-z]+)")?>(.*?)</a></h3>', inner, re.S)
        label = re.search(r'<span class="lang-label">(.*?)</span>', inner)
        lead = re.search(r'<p class="card-lead">(.*?)</p>', inner, re.S)
        image = re.search(r'<img class="thumb" src="([^"]+)"', inner)
        lang = re.search(r'lang="([a-z]+)"', attrs)
        items.append({"lang": lang.group(1) if lang else None, "href": link.group(1), "hreflang": link.group(2),
                      "title": text_of(link.group(3)), "time": re.search(r"<time [^>]*>(.*?)</time>", inner).group(1),
                      "label": label.group(1) if label else None, "lead": text_of(lead.group(1)) if lead else "",
                      "image": image.group(1) if image else None})
    return items


class PublicSite(QalamTestCase):
    config = {"analytics.flush_interval_ms": "200", "server.trusted_proxies": '"127.0.0.1, ::1"'}

    def page(self, path, status=200, **headers):
        got, hdrs, body = self.server.get(path, headers=headers)
        self.assertEqual(got, status, f"{path}: {body[:300]!r}")
        return body.decode("utf-8"), hdrs

    # --- the seed's page -------------------------------------------------------------

    def test_author_archive_is_the_seed_page(self):
        self.assertTrue(os.path.exists(SEED), f"seed capture not found at {SEED}; set QALAM_SHARED_DIR")
        body, _ = self.page("/en/authors/vasif-huseynov")
        self.assertIn("<h1>Vasif Huseynov</h1>", body)
        items = archive_items(body)
        self.assertEqual([(i["title"], i["time"], i["lead"]) for i in items], seed_pieces())
        for item in items:
            self.assertTrue(item["href"].startswith("/en/articles/"), item)
            self.assertIsNone(item["label"])
            # Each piece shows its featured image's narrowest variant.
            self.assertRegex(item["image"] or "", r"^/media/m[\w-]+-480\.webp$")

    def test_every_edition_of_the_author_archive_lists_the_seed_pieces(self):
        # The seed page itself is the Azerbaijani edition listing English pieces.
        for lang, heading in (("az", "Vasif Hüseynov"), ("ru", "Васиф Гусейнов")):
            body, _ = self.page(f"/{lang}/authors/vasif-huseynov")
            self.assertIn(f"<h1>{heading}</h1>", body)
            items = archive_items(body)
            self.assertEqual([(i["title"], i["time"], i["lead"]) for i in items], seed_pieces(), lang)
            for item in items:
                self.assertTrue(item["href"].startswith("/en/articles/"), item)  # each piece at its own URL
                self.assertEqual((item["lang"], item["hreflang"], item["label"]), ("en", "en", "English"))
        en, _ = self.page("/en/authors/vasif-huseynov")
        self.assertNotIn("lang-label", en.split("<main", 1)[1])  # the page's own language is not labelled

    def test_archives_carry_the_project_teaser_and_foreign_press_beside_them(self):
        expected = {"az": ("Yeni layihə", "Xarici mətbuat", "23 fevral 2021", "17 noyabr 2020"),
                    "en": ("New project", "Foreign press", "23 February 2021", "17 November 2020"),
                    "ru": ("Новый проект", "Зарубежная пресса", "23 февраля 2021", "17 ноября 2020")}
        for lang, (badge, press, first, second) in expected.items():
            for path in (f"/{lang}/authors/vasif-huseynov", f"/{lang}/sections/analysis", f"/{lang}/tags/karabakh"):
                body, _ = self.page(path)
                beside = body.split('<aside class="side-column">', 1)
                self.assertEqual(len(beside), 2, path)
                aside = beside[1].split("</aside>", 1)[0]
                self.assertIn(badge, aside, path)
                self.assertIn(f'<a href="/{lang}/sections/foreign-press">{press}</a>', aside, path)
                self.assertIn(first, aside, path)
                self.assertIn(second, aside, path)
                self.assertIn(f'href="/{lang}/projects/', aside, path)

    def test_foreign_press_dates_in_three_languages(self):
        expected = {"en": ("23 February 2021", "17 November 2020"),
                    "az": ("23 fevral 2021", "17 noyabr 2020"),
                    "ru": ("23 февраля 2021", "17 ноября 2020")}
        for lang, (first, second) in expected.items():
            body, _ = self.page(f"/{lang}/sections/foreign-press")
            titles = re.findall(r'<h2 class="card-title"><a [^>]*>(.*?)</a></h2>', body)
            self.assertEqual(titles[:2], ["What peace could mean for the South Caucasus",
                                          "German portal highlights burning of houses by Armenians before Kalbajar handover"])
            dates = re.findall(r"<time datetime=\"[^\"]+\">(.*?)</time>", body)
            self.assertEqual(dates[:2], [first, second], lang)
            self.assertIn("The portal says the Armenians must pull out from the district", body)

    def test_missions_project_lists_the_directory_sorted_and_filtered(self):
        body, _ = self.page(PROJECT.format("az"))
        self.assertIn("Azərbaycanın xarici ölkələrdəki diplomatik nümayəndəlikləri twitterdə", body)
        self.assertIn("Yeni layihə", body)
        groups = re.findall(r'<h3 id="country-([A-Z]+)">(.*?)</h3>', body)
        names = [n for _, n in groups]
        self.assertEqual(len(groups), 17)  # 15 countries, then the UN and the OSCE
        # Azerbaijani alphabetical order (… C Ç D E Ə F … X I İ J K Q L M …), which code
        # point order would get wrong: Ç after F, Q after M.
        self.assertLess(names.index("Çin"), names.index("Fransa"))
        self.assertLess(names.index("İran"), names.index("Qazaxıstan"))
        self.assertLess(names.index("Qazaxıstan"), names.index("Misir"))
        self.assertLess(names.index("Avstriya"), names.index("Birləşmiş Krallıq"))
        self.assertIn('href="https://x.com/AzDemoBerlin"', body)
        # Accounts read with the network's proper name, not its key.
        self.assertIn('<a href="https://x.com/AzDemoBerlin">X · @AzDemoBerlin</a>', body)
        self.assertNotIn(">x @AzDemo", body)
        # Missions to international organisations come first, named in the page's language,
        # each with its seat's city and host country.
        self.assertIn('<h3 id="country-UN">Birləşmiş Millətlər Təşkilatı</h3>', body)
        self.assertLess(body.index('id="country-UN"'), body.index('id="country-DE"'))
        self.assertIn("Cenevrə (İsveçrə)", body)
        un, _ = self.page(PROJECT.format("en") + "?country=UN")
        self.assertEqual(re.findall(r'<h3 id="country-([A-Z]+)">', un), ["UN"])
        self.assertIn("Geneva (Switzerland)", un)
        self.assertIn("New York (United States)", un)
        self.assertIn('<option value="UN" selected>', un)
        osce, _ = self.page(PROJECT.format("ru") + "?country=OSCE")
        self.assertIn("Организация по безопасности и сотрудничеству в Европе", osce)
        filtered, _ = self.page(PROJECT.format("en") + "?country=TR")
        self.assertEqual(re.findall(r'<h3 id="country-([A-Z]{2})">', filtered), ["TR"])
        self.assertIn("Istanbul", filtered)
        self.assertIn("Consulate", filtered)
        self.assertNotIn("Berlin", filtered)
        self.assertIn('<option value="TR" selected>', filtered)
        bad, _ = self.page(PROJECT.format("en") + "?country=ZZ", status=400)
        self.assertIn("ZZ", bad)
        self.assertIn("<h1>Bad request</h1>", bad)
        bad_az, _ = self.page(PROJECT.format("az") + "?country=ZZ", status=400)
        self.assertIn("<h1>Sorğu yanlışdır</h1>", bad_az)
        self.assertIn("kimi ölkə kodu", bad_az)
        bad_ru, _ = self.page("/ru/search?q=x&section=nope", status=400)
        self.assertIn("<h1>Неверный запрос</h1>", bad_ru)
        ru, _ = self.page(PROJECT.format("ru"))
        self.assertIn("Германия", ru)
        # Cities in the page's language ("Посольство, Вена", not "Посольство, Vienna").
        self.assertIn("<strong>Посольство</strong>, Вена", ru)
        self.assertNotIn(", Vienna", ru)
        az_cities, _ = self.page(PROJECT.format("az"))
        self.assertIn("<strong>Səfirlik</strong>, Vyana", az_cities)
        self.assertIn("Новый проект", ru)

    def test_home_has_latest_featured_sections_press_and_projects(self):
        for lang, latest, press, projects in (("en", "Latest", "Foreign press", "Special projects"),
                                              ("az", "Son yazılar", "Xarici mətbuat", "Xüsusi layihələr"),
                                              ("ru", "Последние материалы", "Зарубежная пресса", "Спецпроекты")):
            body, _ = self.page(f"/{lang}/")
            for heading in (latest, press, projects):
                self.assertIn(f">{heading}</", body)
            self.assertIn("What peace could mean for the South Caucasus", body)
            self.assertIn('id="section-politics"', body)
            # The lead story is the seed's newest piece, the editors' pick, with its image,
            # in every edition (marked English outside the English one); the second pick
            # stands first beside it.
            top = body.split('<section class="top"', 1)[1].split("</section>", 1)[0]
            lead = re.search(r'<article class="lead-story has-image">.*?<img src="(/media/[^"]+)".*?'
                             r'<h2 class="lead-title"[^>]*><a href="([^"]+)"', top, re.S)
            self.assertIsNotNone(lead, lang)
            self.assertEqual(lead.group(2), "/en/articles/iskander-m-mystery-looms-over-russia-azerbaijan-relations")
            self.assertEqual(lang != "en", '<span class="lang-label" lang="en">English</span>' in top.split("</article>")[0])
            beside = re.findall(r'<h3 class="card-title"[^>]*><a href="([^"]+)"', top)
            self.assertEqual(len(beside), 3, lang)
            self.assertEqual(beside[0], "/en/articles/" + K_SLUG)
            # Pieces of the page's language beside it are not labelled (the lead's label
            # does not leak into them).
            self.assertEqual(top.count("lang-label"), 0 if lang == "en" else 2, lang)
            # Blocks keep their order: the top, the latest, the sections; beside them the
            # project, Foreign press, then the most read.
            order = [body.index(marker) for marker in ('class="top"', 'id="latest-heading"', 'id="section-politics"',
                                                       'id="projects-heading"', 'id="press-heading"')]
            self.assertEqual(order, sorted(order), lang)

    def test_most_read_counts_readers_not_bots(self):
        reader = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"}
        bot = {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}
        reads = [("tovuz", W_SLUG, 3, reader), ("khojaly", K_SLUG, 2, reader), ("populist", P_SLUG, 6, bot)]
        for _, slug, times, agent in reads:
            for i in range(times):  # each from another reader (through the trusted proxy)
                status, headers, body = self.server.get("/en/articles/" + slug,
                                                        headers={**agent, "X-Forwarded-For": f"198.51.100.{i + 1}"})
                self.assertEqual(status, 200)
                self.assertNotIn("set-cookie", headers)
        for _ in range(12):  # one reader reloading counts once an hour: "Most read" cannot be bought
            self.server.get("/en/articles/" + K_SLUG, headers={**reader, "X-Forwarded-For": "198.51.100.1"})
        deadline = time.time() + 5
        while time.time() < deadline:
            body, _ = self.page("/en/")
            block = re.search(r'<section class="block most-read".*?</section>', body, re.S)
            if block and K_SLUG in block.group(0):
                break
            time.sleep(0.1)
        self.assertIsNotNone(block, "no most-read block on the home page")
        order = re.findall(r'href="/en/articles/([^"]+)"', block.group(0))
        self.assertEqual(order, [W_SLUG, K_SLUG])  # the bot's six reads do not count
        section, _ = self.page("/en/sections/analysis")
        self.assertIn("Most read", section)
        self.assertNotIn("Most read", self.page("/ru/sections/analysis")[0])

    # --- every page type, three languages, valid HTML ------------------------------------

    def page_types(self, lang):
        return [f"/{lang}/", f"/{lang}/articles/iskander-m-mystery-looms-over-russia-azerbaijan-relations"
                if lang == "en" else self.first_article(lang),
                f"/{lang}/authors/vasif-huseynov", f"/{lang}/sections/analysis", f"/{lang}/sections/politics/page/2",
                f"/{lang}/sections/foreign-press", f"/{lang}/sections/special-projects", f"/{lang}/tags/karabakh",
                PROJECT.format(lang), f"/{lang}/search", f"/{lang}/search?q=karabakh&sort=newest",
                f"/{lang}/no-such-page"]

    def first_article(self, lang):
        body, _ = self.page(f"/{lang}/sections/politics")
        return re.search(r'href="(/%s/articles/[^"]+)"' % lang, body).group(1)

    def test_every_page_type_in_every_language_is_valid_html(self):
        pages = {}
        for lang in LANGS:
            for path in self.page_types(lang):
                status, headers, body = self.server.get(path)
                self.assertEqual(status, 404 if "no-such-page" in path else 200, path)
                self.assertIn(f'<html lang="{lang}">', body.decode(), path)
                pages[path] = body
        problems = html_problems(pages)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_language_switcher_leads_to_the_translation(self):
        body, _ = self.page("/az/authors/vasif-huseynov")
        self.assertRegex(body, r'<a href="/en/authors/vasif-huseynov" hreflang="en" lang="en" title="English">'
                               r'<span class="visually-hidden">English</span>')
        article = self.first_article("en")
        page, _ = self.page(article)
        translations = re.findall(r'<link rel="alternate" hreflang="([a-z]{2})" href="[^"]+/(\w\w)/articles/', page)
        self.assertIn(("en", "en"), translations)
        for code, lang in translations:
            self.assertEqual(code, lang)

    # --- SEO ---------------------------------------------------------------------------

    def jsonld(self, body):
        return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)]

    def test_article_has_canonical_open_graph_and_news_article(self):
        body, headers = self.page("/en/articles/azerbaijan-to-re-build-the-liberated-karabakh")
        self.assertIn('<link rel="canonical" href="http://127.0.0.1:8080/en/articles/azerbaijan-to-re-build-the-liberated-karabakh">', body)
        self.assertIn('<meta property="og:type" content="article">', body)
        # The demo's pieces carry an illustration: the large card, og:image, NewsArticle.image.
        self.assertIn('<meta name="twitter:card" content="summary_large_image">', body)
        image = re.search(r'<meta property="og:image" content="(http://127\.0\.0\.1:8080/media/m[\w-]+\.jpg)">', body)
        self.assertIsNotNone(image)
        docs = {d["@type"]: d for d in self.jsonld(body)}
        self.assertEqual(docs["NewsArticle"]["image"], [image.group(1)])
        self.assertEqual(docs["NewsArticle"]["publisher"]["logo"],
                         {"@type": "ImageObject", "url": "http://127.0.0.1:8080/assets/logo.svg"})
        # The featured image as a figure with its variants and credit; an author box;
        # share links that are plain links (no network's script); the reading time.
        figure = re.search(r'<figure class="featured">(.*?)</figure>', body, re.S).group(1)
        self.assertRegex(figure, r'srcset="/media/m[\w-]+-480\.webp 480w, [^"]+ 960w, [^"]+ 1200w"')
        self.assertIn('width="1200" height="675"', figure)
        self.assertIn('<span class="credit">Demo illustration</span>', figure)
        self.assertIn('<p class="author-box-bio">Analyst of the politics of the South Caucasus', body)
        self.assertIn('href="https://t.me/share/url?url=http%3A%2F%2F127.0.0.1%3A8080%2Fen%2Farticles%2F'
                      'azerbaijan-to-re-build-the-liberated-karabakh&amp;text=Azerbaijan%20to%20re-build', body)
        self.assertNotIn("<script src", body)
        self.assertIn("· 1 min read</p>", body)
        news = docs["NewsArticle"]
        self.assertEqual(news["headline"], "Azerbaijan to re-build the liberated Karabakh")
        self.assertEqual(news["datePublished"], "2020-12-17T16:43:35Z")
        self.assertEqual(news["author"], [{"@type": "Person", "name": "Vasif Huseynov",
                                           "url": "http://127.0.0.1:8080/en/authors/vasif-huseynov"}])
        self.assertEqual(news["publisher"]["name"], "Qalam Analytics")
        self.assertEqual([i["name"] for i in docs["BreadcrumbList"]["itemListElement"]],
                         ["Home", "Analysis", "Azerbaijan to re-build the liberated Karabakh"])
        self.assertIn("17 December 2020", body)
        self.assertEqual(headers["content-language"], "en")
        self.assertIn('<meta property="article:published_time" content="2020-12-17T16:43:35Z">', body)

    def test_home_describes_the_site_and_feeds_say_whose_they_are(self):
        home, _ = self.page("/en/")
        self.assertIn('<meta name="description" content="Analysis of the South Caucasus in Azerbaijani, English and Russian">', home)
        self.assertIn('<link rel="alternate" type="application/rss+xml" title="Qalam Analytics (RSS)"', home)
        section, _ = self.page("/en/sections/analysis")
        self.assertIn('title="Analysis · Qalam Analytics (Atom)"', section)

    def test_profile_page_and_website_search_action(self):
        author, _ = self.page("/ru/authors/vasif-huseynov")
        profile = [d for d in self.jsonld(author) if d["@type"] == "ProfilePage"][0]
        self.assertEqual(profile["mainEntity"]["name"], "Васиф Гусейнов")
        home, _ = self.page("/az/")
        site = [d for d in self.jsonld(home) if d["@type"] == "WebSite"][0]
        self.assertEqual(site["potentialAction"]["@type"], "SearchAction")
        self.assertIn("{search_term_string}", site["potentialAction"]["target"]["urlTemplate"])
        self.assertIn('hreflang="x-default"', home)

    def test_sitemaps_and_robots(self):
        robots, _ = self.page("/robots.txt")
        self.assertIn("Sitemap: http://127.0.0.1:8080/sitemap.xml", robots)
        for lang in LANGS:  # search results are not content
            self.assertIn(f"Disallow: /{lang}/search\n", robots)
            results, _ = self.page(f"/{lang}/search?q=Karabakh")
            self.assertIn('<meta name="robots" content="noindex, nofollow">', results)
        self.assertNotIn('name="robots"', self.page("/en/")[0])
        index, headers = self.page("/sitemap.xml")
        self.assertEqual(headers["content-type"], "application/xml; charset=utf-8")
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
        locs = [e.text for e in ET.fromstring(index).findall("s:sitemap/s:loc", ns)]
        self.assertIn("http://127.0.0.1:8080/sitemaps/articles-1.xml", locs)
        self.assertIn("http://127.0.0.1:8080/sitemaps/news.xml", locs)
        articles, _ = self.page("/sitemaps/articles-1.xml")
        urls = ET.fromstring(articles).findall("s:url", ns)
        self.assertEqual(len(urls), 2007)
        with_alternates = [u for u in urls if u.findall("x:link", ns)]
        self.assertGreater(len(with_alternates), 100)
        pages, _ = self.page("/sitemaps/pages.xml")
        self.assertIn("http://127.0.0.1:8080/az/authors/vasif-huseynov", pages)
        ET.fromstring(self.page("/sitemaps/news.xml")[0])
        self.page("/sitemaps/articles-2.xml", status=404)
        self.page("/sitemaps/articles-x.xml", status=404)

    # --- feeds through a real reader -------------------------------------------------------

    def test_every_feed_parses_with_the_expected_entries(self):
        import feedparser
        seed_titles = [t for t, _, _ in seed_pieces()]
        scopes = {"/{}/": None, "/{}/sections/politics/": None, "/{}/authors/vasif-huseynov/": None,
                  "/{}/tags/karabakh/": None, "/{}/sections/foreign-press/": None}
        for lang in LANGS:
            for scope in scopes:
                base = scope.format(lang)
                for name in ("feed.xml", "atom.xml", "feed.json"):
                    status, headers, body = self.server.get(base + name)
                    self.assertEqual(status, 200, base + name)
                    if name == "feed.json":
                        doc = json.loads(body)
                        self.assertEqual(doc["version"], "https://jsonfeed.org/version/1.1")
                        titles = [i["title"] for i in doc["items"]]
                    else:
                        parsed = feedparser.parse(body)
                        self.assertEqual(parsed.bozo, 0, f"{base}{name}: {parsed.get('bozo_exception')}")
                        titles = [e.title for e in parsed.entries]
                        self.assertEqual(parsed.feed.get("language", lang)[:2], lang)
                    if "vasif-huseynov" in base:
                        # Every edition's archive feed holds every language's pieces.
                        self.assertEqual(titles, seed_titles, base + name)
                        if lang != "en" and name == "feed.json":
                            self.assertEqual({i.get("language") for i in doc["items"]}, {"en"})
                        if lang != "en" and name == "atom.xml":
                            self.assertIn(b'<entry xml:lang="en">', body)
                    elif "foreign-press" in base:
                        self.assertEqual(titles[0], "What peace could mean for the South Caucasus")
                    else:
                        self.assertEqual(len(titles), 20, base + name)
        self.server.get("/en/tags/no-such-tag/feed.xml")
        self.assertEqual(self.server.get("/en/tags/no-such-tag/feed.xml")[0], 404)

    def test_pages_announce_their_feeds(self):
        body, _ = self.page("/en/tags/karabakh")
        self.assertIn('<link rel="alternate" type="application/rss+xml" title="Karabakh · Qalam Analytics (RSS)" href="http://127.0.0.1:8080/en/tags/karabakh/feed.xml">', body)
        self.assertIn('type="application/atom+xml"', body)
        self.assertIn('type="application/feed+json"', body)

    # --- addresses, languages, pagination ------------------------------------------------

    def test_root_redirects_by_accept_language(self):
        for header, target in [("ru-RU,ru;q=0.9", "/ru/"), ("en-GB,en;q=0.8", "/en/"), ("de", "/az/"), ("", "/az/")]:
            status, headers, _ = self.server.get("/", headers={"Accept-Language": header} if header else None)
            self.assertEqual((status, headers["location"]), (302, target), header)
            self.assertEqual(headers["vary"], "Accept-Language")
        status, headers, _ = self.server.get("/en")
        self.assertEqual((status, headers["location"]), (301, "/en/"))

    def test_pagination_edges(self):
        first, _ = self.page("/en/sections/politics")
        self.assertIn('rel="next" href="/en/sections/politics/page/2"', first)
        self.assertNotIn('rel="prev"', first)
        second, _ = self.page("/en/sections/politics/page/2")
        self.assertIn('rel="prev" href="/en/sections/politics"', second)
        self.assertIn('<link rel="canonical" href="http://127.0.0.1:8080/en/sections/politics/page/2">', second)
        self.assertIn('rel="next" href="/en/sections/politics/page/3"', second)
        # Pages are numbered in the path (a static copy has the same addresses); the
        # query form of earlier links answers 301 to it.
        for query, target in [("2", "/en/sections/politics/page/2"), ("%31", "/en/sections/politics"),
                              ("1", "/en/sections/politics")]:
            status, headers, _ = self.server.get("/en/sections/politics?page=" + query)
            self.assertEqual((status, headers["location"]), (301, target), query)
        for bad in ["0", "-1", "abc", "1.5", "", "1e3", "%zz"]:
            status, _, body = self.server.get("/en/sections/politics?page=" + bad)
            self.assertEqual(status, 404, bad)
            self.assertIn(b"Page not found", body)
        for bad in ["0", "1", "-1", "abc", "1.5", "99999", "%32", "1e3"]:
            status, _, body = self.server.get("/en/sections/politics/page/" + bad)
            self.assertEqual(status, 404, bad)
            self.assertIn(b"Page not found", body)
        self.page("/en/authors/vasif-huseynov/page/2", status=404)
        self.page("/en/sections/special-projects/page/2", status=404)
        self.page("/en/tags/no-such-tag/page/2", status=404)

    def test_unknown_things_get_localized_404(self):
        for path, words in [("/az/articles/yoxdur", "Səhifə tapılmadı"), ("/ru/authors/nobody", "Страница не найдена"),
                            ("/en/tags/nothing", "Page not found"), ("/de/", "Səhifə tapılmadı"),
                            ("/en/projects/none", "Page not found"), ("/en/sections/none/feed.xml", "Page not found")]:
            body, headers = self.page(path, status=404)
            self.assertIn(words, body, path)
            self.assertEqual(headers["cache-control"], "no-store")


class Search(QalamTestCase):
    def results(self, path):
        status, _, body = self.server.get(path)
        self.assertEqual(status, 200, path)
        text = body.decode()
        return re.findall(r'<h2 class="card-title"><a href="([^"]+)"', text), text

    def test_results_show_a_pieces_featured_image(self):
        hits, text = self.results("/en/search?q=Iskander")
        self.assertIn("/en/articles/iskander-m-mystery-looms-over-russia-azerbaijan-relations", hits)
        card = text.split('<article class="card search-hit has-image">', 1)
        self.assertEqual(len(card), 2, "the seed piece's result shows no image")
        self.assertRegex(card[1].split("</article>", 1)[0], r'<img class="thumb" src="/media/m[\w-]+-480\.webp"')
        # A press item has no image of its own.
        _, press = self.results("/en/search?q=Kalbajar+handover")
        self.assertIn('<article class="card search-hit">', press)

    def test_the_same_town_in_three_spellings(self):
        from urllib.parse import quote
        found = {}
        for word in ("Shusha", "Şuşa", "Шуша"):
            hits, _ = self.results(f"/en/search?all=1&sort=newest&q={quote(word)}")
            found[word] = hits
        self.assertGreater(len(found["Shusha"]), 5)
        self.assertEqual(found["Shusha"], found["Şuşa"])
        self.assertEqual(found["Shusha"], found["Шуша"])

    def test_azerbaycanin_finds_azerbaycanin(self):
        from urllib.parse import quote
        pages = [self.results(f"/az/search?q={quote(w)}")[0] for w in ("azerbaycan", "AZƏRBAYCAN", "Azərbaycan")]
        self.assertGreater(len(pages[0]), 0)
        self.assertEqual(pages[0], pages[1])
        self.assertEqual(pages[0], pages[2])

    def test_highlighted_snippets_of_the_original_text(self):
        hits, text = self.results("/en/search?q=iskander")
        self.assertEqual(hits, ["/en/articles/iskander-m-mystery-looms-over-russia-azerbaijan-relations"])
        self.assertIn("<mark>Iskander</mark>-M Mystery", text)
        self.assertIn("Results: 1", text)

    def test_filters_order_and_pagination(self):
        # The seed's pieces (all in the analysis section) naming Karabakh in title or lead.
        def naming(*words, year=None):
            return [t for t, when, lead in seed_pieces()
                    if all(w in (t + " " + lead).lower() for w in words) and (year is None or when.startswith(year))]
        hits, text = self.results("/en/search?q=karabakh&section=analysis")
        self.assertTrue(all(h.startswith("/en/articles/") for h in hits))
        self.assertEqual(len(hits), len(naming("karabakh")))
        newest, text = self.results("/en/search?q=karabakh&sort=newest")
        self.assertIn('rel="next" href="/en/search?q=karabakh&amp;sort=newest&amp;page=2"', text)
        second, _ = self.results("/en/search?q=karabakh&sort=newest&page=2")
        self.assertFalse(set(newest) & set(second))
        dated, _ = self.results("/en/search?q=karabakh&from=2021-01-01&to=2021-12-31&section=analysis")
        self.assertEqual(len(dated), len(naming("karabakh", year="2021")))
        self.assertGreater(len(dated), 0)
        excluded, _ = self.results("/en/search?q=karabakh+-iskander&section=analysis")
        self.assertEqual(len(excluded), len(naming("karabakh")) - 1)
        by_author, _ = self.results("/en/search?q=karabakh&author=vasif-huseynov")
        self.assertEqual(len(by_author), len(naming("karabakh")))
        theirs, page = set(), 1
        while True:
            status, _, body = self.server.get("/en/authors/aysel-guliyev" + (f"/page/{page}" if page > 1 else ""))
            if status != 200:
                break
            theirs |= set(re.findall(r'<h3 class="card-title"><a href="([^"]+)"', body.decode()))
            page += 1
        filtered, _ = self.results("/en/search?q=karabakh&author=aysel-guliyev")
        self.assertTrue(filtered)
        self.assertTrue(set(filtered) <= theirs, set(filtered) - theirs)
        other_language, _ = self.results("/en/search?q=Şuşa&lang=az")
        self.assertTrue(other_language and all(h.startswith("/az/articles/") for h in other_language), other_language)
        phrase, _ = self.results('/en/search?q=%22second+karabakh+war%22&section=analysis')
        self.assertEqual(len(phrase), len(naming("second karabakh war")))
        self.assertGreater(len(phrase), 0)

    def test_helpful_pages_for_empty_long_and_bad_input(self):
        _, text = self.results("/en/search")
        self.assertIn("-word leaves a word out", html.unescape(text))
        _, text = self.results("/ru/search?q=" + "a" * 300)
        self.assertIn("не больше 200 символов", text)
        _, text = self.results("/az/search?q=-war")
        self.assertIn("axtarılacaq söz əlavə edin", text)
        for bad in ("/en/search?q=x&from=2021-13-01", "/en/search?q=x&section=nope", "/en/search?q=%zz",
                    "/en/search?q=x&lang=de", "/en/search?q=x&author=nobody", "/en/search?q=x&sort=sideways"):
            self.assertEqual(self.server.get(bad)[0], 400, bad)
        self.assertEqual(self.server.get("/en/search?q=x&page=0")[0], 404)
        self.assertEqual(self.server.get("/en/search?q=karabakh&page=%zz")[0], 404)
        # Parameters whose names merely end like ours are not ours.
        _, text = self.results("/en/search?xq=karabakh&subpage=9")
        self.assertIn("-word leaves a word out", html.unescape(text))
        self.assertEqual(self.server.get('/en/search?q=%22NEAR(%22+OR+*')[0], 200)

    def test_suggestions_api(self):
        status, headers, body = self.server.get("/api/v1/search/suggest?q=iskan&lang=en")
        self.assertEqual(status, 200)
        doc = json.loads(body)
        self.assertEqual(doc["suggestions"][0]["url"], "/en/articles/iskander-m-mystery-looms-over-russia-azerbaijan-relations")
        status, headers, body = self.server.get("/api/v1/search/suggest?lang=xx&q=a")
        self.assertEqual((status, headers["content-type"]), (400, "application/problem+json"))
        self.assertEqual(self.server.get("/api/v1/search/suggest?lang=en")[0], 400)

    def test_search_in_the_content_api(self):
        def api(query, status=200):
            code, headers, body = self.server.get("/api/v1/search?" + query)
            self.assertEqual(code, status, (query, body[:300]))
            if status != 200:
                self.assertEqual(headers["content-type"], "application/problem+json")
            return json.loads(body)

        doc = api("q=iskander&lang=en")
        self.assertEqual(doc["total"], 1)
        hit = doc["items"][0]
        self.assertEqual((hit["kind"], hit["lang"]), ("article", "en"))
        self.assertTrue(hit["url"].endswith("/en/articles/iskander-m-mystery-looms-over-russia-azerbaijan-relations"))
        self.assertIn("<mark>Iskander</mark>", hit["title_html"])
        self.assertNotIn("\x01", hit["title"])
        self.assertRegex(hit["published"], r"^\d{4}-\d\d-\d\dT")
        self.assertIsNone(doc["next_cursor"])
        # The same results as the page, and pages that add up to the total.
        page_hits, _ = self.results("/en/search?q=karabakh&sort=newest")
        first = api("q=karabakh&sort=newest&limit=20")
        self.assertEqual([h["url"].split("/en/", 1)[-1] for h in first["items"]],
                         [h.split("/en/", 1)[-1] for h in page_hits])
        seen, cursor = [], ""
        while True:
            doc = api("q=karabakh&sort=newest&limit=7" + (f"&cursor={cursor}" if cursor else ""))
            seen += [h["url"] for h in doc["items"]]
            cursor = doc["next_cursor"]
            if cursor is None:
                break
        self.assertEqual(len(seen), first["total"])
        self.assertEqual(len(set(seen)), len(seen))
        # Filters, other languages, every language.
        self.assertTrue(all(h["kind"] == "article" for h in api("q=karabakh&section=analysis")["items"]))
        self.assertTrue(all(h["lang"] == "az" for h in api("q=%C5%9Eu%C5%9Fa&lang=az")["items"]))
        everywhere = api("q=Shusha&lang=ru&all=1&limit=100")
        self.assertGreater(len({h["lang"] for h in everywhere["items"]}), 1)
        self.assertEqual(everywhere["items"][0]["lang"], "ru")
        # Bad input: 400 naming what is wrong, never a 500.
        for query, words in [("", "q"), ("q=x&lang=de", "lang de"), ("q=x&section=nope", "section nope"),
                             ("q=x&author=nobody", "author nobody"), ("q=x&from=2021-13-01", "from 2021-13-01"),
                             ("q=x&sort=sideways", "sort sideways"), ("q=x&limit=0", "limit"),
                             ("q=x&cursor=-4", "cursor"), ("q=" + "a" * 300, "q"), ("q=-war", "q")]:
            self.assertIn(words, api(query, 400)["detail"], query)
        self.assertEqual(api('q=%22NEAR(%22+OR+*')["total"], 0)
        self.assertIn("cursor", api("q=karabakh&cursor=99999999999", 400)["detail"])
        past = api("q=karabakh&cursor=100001")  # any offset a cursor can hold is served
        self.assertEqual((past["items"], past["next_cursor"]), ([], None))
        self.assertEqual(past["total"], first["total"])

    def test_reindex_rebuilds_with_progress(self):
        done = run_qalam("reindex", "--site", self.site.dir)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("(100%)", done.stderr)
        hits, _ = self.results("/en/search?q=iskander")
        self.assertEqual(len(hits), 1)


class Imports(QalamTestCase):
    """`qalam import` against a served site: renames answer 301; bad files change nothing."""
    demo = False

    def write(self, name, lines):
        path = os.path.join(self.site.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(json.dumps(l, ensure_ascii=False) for l in lines) + "\n")
        return path

    def test_import_rename_and_rejection(self):
        base = [{"type": "author", "slug": "ayten", "name": {"az": "Aytən Əliyeva", "en": "Ayten Aliyeva"}},
                {"type": "section", "slug": "analysis", "name": {"az": "Təhlil", "en": "Analysis"}},
                {"type": "article", "lang": "az", "translation_group": "g1", "title": "Azərbaycanın xarici siyasəti",
                 "published_at": "2024-05-01T10:00:00+04:00", "authors": ["ayten"], "section": "analysis"}]
        done = run_qalam("import", "--site", self.site.dir, self.write("a.jsonl", base))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("imported 3 records", done.stdout)
        self.assertIn("(100%)", done.stderr)
        body = self.server.get("/az/articles/azerbaycanin-xarici-siyaseti")
        self.assertEqual(body[0], 200)
        self.assertIn("1 may 2024".encode(), body[2])

        renamed = dict(base[2], slug="xarici-siyaset")
        self.assertEqual(run_qalam("import", "--site", self.site.dir, self.write("b.jsonl", [renamed])).returncode, 0)
        # Another process wrote to the database: the server's cache notices within a second.
        deadline = time.time() + 3
        while self.server.get("/az/articles/azerbaycanin-xarici-siyaseti")[0] == 200 and time.time() < deadline:
            time.sleep(0.1)
        status, headers, _ = self.server.get("/az/articles/azerbaycanin-xarici-siyaseti")
        self.assertEqual((status, headers["location"]), (301, "/az/articles/xarici-siyaset"))
        self.assertEqual(self.server.get("/az/articles/xarici-siyaset")[0], 200)

        bad = [{"type": "article", "lang": "az", "title": "Yeni", "published_at": "2024-06-01T10:00:00Z", "authors": ["ayten"]},
               {"type": "article", "lang": "en", "title": "Broken", "published_at": "not a time", "authors": ["nobody"]}]
        done = run_qalam("import", "--site", self.site.dir, self.write("bad.jsonl", bad))
        self.assertEqual(done.returncode, 2)
        path = os.path.join(self.site.dir, "bad.jsonl")
        self.assertIn(f"{path}:2: published_at: 'not a time' is not a date", done.stderr)
        self.assertIn(f"{path}:2: authors: no author 'nobody' in this file or the site", done.stderr)
        self.assertIn("nothing was imported", done.stderr)
        self.assertEqual(self.server.get("/az/articles/yeni")[0], 404)

        missing = run_qalam("import", "--site", self.site.dir, os.path.join(self.site.dir, "none.jsonl"))
        self.assertEqual(missing.returncode, 2)
        self.assertIn("cannot read", missing.stderr)


if __name__ == "__main__":
    unittest.main()


class FeedContentLinksHome(EditorTokenTestCase):
    """Feed readers show a piece away from the site: its own links and images are absolute."""

    def test_site_links_and_images_in_feed_content_are_absolute(self):
        body = ("![Qız qalası](/media/qala.png) See [the section](/en/sections/analysis), "
                "[elsewhere](https://example.org/x) and ![cdn](//cdn.example.org/y.png).")
        status, _, raw = call(self.server, "POST", "/api/v1/admin/articles",
                              {"lang": "en", "title": "Links in a feed", "body": body}, token=self.token)
        self.assertEqual(status, 201, raw)
        doc = json.loads(raw)
        status, _, raw = call(self.server, "POST", f"/api/v1/admin/articles/{doc['id']}/publish",
                              {"version": doc["version"]}, token=self.token)
        self.assertEqual(status, 200, raw)
        _, _, raw = call(self.server, "GET", "/en/feed.json")
        content = json.loads(raw)["items"][0]["content_html"]
        self.assertIn('src="http://127.0.0.1:8080/media/qala.png"', content)
        self.assertIn('href="http://127.0.0.1:8080/en/sections/analysis"', content)
        self.assertIn('href="https://example.org/x"', content)
        self.assertIn('src="//cdn.example.org/y.png"', content)
        self.assertNotIn('="/m', content)
        _, _, raw = call(self.server, "GET", "/en/atom.xml")
        self.assertIn(b"http://127.0.0.1:8080/media/qala.png", raw)

    def test_search_snippets_read_as_text_not_markdown(self):
        body = "Plain words first.\n\nThe **bold** valley of [Ganjabasar](/en/sections/analysis) and _its_ vineyards."
        status, _, raw = call(self.server, "POST", "/api/v1/admin/articles",
                              {"lang": "en", "title": "Valleys", "body": body}, token=self.token)
        doc = json.loads(raw)
        call(self.server, "POST", f"/api/v1/admin/articles/{doc['id']}/publish", {"version": doc["version"]},
             token=self.token)
        _, _, page = call(self.server, "GET", "/en/search?q=vineyards")
        page = page.decode()
        self.assertIn("vineyards", page)
        snippet = re.search(r"The bold valley of Ganjabasar and its <mark>vineyards</mark>", page)
        self.assertTrue(snippet, re.findall(r"valley.{0,200}", page))
        self.assertNotIn("**bold**", page)
        _, _, raw = call(self.server, "GET", "/api/v1/search?q=vineyards&lang=en")
        self.assertIn("The bold valley of Ganjabasar and its <mark>vineyards</mark>", json.loads(raw)["items"][0]["snippet_html"])

    def test_a_featured_image_travels_as_an_enclosure(self):
        import feedparser
        media = upload_image(self.server, self.token, "Qız qalası", 300, 200)
        status, _, raw = call(self.server, "POST", "/api/v1/admin/articles",
                              {"lang": "en", "title": "With a picture", "body": "Text.", "image": media["url"],
                               "image_alt": "Qız qalası"}, token=self.token)
        doc = json.loads(raw)
        call(self.server, "POST", f"/api/v1/admin/articles/{doc['id']}/publish", {"version": doc["version"]},
             token=self.token)
        absolute = "http://127.0.0.1:8080" + media["url"]
        _, _, rss = call(self.server, "GET", "/en/feed.xml")
        parsed = feedparser.parse(rss)
        self.assertFalse(parsed.bozo, parsed.get("bozo_exception"))
        entry = [e for e in parsed.entries if e.title == "With a picture"][0]
        self.assertEqual(entry.enclosures[0]["href"], absolute)
        self.assertEqual(entry.enclosures[0]["type"], "image/png")
        self.assertEqual(int(entry.enclosures[0]["length"]), media["bytes"])
        self.assertEqual(entry.media_content[0]["url"], absolute)
        _, _, atom = call(self.server, "GET", "/en/atom.xml")
        entry = [e for e in feedparser.parse(atom).entries if e.title == "With a picture"][0]
        self.assertEqual(entry.enclosures[0]["href"], absolute)
        _, _, raw = call(self.server, "GET", "/en/feed.json")
        item = [i for i in json.loads(raw)["items"] if i["title"] == "With a picture"][0]
        self.assertEqual(item["image"], absolute)

    def test_images_in_the_text_come_in_variants_as_figures(self):
        media = upload_image(self.server, self.token, "Bakı bulvarı", 2000, 1000)
        body = (f"Before.\n\n![Bakı bulvarı]({media['url']})\n\n"
                "Inline ![elsewhere](https://example.org/e.png) too.")
        status, _, raw = call(self.server, "POST", "/api/v1/admin/articles",
                              {"lang": "az", "title": "Bulvar", "body": body}, token=self.token)
        doc = json.loads(raw)
        status, _, raw = call(self.server, "POST", f"/api/v1/admin/articles/{doc['id']}/publish",
                              {"version": doc["version"]}, token=self.token)
        self.assertEqual(status, 200, raw)
        _, _, page = call(self.server, "GET", f"/az/articles/{doc['slug']}")
        text = page.decode().split('<div class="body">', 1)[1].split("</div>", 1)[0]
        name = media["url"].rsplit(".", 1)[0]
        # The upload alone in its paragraph: a figure, its WebP variants for every width, its
        # size (nothing jumps while it loads), lazy; never the 2,000 px original for a phone.
        self.assertIn(f'<figure><img src="{media["url"]}" alt="Bakı bulvarı" srcset="{name}-480.webp 480w, '
                      f'{name}-960.webp 960w, {name}-1600.webp 1600w" sizes="(max-width: 44rem) calc(100vw - 2rem), 42rem" '
                      'width="2000" height="1000" loading="lazy" decoding="async"></figure>', text)
        # An image from elsewhere keeps its address, lazily loaded.
        self.assertIn('<img src="https://example.org/e.png" alt="elsewhere" loading="lazy" decoding="async">', text)
