// The feed reader over the fixtures of three other parsers' test suites
// (../shared/testdata/feeds, PROVENANCE.md) and over hostile documents.
#include "ingest/feed_reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "core/text.h"
#include "core/time_format.h"
#include "ingest/shared_test_files.h"

namespace qalam::ingest {
namespace {

std::string bytes_of(const std::string& name) {
  std::ifstream in(test_files::feeds_dir() / name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Feed read_ok(const std::string& name, const FeedReadOptions& options = {}) {
  auto f = read_feed(bytes_of(name), options);
  EXPECT_TRUE(f.ok()) << name << ": " << f.status().message();
  return f.ok() ? *f : Feed{};
}

std::string when(const std::optional<TimePoint>& t) { return t ? rfc3339(*t) : "none"; }

TEST(FeedReader, EveryFixtureParsesOrIsRefusedWithAReason) {
  QALAM_REQUIRE_FEEDS();
  size_t seen = 0;
  for (const auto& dir : std::filesystem::directory_iterator(test_files::feeds_dir())) {
    if (!dir.is_directory()) continue;
    for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
      ++seen;
      std::string name = dir.path().filename().string() + "/" + file.path().filename().string();
      auto f = read_feed(bytes_of(name));
      if (!f.ok()) {
        EXPECT_EQ(f.status().message().rfind("not a feed: ", 0), 0u) << name << ": " << f.status().message();
        continue;
      }
      EXPECT_FALSE(f->format.empty()) << name;
      for (const auto& item : f->items) {
        EXPECT_TRUE(is_valid_utf8(item.title) && is_valid_utf8(item.summary) && is_valid_utf8(item.content_html))
            << name;
      }
    }
  }
  EXPECT_EQ(seen, 32u);
}

TEST(FeedReader, RefusalsSayWhy) {
  QALAM_REQUIRE_FEEDS();
  EXPECT_EQ(read_feed(bytes_of("gofeed/empty_feed.xml")).status().message(), "not a feed: the document is empty");
  EXPECT_EQ(read_feed(bytes_of("rss-parser/unrecognized.rss")).status().message(), "not a feed: an HTML page");
  EXPECT_EQ(read_feed(bytes_of("gofeed/invalid.json")).status().message().rfind("not a feed: not valid JSON", 0), 0u);
  EXPECT_EQ(read_feed("<svg xmlns=\"http://www.w3.org/2000/svg\"/>").status().message(),
            "not a feed: the document is <svg> of http://www.w3.org/2000/svg, not RSS, RDF or Atom");
  EXPECT_EQ(read_feed("{\"items\": []}").status().message().rfind("not a feed: JSON without a JSON Feed version", 0), 0u);
  EXPECT_EQ(read_feed("plain words").status().message().rfind("not a feed: not XML", 0), 0u);
}

TEST(FeedReader, Rss20NewsFeed) {
  QALAM_REQUIRE_FEEDS();
  Feed f = read_ok("rss-parser/guardian.rss");
  EXPECT_EQ(f.format, "RSS 2.0");
  EXPECT_EQ(f.title, "The Guardian");
  ASSERT_EQ(f.items.size(), 55u);
  const FeedItem& first = f.items.front();
  EXPECT_EQ(first.title, "Trump State of the Union address promised unity but emphasized discord");
  EXPECT_EQ(when(first.published), "2018-01-31T07:26:05Z");
  EXPECT_EQ(first.link.rfind("https://www.theguardian.com/", 0), 0u) << first.link;
  EXPECT_FALSE(first.author.empty());
  // media:content with no medium or type: the widest of them
  EXPECT_EQ(first.image.rfind("https://i.guim.co.uk/", 0), 0u) << first.image;
  EXPECT_NE(first.image.find("?w=460&q=55"), std::string::npos) << first.image;
  EXPECT_FALSE(first.summary.empty());
  EXPECT_TRUE(f.warnings.empty());
  for (const auto& item : f.items) EXPECT_TRUE(item.published.has_value()) << item.title;
}

TEST(FeedReader, AtomInGermanWithXmlBaseAndHtmlTitles) {
  QALAM_REQUIRE_FEEDS();
  Feed f = read_ok("rss-parser/heise.atom");
  EXPECT_EQ(f.format, "Atom 1.0");
  EXPECT_EQ(f.title, "heise developer neueste Meldungen");
  ASSERT_EQ(f.items.size(), 15u);
  EXPECT_EQ(f.items[0].title, "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei");
  EXPECT_EQ(f.items[1].title, "Scrum Day 2016: Bewerbungen für Vorträge und Workshops");
  EXPECT_EQ(when(f.items[0].published), "2016-02-01T16:22:00Z");
  EXPECT_EQ(when(f.items[0].updated), "2016-02-01T16:54:50Z");
  EXPECT_EQ(f.items[0].link.rfind("http://www.heise.de/developer/", 0), 0u) << f.items[0].link;
  EXPECT_FALSE(f.items[0].id.empty());
}

TEST(FeedReader, DeclaredLatin1AndUndeclaredLatin1) {
  QALAM_REQUIRE_FEEDS();
  Feed jn = read_ok("rss-parser/encoding.rss");
  EXPECT_EQ(jn.title, "Jornal de Notícias - Últimas Notícias");
  EXPECT_EQ(jn.encoding, "ISO-8859-1");
  EXPECT_FALSE(jn.encoding_guessed);
  EXPECT_EQ(jn.items.size(), 40u);
  Feed uol = read_ok("rss-parser/uolNoticias.rss");
  EXPECT_TRUE(uol.encoding_guessed);
  EXPECT_EQ(uol.encoding, "ISO-8859-1");
  EXPECT_EQ(uol.title, "UOL Noticias");
  EXPECT_EQ(uol.items.size(), 15u);
}

TEST(FeedReader, Rss10RdfWithDublinCoreDates) {
  QALAM_REQUIRE_FEEDS();
  Feed f = read_ok("rss-parser/rss-1.rss");
  EXPECT_EQ(f.format, "RSS 1.0");
  EXPECT_EQ(f.title, "Science twis");
  ASSERT_EQ(f.items.size(), 69u);
  EXPECT_EQ(when(f.items[0].published), "2017-06-15T17:29:47Z");
  EXPECT_FALSE(f.items[0].id.empty());  // rdf:about
  EXPECT_FALSE(f.items[0].link.empty());
}

TEST(FeedReader, Rss092WithItsOwnDateFormat) {
  QALAM_REQUIRE_FEEDS();
  Feed f = read_ok("rss-parser/heraldsun.rss");
  EXPECT_EQ(f.format, "RSS 0.92");
  EXPECT_EQ(f.language, "en-gb");
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].title, "The First Item");
  EXPECT_EQ(f.items[0].link, "http://www.oreilly.com/example/001.html");
  EXPECT_EQ(f.items[0].summary, "This is the first item.");
  EXPECT_EQ(f.items[0].language, "en-gb");
  EXPECT_EQ(f.items[0].image, "");  // the enclosure is audio
}

TEST(FeedReader, ContentEncodedIsTheFullText) {
  QALAM_REQUIRE_FEEDS();
  Feed f = read_ok("rss-parser/content-encoded.rss");
  ASSERT_FALSE(f.items.empty());
  EXPECT_NE(f.items[0].content_html.find("<p"), std::string::npos);
  EXPECT_EQ(f.items[0].summary.find('<'), std::string::npos);
  EXPECT_FALSE(f.items[0].author.empty());  // dc:creator
}

TEST(FeedReader, IncompleteAtomEntryIsStillAnItem) {
  QALAM_REQUIRE_FEEDS();
  Feed f = read_ok("rss-parser/incomplete-fields.atom");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "");
  EXPECT_EQ(f.items[0].author, "");
  EXPECT_EQ(f.items[0].language, "en-US");
  EXPECT_FALSE(f.items[0].published.has_value());
}

