#include "ingest/wordpress_import.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>

#include "core/testing/temp_dir.h"
#include "ingest/shared_test_files.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::ingest {
namespace {

using test_files::wxr_dir;

// Records what it is given; its paths are /media/imgN.jpg.
class FakeImages final : public ImageSink {
 public:
  Result<std::string> add(const std::filesystem::path& file, std::string_view name, std::string_view alt,
                          std::string_view) override {
    if (file.filename() == "refused.jpg") return Status::invalid("not an image");
    names.emplace_back(name);
    added.emplace_back(file.filename().string(), std::string(alt));
    std::string path = "/media/img" + std::to_string(added.size()) + ".jpg";
    held.push_back(path);
    return path;
  }
  bool has(std::string_view path) override { return std::find(held.begin(), held.end(), path) != held.end(); }
  std::vector<std::pair<std::string, std::string>> added;  // (file name, alt)
  std::vector<std::string> held;
  std::vector<std::string> names;  // as asked for
};

class WordPressImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(store::sqlite::open_sqlite_store({(dir_.path() / "w.db").string(), 1, 1000, {}})).value();
    ASSERT_TRUE(store_->migrate(nullptr).ok());
  }

  WordPressOptions options(std::initializer_list<std::string> files) {
    WordPressOptions o;
    for (const std::string& f : files) {
      std::filesystem::path p = f.starts_with("/") ? std::filesystem::path(f) : wxr_dir() / f;
      o.files.push_back({p, std::filesystem::path(f).filename().string()});
    }
    return o;
  }

  Result<WordPressReport> import(const WordPressOptions& o) { return import_wordpress(*store_, o, &images_); }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.path() / name) << text;
    return dir_.path() / name;
  }

  std::vector<Article> all_articles() {
    store::EditorialFilter f;
    f.limit = 1000;
    return store_->editorial().list(f).value();
  }
  const Article* find(const std::vector<Article>& list, std::string_view title) {
    for (const Article& a : list) {
      if (a.title == title) return &a;
    }
    return nullptr;
  }
  std::string legacy(std::string_view key) { return store_->redirects().legacy(key).value().value_or(""); }

  qalam::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  FakeImages images_;
};

// Every well-formed file of the shared WXR test data, with what it holds (counted in
// the XML: posts by status, pages, items in a namespace that is not WordPress's).
TEST_F(WordPressImportTest, EverySharedFixtureImportsWithItsCounts) {
  struct Expected {
    const char* file;
    std::map<std::string, size_t> imported, skipped;
  };
  const std::string pages = "pages (Qalam has no place for them; listed in the warnings)";
  const Expected cases[] = {
      {"cdata-edge.xml", {{"articles (draft)", 1}}, {}},
      {"missing-tags.xml", {{"articles (draft)", 1}}, {}},
      {"ghost-mg-wp-xml-co-authors-plus.xml", {{"articles (published)", 4}, {"authors", 3}, {"tags", 1}}, {}},
      {"ghost-mg-wp-xml-sample.xml",
       {{"articles (published)", 2}, {"articles (draft)", 1}, {"authors", 2}, {"sections", 1}, {"tags", 3}},
       {{pages, 1}, {"items of type customcpt", 1}}},
      {"namespace-edge-cases.xml", {{"articles (draft)", 5}, {"authors", 2}, {"tags", 2}},
       {{"items with no WordPress post type", 1}}},
      {"slashes.xml", {{"articles (published)", 1}, {"authors", 2}, {"sections", 1}, {"tags", 1}}, {}},
      {"small-export.xml",
       {{"articles (published)", 5}, {"articles (draft)", 1}, {"authors", 3}, {"sections", 3}, {"tags", 29}},
       {{pages, 5}}},
      {"valid-wxr-1.0.xml", {{"articles (published)", 3}, {"authors", 1}, {"sections", 2}, {"tags", 6}}, {{pages, 3}}},
      {"valid-wxr-1.1.xml", {{"articles (published)", 1}, {"authors", 1}, {"sections", 1}, {"tags", 1}}, {{pages, 1}}},
      {"wxr-utf-8-challenges.xml", {{"articles (published)", 1}, {"authors", 1}, {"sections", 1}}, {}},
  };
  for (const Expected& e : cases) {
    SCOPED_TRACE(e.file);
    QALAM_REQUIRE_WXR(e.file);
    auto o = options({e.file});
    o.dry_run = true;
    auto report = import(o);
    ASSERT_TRUE(report.ok()) << report.status().message();
    std::map<std::string, size_t> imported;  // what there is of, old addresses aside
    for (const auto& [kind, n] : report->imported) {
      if (n != 0 && kind != "old addresses") imported[kind] = n;
    }
    EXPECT_EQ(imported, e.imported);
    EXPECT_EQ(report->skipped, e.skipped);
  }
}

