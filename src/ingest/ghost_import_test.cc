#include <gtest/gtest.h>

#include <fstream>

#include "core/testing/temp_dir.h"
#include "ingest/ghost_content.h"
#include "ingest/wordpress_import.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::ingest {
namespace {

const std::filesystem::path fixture = std::filesystem::path(__FILE__).parent_path() / "../../tests/fixtures/ghost-5-export.json";

class NoImages final : public ImageSink {
 public:
  Result<std::string> add(const std::filesystem::path& file, std::string_view, std::string_view alt,
                          std::string_view) override {
    added.emplace_back(file.filename().string(), std::string(alt));
    return std::string("/media/ghost") + std::to_string(added.size()) + ".png";
  }
  bool has(std::string_view) override { return true; }
  std::vector<std::pair<std::string, std::string>> added;
};

class GhostImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(store::sqlite::open_sqlite_store({(dir_.path() / "g.db").string(), 1, 1000, {}})).value();
    ASSERT_TRUE(store_->migrate(nullptr).ok());
  }
  Result<WordPressReport> import(const std::filesystem::path& file, bool with_images = false) {
    WordPressOptions o;
    o.format = SourceFormat::ghost;
    o.files.push_back({file, file.filename().string()});
    if (with_images) {
      std::filesystem::create_directories(dir_.path() / "images/2024/05");
      std::ofstream(dir_.path() / "images/2024/05/port.png") << "png";
      o.uploads = dir_.path() / "images";
    }
    return import_wordpress(*store_, o, &images_);
  }
  Article draft(std::string_view title) {
    store::EditorialFilter f;
    auto listed = store_->editorial().list(f);
    if (!listed.ok()) {
      ADD_FAILURE() << listed.status().to_string();
      return {};
    }
    for (const Article& a : *listed) {
      if (a.title != title) continue;
      auto found = store_->editorial().by_id(a.id);  // with its body
      if (found.ok() && found->has_value()) return **found;
      ADD_FAILURE() << title << ": " << (found.ok() ? "not found by id" : found.status().to_string());
      return {};
    }
    ADD_FAILURE() << "no piece " << title;
    return {};
  }
  qalam::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  NoImages images_;
};

TEST_F(GhostImportTest, PostsTagsAuthorsAndImagesComeAcross) {
  auto report = import(fixture, true);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->imported["articles (published)"], 2u);
  EXPECT_EQ(report->imported["articles (draft)"], 2u);  // the draft, and the paid post kept in the newsroom
  EXPECT_EQ(report->skipped["pages (Qalam has no place for them; listed in the warnings)"], 1u);
  auto a = store_->articles().by_slug("en", "baki-and-the-caspian").value();
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->title, "Bakı & the Caspian");
  EXPECT_EQ(a->lead, "Ports & pipelines");
  EXPECT_TRUE(a->featured);
  EXPECT_EQ(a->image, "/media/ghost1.png");
  EXPECT_EQ(a->image_alt, "Cranes at Alat");
  // Lexical: bold, a link to the other post at its new address, a heading, the image
  // with its caption, a numbered list, code; the signup card left out.
  EXPECT_NE(a->body.find("The sea **matters**[more](/en/articles/second-post)"), std::string::npos) << a->body;
  EXPECT_NE(a->body.find("## Ports"), std::string::npos) << a->body;
  EXPECT_NE(a->body.find("![The port](/media/ghost1.png)\n\n*Alat port*"), std::string::npos) << a->body;
  EXPECT_NE(a->body.find("1. one\n2. two"), std::string::npos) << a->body;
  EXPECT_NE(a->body.find("```js\nx < 1\n```"), std::string::npos) << a->body;
  EXPECT_NE(a->body.find("[A report](https://example.org/report)"), std::string::npos) << a->body;
  // The primary tag (the first public one; "#hero" is internal) is the section.
  auto section = store_->sections().by_slug("economy").value();
  ASSERT_TRUE(section.has_value());
  EXPECT_EQ(a->section_id, section->id);
  EXPECT_FALSE(store_->tags().by_slug("hash-hero").value().has_value());
  // Byline in posts_authors' order.
  auto nigar = store_->authors().by_slug("nigar").value();
  auto tural = store_->authors().by_slug("tural").value();
  ASSERT_TRUE(nigar && tural);
  EXPECT_EQ(a->author_ids, (std::vector<int64_t>{nigar->id, tural->id}));
  // Mobiledoc: markups, a soft return, a Markdown card, a rule, a list, a heading.
  auto m = store_->articles().by_slug("en", "second-post").value();
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->body, "Hello [**world**](https://example.org)\\\nnext line\n\nSome *markdown* card\n\n---\n\n- a\n- b\n\n### End");
  // A paid post never reaches the public site.
  EXPECT_EQ(draft("For members").status, ArticleStatus::draft);
  EXPECT_EQ(draft("Old HTML post").body, "Only *html*.");
  // Ghost's addresses.
  EXPECT_EQ(store_->redirects().legacy("/second-post").value(), "/en/articles/second-post");
  EXPECT_EQ(store_->redirects().legacy("/tag/caspian").value(), "/en/tags/caspian");
  EXPECT_EQ(store_->redirects().legacy("/author/nigar").value(), "/en/authors/nigar");
  EXPECT_EQ(store_->redirects().legacy("/content/images/2024/05/port.png").value(), "/media/ghost1.png");
}

TEST_F(GhostImportTest, BrokenJsonNamesItsLineAndOtherJsonIsNotGhost) {
  std::ofstream(dir_.path() / "broken.json") << "{\"db\": [\n{\"meta\": {},\n\"data\": {\"posts\": [}\n]}";
  auto broken = import(dir_.path() / "broken.json");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("broken.json:3: not valid JSON"), std::string::npos) << broken.status().message();
  std::ofstream(dir_.path() / "other.json") << "{\"posts\": []}";
  auto other = import(dir_.path() / "other.json");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("other.json: not a Ghost export"), std::string::npos) << other.status().message();
  store::EditorialFilter f;
  EXPECT_TRUE(store_->editorial().list(f).value().empty());
}

TEST(GhostContent, NotLexicalOrMobiledocIsNoDocument) {
  EXPECT_FALSE(lexical_to_html("{\"x\":1}").has_value());
  EXPECT_FALSE(mobiledoc_to_html("not json").has_value());
  auto unknown = lexical_to_html(R"({"root":{"type":"root","children":[{"type":"button","buttonText":"Buy"},{"type":"paywall"}]}})");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->html, "");
  EXPECT_EQ(unknown->dropped_cards.at("button"), 1u);
}

}  // namespace
}  // namespace qalam::ingest