TEST(FeedReader, UndeclaredEncodingsAreDetected) {
  QALAM_REQUIRE_FEEDS();
  struct Case {
    const char* file;
    const char* encoding;
    const char* text;  // begins the first title, or description when there is no title
  };
  const Case cases[] = {
      {"illformed_chardet__big5.xml", "Big5", "我希望"},
      {"illformed_chardet__gb2312.xml", "GB18030", "不归移民漫画系列：专业工作"},
      {"illformed_chardet__eucjp.xml", "EUC-JP", "ゲーム三昧な正月"},
      {"illformed_chardet__euckr.xml", "EUC-KR", "EUC-KR 에서 TypeKey 한글닉네임 표시하기"},
      {"illformed_chardet__koi8r.xml", "KOI8-R", "Как пережить новогоднюю ночь"},
      {"illformed_chardet__shiftjis.xml", "Shift_JIS", "DrecomRSSに記事投稿が反映されない…"},
      {"illformed_chardet__tis620.xml", "TIS-620", "สำนักงานส่งเสริมอุตสาหกรรมซอฟต"},
      {"illformed_chardet__windows1255.xml", "ISO-8859-8-I", "האם תדפיס נייר של אתר אינטרנט"},
  };
  for (const Case& c : cases) {
    Feed f = read_ok(std::string("feedparser/") + c.file);
    EXPECT_TRUE(f.encoding_guessed) << c.file;
    EXPECT_EQ(f.encoding, c.encoding) << c.file;
    std::string first = !f.items.empty() ? (f.items[0].title.empty() ? f.items[0].summary : f.items[0].title) : f.title;
    EXPECT_EQ(first.rfind(c.text, 0), 0u) << c.file << ": " << first;
  }
}