TEST_F(WordPressImportTest, CoAuthorsPlusBylinesKeepTheirOrder) {
  QALAM_REQUIRE_WXR("ghost-mg-wp-xml-co-authors-plus.xml");
  auto report = import(options({"ghost-mg-wp-xml-co-authors-plus.xml"}));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->imported["articles (published)"], 4u);
  EXPECT_EQ(report->imported["authors"], 3u);
  auto articles = all_articles();
  ASSERT_EQ(articles.size(), 4u);
  auto slugs = [&](const Article& a) {
    auto authors = store_->authors().by_ids(a.author_ids).value();
    std::vector<std::string> out;
    for (int64_t id : a.author_ids) {  // the byline's order
      for (const Author& au : authors) {
        if (au.id == id) out.push_back(au.slug);
      }
    }
    return out;
  };
  const Article* three = find(articles, "Three Author Post");
  ASSERT_NE(three, nullptr);
  EXPECT_EQ(slugs(*three), (std::vector<std::string>{"alice-smith", "bob-jones", "carol-white"}));
  const Article* twice = find(articles, "Duplicate Author Entries Post");
  ASSERT_NE(twice, nullptr);
  EXPECT_EQ(slugs(*twice), (std::vector<std::string>{"alice-smith", "bob-jones"}));
  auto alice = store_->authors().by_slug("alice-smith").value();
  ASSERT_TRUE(alice.has_value());
  EXPECT_EQ(alice->name.at("en"), "Alice Smith");
}

TEST_F(WordPressImportTest, ThemeUnitTestDataImportsWithItsCounts) {
  QALAM_REQUIRE_WXR("theme-unit-test-data.xml");
  auto report = import(options({"theme-unit-test-data.xml"}));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->items, 186u);
  // 58 posts: 56 published of which one is password-protected (a draft here), one
  // scheduled, one draft.
  EXPECT_EQ(report->imported["articles (published)"], 55u);
  EXPECT_EQ(report->imported["articles (draft)"], 2u);
  EXPECT_EQ(report->imported["articles (scheduled)"], 1u);
  EXPECT_EQ(report->skipped["pages (Qalam has no place for them; listed in the warnings)"], 21u);
  EXPECT_EQ(report->skipped["menu items"], 70u);
  EXPECT_GT(report->unknown_shortcodes.size(), 0u);
  auto articles = all_articles();
  EXPECT_EQ(articles.size(), 58u);
  const Article* sticky = find(articles, "Template: Sticky");
  ASSERT_NE(sticky, nullptr);
  EXPECT_TRUE(sticky->featured);
  EXPECT_EQ(sticky->status, ArticleStatus::published);
  const Article* password = find(articles, "Template: Password Protected (the password is \"enter\")");
  ASSERT_NE(password, nullptr);
  EXPECT_EQ(password->status, ArticleStatus::draft);
  // The body is Markdown without raw HTML.
  for (const Article& a : articles) {
    EXPECT_EQ(a.body.find("<p>"), std::string::npos) << a.title;
    EXPECT_EQ(a.body.find("<script"), std::string::npos) << a.title;
  }
  // Sections are the top-level categories.
  auto sections = store_->sections().all().value();
  EXPECT_GT(sections.size(), 3u);
  EXPECT_EQ(store_->sections().by_slug("uncategorized").value(), std::nullopt);
}

TEST_F(WordPressImportTest, ASecondRunUpdatesAndNeverDuplicates) {
  QALAM_REQUIRE_WXR("small-export.xml");
  ASSERT_TRUE(import(options({"small-export.xml"})).ok());
  auto first = all_articles();
  auto again = import(options({"small-export.xml"}));
  ASSERT_TRUE(again.ok()) << again.status().message();
  auto second = all_articles();
  ASSERT_EQ(first.size(), second.size());
  EXPECT_EQ(first.size(), 6u);
  std::set<std::string> a, b;
  for (const auto& x : first) a.insert(x.lang + "/" + x.slug);
  for (const auto& x : second) b.insert(x.lang + "/" + x.slug);
  EXPECT_EQ(a, b);
}

