#include "ingest/wxr_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "core/testing/temp_dir.h"
#include "ingest/shared_test_files.h"

namespace qalam::ingest {
namespace {

using test_files::wxr_dir;
using qalam::testing::TempDir;

struct Collected final : WxrVisitor {
  WxrChannel channel_seen;
  std::vector<WxrAuthor> authors;
  std::vector<WxrTerm> terms;
  std::vector<WxrItem> items;
  int channels = 0;
  Status channel(const WxrChannel& c) override {
    ++channels;
    channel_seen = c;
    return Status::ok_status();
  }
  Status author(const WxrAuthor& a) override {
    authors.push_back(a);
    return Status::ok_status();
  }
  Status term(const WxrTerm& t) override {
    terms.push_back(t);
    return Status::ok_status();
  }
  Status item(const WxrItem& i) override {
    items.push_back(i);
    return Status::ok_status();
  }
  const WxrItem* titled(std::string_view title) const {
    for (const auto& i : items) {
      if (i.title == title) return &i;
    }
    return nullptr;
  }
};

Result<WxrReadStats> read(const std::string& name, Collected& c) { return read_wxr(wxr_dir() / name, name, c); }

TEST(WxrReader, ReadsWxr11ChannelAuthorsTermsAndItems) {
  QALAM_REQUIRE_WXR("valid-wxr-1.1.xml");
  Collected c;
  auto stats = read("valid-wxr-1.1.xml", c);
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(c.channels, 1);
  EXPECT_EQ(c.channel_seen.version, "1.1");
  EXPECT_EQ(c.channel_seen.base_site_url, "http://localhost/");
  ASSERT_EQ(c.authors.size(), 1u);
  EXPECT_EQ(c.authors[0].login, "john");
  EXPECT_EQ(c.authors[0].display_name, "John Doe");
  ASSERT_EQ(c.terms.size(), 3u);
  EXPECT_EQ(c.terms[0].taxonomy, "category");
  EXPECT_EQ(c.terms[0].slug, "alpha");
  EXPECT_EQ(c.terms[1].taxonomy, "post_tag");
  EXPECT_EQ(c.terms[2].taxonomy, "post_tax");
  ASSERT_EQ(c.items.size(), 2u);
  const WxrItem& post = c.items[0];
  EXPECT_EQ(post.title, "Hello world!");
  EXPECT_EQ(post.id, 1);
  EXPECT_EQ(post.type, "post");
  EXPECT_EQ(post.status, "publish");
  EXPECT_EQ(post.slug, "hello-world");
  EXPECT_EQ(post.date_gmt, "2010-10-16 20:53:18");
  EXPECT_EQ(post.creator, "john");
  EXPECT_TRUE(post.content.starts_with("Welcome to WordPress."));
  EXPECT_EQ(post.comments, 1u);
  EXPECT_EQ(stats->items, 2u);
}

TEST(WxrReader, CountsEveryItemOfTheThemeUnitTestData) {
  QALAM_REQUIRE_WXR("theme-unit-test-data.xml");
  Collected c;
  auto stats = read("theme-unit-test-data.xml", c);
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  std::map<std::string, int> types;
  for (const auto& i : c.items) ++types[i.type];
  EXPECT_EQ(types["post"], 58);
  EXPECT_EQ(types["page"], 21);
  EXPECT_EQ(types["attachment"], 37);
  EXPECT_EQ(types["nav_menu_item"], 70);
  const WxrItem* sticky = c.titled("Template: Sticky");
  ASSERT_NE(sticky, nullptr);
  EXPECT_TRUE(sticky->sticky);
  const WxrItem* password = c.titled("Template: Password Protected (the password is \"enter\")");
  ASSERT_NE(password, nullptr);
  EXPECT_EQ(password->password, "enter");
}

TEST(WxrReader, KnowsElementsByNamespaceNotByPrefix) {
  QALAM_REQUIRE_WXR("namespace-edge-cases.xml");
  Collected c;
  auto stats = read("namespace-edge-cases.xml", c);
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  std::vector<std::string> logins;
  for (const auto& a : c.authors) logins.push_back(a.login);
  // wp: bound to a fake namespace, and a custom namespace, are not WordPress's.
  EXPECT_EQ(logins, (std::vector<std::string>{"real_user", "version_conflict"}));
  std::vector<int64_t> terms;
  for (const auto& t : c.terms) terms.push_back(t.id);
  EXPECT_EQ(terms, (std::vector<int64_t>{100, 102}));
  const WxrItem* no_prefix = c.titled("No Prefix");
  ASSERT_NE(no_prefix, nullptr);
  EXPECT_EQ(no_prefix->id, 2);  // <post_id xmlns="http://wordpress.org/export/1.2/">
  const WxrItem* hijacked = c.titled("Hijacked Namespace");
  ASSERT_NE(hijacked, nullptr);
  EXPECT_EQ(hijacked->type, "");  // its wp: is not WordPress's
  EXPECT_TRUE(hijacked->meta.empty());
  const WxrItem* mixed = c.titled("Mixed Namespaces");
  ASSERT_NE(mixed, nullptr);
  ASSERT_EQ(mixed->meta.size(), 1u);
  EXPECT_EQ(mixed->meta[0].first, "normal_key");
  const WxrItem* bomb = c.titled("Namespace Bomb");
  ASSERT_NE(bomb, nullptr);
  EXPECT_EQ(bomb->content, "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;");  // CDATA: text
  // The unicode namespace URI is an error libxml2 reads past: counted, not fatal.
  EXPECT_EQ(stats->xml_warnings, 1u);
  EXPECT_EQ(stats->first_xml_warning_line, 84u);
}

TEST(WxrReader, KeepsBackslashesUtf8AndCdataAsWritten) {
  QALAM_REQUIRE_WXR("slashes.xml");
  Collected c;
  ASSERT_TRUE(read("slashes.xml", c).ok());
  ASSERT_FALSE(c.items.empty());
  EXPECT_NE(c.items[0].content.find("\\'"), std::string::npos) << c.items[0].content;
  Collected u;
  ASSERT_TRUE(read("wxr-utf-8-challenges.xml", u).ok());
  ASSERT_EQ(u.items.size(), 1u);
  EXPECT_NE(u.items[0].content.find("\xE2\x80\xAE"), std::string::npos);  // U+202E survives
  Collected e;
  ASSERT_TRUE(read("cdata-edge.xml", e).ok());
  ASSERT_EQ(e.items.size(), 1u);
  EXPECT_NE(e.items[0].content.find("]] >"), std::string::npos) << e.items[0].content;
}

TEST(WxrReader, RepairsBareAmpersandsOutsideCdata) {
  QALAM_REQUIRE_WXR("ghost-mg-wp-xml-sample.xml");
  Collected c;
  auto stats = read("ghost-mg-wp-xml-sample.xml", c);
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_GT(stats->repaired_ampersands, 0u);
  EXPECT_EQ(stats->first_repaired_line, 109u);
  bool found = false;
  for (const auto& i : c.items) {
    if (i.attachment_url.find("&ixid=") != std::string::npos) found = true;
  }
  EXPECT_TRUE(found);
}

TEST(WxrReader, MalformedFilesFailNamingFileAndLine) {
  struct Case {
    const char* file;
    const char* expected;
  };
  for (const Case& k : {Case{"malformed-simple.xml", "the file ends before <item> opened on line 9 is closed"},
                        Case{"malformed.xml", "malformed.xml:"},
                        Case{"crazy-cdata.xml", "crazy-cdata.xml:18: not well-formed XML: "},
                        Case{"missing-version-tag.xml", "no <wp:wxr_version> before the content"}}) {
    if (!std::filesystem::exists(wxr_dir() / k.file)) GTEST_SKIP() << "absent: " << k.file;
    Collected c;
    auto stats = read(k.file, c);
    ASSERT_FALSE(stats.ok()) << k.file;
    EXPECT_EQ(stats.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(stats.status().message().find(k.expected), std::string::npos) << stats.status().message();
  }
}

TEST(WxrReader, ReadsGzipAndRefusesWhatIsNotWxr) {
  QALAM_REQUIRE_WXR("valid-wxr-1.0.xml");
  TempDir dir;
  std::ifstream in(wxr_dir() / "valid-wxr-1.0.xml", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gzFile gz = gzopen((dir.path() / "export.xml.gz").c_str(), "wb");
  gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(gz);
  Collected c;
  auto stats = read_wxr(dir.path() / "export.xml.gz", "export.xml.gz", c);
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(c.items.size(), 6u);
  EXPECT_EQ(c.channel_seen.version, "1.0");

  std::ofstream(dir.path() / "feed.xml") << "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>\n";
  auto atom = read_wxr(dir.path() / "feed.xml", "feed.xml", c);
  ASSERT_FALSE(atom.ok());
  EXPECT_NE(atom.status().message().find("feed.xml:2: the root element is <feed>"), std::string::npos)
      << atom.status().message();
  std::ofstream(dir.path() / "v9.xml") << "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n"
                                          "<wp:wxr_version>9.0</wp:wxr_version>\n<item></item></channel></rss>";
  auto v9 = read_wxr(dir.path() / "v9.xml", "v9.xml", c);
  ASSERT_FALSE(v9.ok());
  EXPECT_NE(v9.status().message().find("v9.xml:3: WXR version '9.0'"), std::string::npos) << v9.status().message();
  auto missing = read_wxr(dir.path() / "nothing.xml", "nothing.xml", c);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "nothing.xml: cannot read the file");
}

}  // namespace
}  // namespace qalam::ingest