TEST(FeedReader, DeclaredAndMarkedEncodings) {
  QALAM_REQUIRE_FEEDS();
  Feed kr = read_ok("feedparser/encoding__euc-kr-item.xml");
  ASSERT_EQ(kr.items.size(), 1u);
  EXPECT_EQ(kr.items[0].summary, "년");
  EXPECT_TRUE(kr.warnings.empty());
  EXPECT_EQ(read_ok("feedparser/encoding__utf-16le-bom.xml").encoding, "UTF-16LE");
  EXPECT_EQ(read_ok("feedparser/encoding__utf-16be-autodetect.xml").encoding, "UTF-16BE");
  Feed bom = read_ok("gofeed/rss_feed_bom.xml");
  EXPECT_EQ(bom.title, "Feed Title");
  EXPECT_EQ(bom.encoding, "UTF-8");
}

TEST(FeedReader, IllFormedDocumentsAreReadAsFarAsTheyGoAndSaySo) {
  QALAM_REQUIRE_FEEDS();
  Feed noise = read_ok("feedparser/encoding__bozo_linenoise.xml");
  ASSERT_FALSE(noise.warnings.empty());
  EXPECT_NE(noise.warnings[0].find("replaced"), std::string::npos) << noise.warnings[0];
  Feed cut = read_ok("feedparser/illformed__rss_incomplete_cdata.xml");
  EXPECT_EQ(cut.title, "can feedparser read this xml");
  ASSERT_FALSE(cut.warnings.empty());
  EXPECT_EQ(cut.warnings.back().rfind("not well-formed XML", 0), 0u);
  EXPECT_FALSE(read_ok("feedparser/illformed__aaa_illformed.xml").warnings.empty());
  EXPECT_FALSE(read_ok("feedparser/illformed__undeclared_namespace.xml").warnings.empty());
}

TEST(FeedReader, Atom03) {
  QALAM_REQUIRE_FEEDS();
  Feed f = read_ok("gofeed/atom03_feed.xml");
  EXPECT_EQ(f.format, "Atom 0.3");
  EXPECT_EQ(f.title, "Feed Title");
}

TEST(FeedReader, JsonFeeds) {
  QALAM_REQUIRE_FEEDS();
  Feed ex = read_ok("feedparser/json__example.json");
  EXPECT_EQ(ex.format, "JSON Feed 1.0");
  EXPECT_EQ(ex.title, "My Example Feed");  // feedparser's Expect line
  EXPECT_EQ(ex.link, "https://example.org/");
  ASSERT_EQ(ex.items.size(), 2u);
  EXPECT_EQ(ex.items[0].summary, "This is a second item.");
  EXPECT_EQ(ex.items[0].author, "me");  // the feed's author
  EXPECT_EQ(ex.items[1].author, "you");
  EXPECT_EQ(ex.items[1].link, "https://example.org/initial-post");
  EXPECT_EQ(ex.items[1].summary, "Hello, world!");  // the script is no text

  Feed v11 = read_ok("gofeed/version_json_11.json");
  EXPECT_EQ(v11.format, "JSON Feed 1.1");
  ASSERT_EQ(v11.items.size(), 1u);
  const FeedItem& item = v11.items[0];
  EXPECT_EQ(item.id, "id");
  EXPECT_EQ(item.link, "https://sample-json-feed.com/id");
  EXPECT_EQ(item.summary, "summary");
  EXPECT_EQ(item.content_html, "<p>content_html</p>");
  EXPECT_EQ(item.image, "https://sample-json-feed.com/image.png");
  EXPECT_EQ(when(item.published), "2019-10-12T07:20:50Z");
  EXPECT_EQ(item.author, "author_name");
  Feed v10 = read_ok("gofeed/json10_full.json");
  EXPECT_EQ(v10.format, "JSON Feed 1.0");
  EXPECT_FALSE(v10.items.empty());
}