TEST_F(WordPressImportTest, PrivatePostsStayDraftsNestedCategoriesBecomeTags) {
  QALAM_REQUIRE_WXR("small-export.xml");
  auto report = import(options({"small-export.xml"}));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->imported["articles (published)"], 5u);
  EXPECT_EQ(report->imported["articles (draft)"], 1u);
  // Every section is a top-level category; the deeper ones are tags.
  auto sections = store_->sections().all().value();
  for (const Section& s : sections) EXPECT_NE(s.slug, "") << s.slug;
  EXPECT_TRUE(store_->tags().by_slug("child-1").value().has_value() || store_->tags().all().value().size() > 0u);
}

TEST_F(WordPressImportTest, OldAddressesAreKept) {
  QALAM_REQUIRE_WXR("valid-wxr-1.1.xml");
  ASSERT_TRUE(import(options({"valid-wxr-1.1.xml"})).ok());
  EXPECT_EQ(legacy("/?p=1"), "/en/articles/hello-world");
  EXPECT_EQ(legacy("/category/alpha"), "/en/sections/alpha");
  EXPECT_EQ(legacy("/tag/clippable"), "/en/tags/clippable");
  EXPECT_EQ(legacy("/author/john"), "/en/authors/john");
  EXPECT_EQ(legacy("/"), "/en/");
  auto a = store_->articles().by_slug("en", "hello-world").value();
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->title, "Hello world!");
}

const char* polylang = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bilingual</title><link>https://news.example.az</link><language>az</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>leyla</wp:author_login><wp:author_display_name><![CDATA[Leyla Əliyeva]]></wp:author_display_name></wp:author>
<item><title>Bakıda bahar</title><link>https://news.example.az/2024/03/21/bakida-bahar/</link>
<dc:creator>leyla</dc:creator><content:encoded><![CDATA[<p>Mətn <a href="https://news.example.az/2024/03/21/spring-in-baku/">tərcümə</a>.</p>
<img src="https://news.example.az/wp-content/uploads/2024/03/bahar-1024x768.jpg" alt="Bahar">

[gallery ids="12"]]]></content:encoded>
<excerpt:encoded><![CDATA[Qısa <b>xülasə</b>]]></excerpt:encoded>
<wp:post_id>10</wp:post_id><wp:post_date>2024-03-21 10:00:00</wp:post_date><wp:post_date_gmt>2024-03-21 06:00:00</wp:post_date_gmt>
<wp:post_name>bakida-bahar</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky>
<category domain="language" nicename="az"><![CDATA[Azərbaycan]]></category>
<category domain="post_translations" nicename="pll_65f1"><![CDATA[pll_65f1]]></category>
<category domain="category" nicename="xeberler"><![CDATA[Xəbərlər]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[12]]></wp:meta_value></wp:postmeta>
</item>
<item><title>Spring in Baku</title><link>https://news.example.az/2024/03/21/spring-in-baku/</link>
<dc:creator>leyla</dc:creator><content:encoded><![CDATA[Text.]]></content:encoded>
<wp:post_id>11</wp:post_id><wp:post_date_gmt>2024-03-21 06:00:00</wp:post_date_gmt>
<wp:post_name>spring-in-baku</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="language" nicename="en"><![CDATA[English]]></category>
<category domain="post_translations" nicename="pll_65f1"><![CDATA[pll_65f1]]></category>
</item>
<item><title>Frühling</title><wp:post_id>13</wp:post_id><wp:post_date_gmt>2024-03-21 06:00:00</wp:post_date_gmt>
<wp:post_name>fruehling</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="language" nicename="de"><![CDATA[Deutsch]]></category></item>
<item><title>bahar.jpg</title><wp:post_id>12</wp:post_id><wp:post_parent>10</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:attachment_url>https://news.example.az/wp-content/uploads/2024/03/bahar.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[Bahar gülləri]]></wp:meta_value></wp:postmeta></item>
<item><title>missing.jpg</title><wp:post_id>14</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:attachment_url>https://news.example.az/wp-content/uploads/2024/03/missing.jpg</wp:attachment_url></item>
</channel></rss>
)";

TEST_F(WordPressImportTest, PolylangGroupsBecomeTranslationsAndImagesComeFromUploads) {
  auto file = write("polylang.xml", polylang);
  std::filesystem::create_directories(dir_.path() / "uploads/2024/03");
  std::ofstream(dir_.path() / "uploads/2024/03/bahar.jpg") << "jpeg";
  WordPressOptions o = options({file.string()});
  o.uploads = dir_.path() / "uploads";
  auto report = import(o);
  ASSERT_TRUE(report.ok()) << report.status().message();
  auto az = store_->articles().by_slug("az", "bakida-bahar").value();
  auto en = store_->articles().by_slug("en", "spring-in-baku").value();
  ASSERT_TRUE(az && en);
  EXPECT_EQ(az->translation_group, en->translation_group);
  EXPECT_EQ(az->lead, "Qısa xülasə");
  EXPECT_EQ(az->image, "/media/img1.jpg");
  EXPECT_EQ(az->image_alt, "Bahar gülləri");
  // Links to the other post and to a resized copy of the image point at their new homes.
  EXPECT_NE(az->body.find("[tərcümə](/en/articles/spring-in-baku)"), std::string::npos) << az->body;
  EXPECT_NE(az->body.find("![Bahar](/media/img1.jpg)"), std::string::npos) << az->body;
  EXPECT_NE(az->body.find("![Bahar gülləri](/media/img1.jpg)"), std::string::npos) << az->body;  // the gallery
  EXPECT_EQ(images_.added.size(), 1u);
  // Named from its old address, the same in every run: a run killed before recording
  // the image finds it by that name instead of adding a copy.
  ASSERT_EQ(images_.names.size(), 1u);
  EXPECT_TRUE(std::regex_match(images_.names[0], std::regex("wp[0-9a-f]{16}"))) << images_.names[0];
  EXPECT_EQ(legacy("/wp-content/uploads/2024/03/bahar.jpg"), "/media/img1.jpg");
  EXPECT_EQ(legacy("/2024/03/21/bakida-bahar"), "/az/articles/bakida-bahar");
  // A post in a language the site does not publish in is reported, as is a missing file.
  EXPECT_EQ(report->skipped["posts in a language other than az, en, ru"], 1u);
  bool missing_warned = false;
  for (const auto& w : report->warnings) {
    if (w.find("polylang.xml:") == 0 && w.find("missing.jpg") != std::string::npos) missing_warned = true;
  }
  EXPECT_TRUE(missing_warned);
  // A second run finds the image it imported and uploads nothing.
  auto again = import(o);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(images_.added.size(), 1u);
  EXPECT_EQ(store_->articles().by_slug("az", "bakida-bahar").value()->image, "/media/img1.jpg");
}

TEST_F(WordPressImportTest, DryRunWritesNothing) {
  QALAM_REQUIRE_WXR("small-export.xml");
  WordPressOptions o = options({"small-export.xml"});
  o.dry_run = true;
  auto report = import(o);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->imported["articles (published)"], 5u);
  EXPECT_TRUE(all_articles().empty());
  EXPECT_TRUE(store_->sections().all().value().empty());
  EXPECT_EQ(legacy("/?p=1"), "");
}

TEST_F(WordPressImportTest, AMalformedFileFailsWithItsLineAndWritesNothing) {
  QALAM_REQUIRE_WXR("malformed.xml");
  auto report = import(options({"malformed.xml"}));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::invalid_argument);
  EXPECT_TRUE(report.status().message().starts_with("malformed.xml:")) << report.status().message();
  EXPECT_TRUE(all_articles().empty());
  EXPECT_TRUE(store_->tags().all().value().empty());
}

TEST_F(WordPressImportTest, ResumeStartsAfterTheLastCommittedBatch) {
  QALAM_REQUIRE_WXR("theme-unit-test-data.xml");
  WordPressOptions o = options({"theme-unit-test-data.xml"});
  o.batch_size = 5;
  ASSERT_TRUE(import(o).ok());
  size_t all = all_articles().size();
  // As if the run had stopped after the 100th item: the next starts at the 101st.
  std::string key = "wordpress|" + std::filesystem::absolute(o.files[0].path).string();
  store::ContentBatch checkpoint;
  checkpoint.checkpoint = store::ImportCheckpoint{key, "0:100"};
  ASSERT_TRUE(store_->import_content(checkpoint, nullptr).ok());
  o.resume = true;
  auto resumed = import(o);
  ASSERT_TRUE(resumed.ok()) << resumed.status().message();
  EXPECT_GT(resumed->resumed_after, 0u);
  EXPECT_LT(resumed->imported["articles (published)"], 55u);
  EXPECT_EQ(all_articles().size(), all);
  EXPECT_EQ(store_->import_checkpoint(key).value(), "0:186");
}

}  // namespace
}  // namespace qalam::ingest