TEST(FeedReader, RelativeLinksResolveAgainstTheFeedsAddress) {
  std::string rss =
      "<rss version=\"2.0\"><channel><title>T</title><link>/</link>"
      "<item><title>A &amp; B&nbsp;C</title><link>/news/1</link><guid isPermaLink=\"false\">x1</guid>"
      "<pubDate>yesterday</pubDate><description>&lt;b&gt;Bold&lt;/b&gt; text</description></item></channel></rss>";
  FeedReadOptions options;
  options.url = "https://press.example/feeds/rss.xml";
  auto f = read_feed(rss, options);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->link, "https://press.example/");
  ASSERT_EQ(f->items.size(), 1u);
  EXPECT_EQ(f->items[0].link, "https://press.example/news/1");
  EXPECT_EQ(f->items[0].id, "x1");
  EXPECT_EQ(f->items[0].title, "A & B\u00a0C");
  EXPECT_EQ(f->items[0].summary, "Bold text");
  EXPECT_FALSE(f->items[0].published.has_value());
  ASSERT_EQ(f->items[0].problems.size(), 1u);
  EXPECT_EQ(f->items[0].problems[0], "pubDate: 'yesterday' is not a date in a format feeds use (RFC 822 or RFC 3339)");
}

TEST(FeedReader, AtomXhtmlAndEscapedContent) {
  std::string atom =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://a.example/blog/\" xml:lang=\"de\">"
      "<title type=\"html\">&lt;i&gt;Blog&lt;/i&gt;</title><author><name>Feed Author</name></author>"
      "<entry xml:lang=\"fr\"><id>tag:a,1</id><title>Un</title><link rel=\"alternate\" href=\"post/1\"/>"
      "<link rel=\"enclosure\" type=\"image/jpeg\" href=\"/img/1.jpg\"/>"
      "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Texte <b>gras</b></p></div></content>"
      "<published>2024-05-01T10:00:00+02:00</published></entry>"
      "<entry><id>tag:a,2</id><title type=\"text\">&lt;not a tag&gt;</title><summary>Plain &amp; simple</summary></entry>"
      "</feed>";
  auto f = read_feed(atom);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->title, "Blog");
  ASSERT_EQ(f->items.size(), 2u);
  EXPECT_EQ(f->items[0].link, "https://a.example/blog/post/1");
  EXPECT_EQ(f->items[0].image, "https://a.example/img/1.jpg");
  EXPECT_EQ(f->items[0].content_html, "<p>Texte <b>gras</b></p>");
  EXPECT_EQ(f->items[0].summary, "Texte gras");
  EXPECT_EQ(f->items[0].language, "fr");
  EXPECT_EQ(f->items[0].author, "Feed Author");
  EXPECT_EQ(when(f->items[0].published), "2024-05-01T08:00:00Z");
  EXPECT_EQ(f->items[1].title, "<not a tag>");
  EXPECT_EQ(f->items[1].language, "de");
  EXPECT_EQ(f->items[1].content_html, "Plain &amp; simple");
}

TEST(FeedReader, ExternalEntitiesAreNeverRead) {
  std::string xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<rss version=\"2.0\"><channel><title>T</title><item><title>&xxe;</title></item></channel></rss>";
  auto f = read_feed(xxe);
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->items.size(), 1u);
  EXPECT_EQ(f->items[0].title.find("root:"), std::string::npos);
  EXPECT_EQ(f->items[0].title, "");
}

TEST(FeedReader, BillionLaughsCostsNothing) {
  std::string lol = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">";
  lol += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">";
  for (int i = 2; i <= 9; ++i) {
    lol += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) lol += "&lol" + std::to_string(i - 1) + ";";
    lol += "\">";
  }
  lol += "]><rss version=\"2.0\"><channel><item><title>&lol9;</title></item></channel></rss>";
  auto start = std::chrono::steady_clock::now();
  auto f = read_feed(lol);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(2));  // 10^9 "lol"s expanded would take minutes
  if (f.ok()) {
    for (const auto& item : f->items) EXPECT_LT(item.title.size(), 1000u);
  }
}

TEST(FeedReader, ItemsPastTheCapAreCountedNotRead) {
  std::string rss = "<rss version=\"2.0\"><channel>";
  for (int i = 0; i < 30; ++i) rss += "<item><title>t" + std::to_string(i) + "</title></item>";
  rss += "</channel></rss>";
  FeedReadOptions options;
  options.max_items = 10;
  auto f = read_feed(rss, options);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->items.size(), 10u);
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_EQ(f->warnings[0], "20 items past the first 10 were not read");
}

}  // namespace
}  // namespace qalam::ingest
