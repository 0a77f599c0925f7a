// The change feed: what a write names reaches this process's listeners once it
// commits, other processes' through the change log, and nothing of a failed write.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/testing/temp_dir.h"
#include "core/time_format.h"
#include "store/change_keys.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/search_index.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/test_article.h"

namespace qalam::store::sqlite {
namespace {

class ChangeFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = open();
    ASSERT_TRUE(writer_->migrate(nullptr).ok());
    ContentBatch b;
    b.authors.push_back({Author{0, "vasif", {{"en", "Vasif"}}, {}, "", {}}, "a"});
    ASSERT_TRUE(writer_->import_content(b, nullptr).ok());
    author_id_ = writer_->authors().by_slug("vasif").value()->id;
    // Another process on the same file: it hears of the writer's changes only through
    // the change log.
    reader_ = open();
    reader_->on_change([this](const std::vector<std::string>& keys) { heard_elsewhere_.push_back(keys); });
    ASSERT_TRUE(reader_->follow_changes().ok());  // marks where it starts
    writer_->on_change([this](const std::vector<std::string>& keys) { heard_here_.push_back(keys); });
  }
  std::unique_ptr<Store> open() {
    auto s = open_sqlite_store({(dir_ / "feed.db").string(), 2, 1000, {}});
    EXPECT_TRUE(s.ok()) << s.status().to_string();
    return std::move(s).value();
  }
  Article piece(const std::string& slug, ArticleStatus status) { return testing::test_article(slug, author_id_, status); }
  static bool has(const std::vector<std::string>& keys, const std::string& key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  }

  qalam::testing::TempDir dir_{"qalam_change_feed"};
  std::unique_ptr<Store> writer_, reader_;
  std::vector<std::vector<std::string>> heard_here_, heard_elsewhere_;
  int64_t author_id_ = 0;
  Actor actor_{0, "test"};
};

TEST_F(ChangeFeedTest, APublishedSaveNamesItsPagesHereAtOnceAndElsewhereThroughTheLog) {
  Article a = piece("first", ArticleStatus::published);
  ASSERT_TRUE(writer_->editorial().save(a, actor_).ok());
  // Told in this process before save() returned: the piece, its lists, its author's archive.
  ASSERT_EQ(heard_here_.size(), 1u);
  const auto& keys = heard_here_[0];
  EXPECT_TRUE(has(keys, change_keys::article(a.id)));
  EXPECT_TRUE(has(keys, "articles:en"));
  EXPECT_TRUE(has(keys, "articles::author:" + std::to_string(author_id_)));
  EXPECT_TRUE(has(keys, change_keys::sitemap));
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  // The other process hears the same keys when it reads the log, once.
  EXPECT_TRUE(heard_elsewhere_.empty());
  ASSERT_TRUE(reader_->follow_changes().ok());
  ASSERT_EQ(heard_elsewhere_.size(), 1u);
  EXPECT_EQ(heard_elsewhere_[0], keys);
  ASSERT_TRUE(reader_->follow_changes().ok());
  EXPECT_EQ(heard_elsewhere_.size(), 1u);
  // The writer does not hear its own changes twice.
  ASSERT_TRUE(writer_->follow_changes().ok());
  ASSERT_TRUE(writer_->follow_changes().ok());
  EXPECT_EQ(heard_here_.size(), 1u);
}

TEST_F(ChangeFeedTest, DraftsSettingsAndFailedWrites) {
  // A draft changes nothing readers see: nobody is told, nothing is logged.
  Article d = piece("draft", ArticleStatus::draft);
  ASSERT_TRUE(writer_->editorial().save(d, actor_).ok());
  EXPECT_TRUE(heard_here_.empty());
  // A stale save is refused and tells nobody.
  Article stale = d;
  stale.status = ArticleStatus::published;
  stale.version = 0;
  EXPECT_FALSE(writer_->editorial().save(stale, actor_).ok());
  EXPECT_TRUE(heard_here_.empty());
  ASSERT_TRUE(reader_->follow_changes().ok());
  EXPECT_TRUE(heard_elsewhere_.empty());
  // Settings are on every page.
  ASSERT_TRUE(writer_->settings().put("site.title", "Qalam").ok());
  ASSERT_EQ(heard_here_.size(), 1u);
  EXPECT_EQ(heard_here_[0], std::vector<std::string>{change_keys::settings});
  // A removed published piece takes its pages with it.
  Article p = piece("gone", ArticleStatus::published);
  ASSERT_TRUE(writer_->editorial().save(p, actor_).ok());
  ASSERT_TRUE(writer_->editorial().remove(p.id, p.version).ok());
  ASSERT_EQ(heard_here_.size(), 3u);
  EXPECT_TRUE(has(heard_here_[2], change_keys::article(p.id)));
  EXPECT_TRUE(has(heard_here_[2], change_keys::redirects));
}

TEST_F(ChangeFeedTest, ImportsNameEachRecordAndAProcessThatLostTrackHearsEverything) {
  ContentBatch b;
  PressItem item;
  item.outlet_name = "Outlet";
  item.original_url = "https://press.example.org/a";
  item.original_lang = "en";
  item.published_on = parse_timestamp("2026-01-01T00:00:00Z").value();
  item.title = "A";
  b.press_items.push_back({item, "p"});
  ASSERT_TRUE(writer_->import_content(b, nullptr).ok());
  ASSERT_TRUE(reader_->follow_changes().ok());
  ASSERT_EQ(heard_elsewhere_.size(), 1u);
  EXPECT_EQ(heard_elsewhere_[0], std::vector<std::string>{change_keys::press});
  // A row pruned before this process read it: it cannot know what changed.
  ASSERT_TRUE(writer_->settings().put("site.title", "One").ok());
  ASSERT_TRUE(writer_->settings().put("site.title", "Two").ok());
  {
    SqliteSearchIndex index;
    auto raw = SqliteConnection::open({(dir_ / "feed.db").string()}, index);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE((*raw)->exec("DELETE FROM change_log WHERE id = (SELECT max(id) - 1 FROM change_log)").ok());
  }
  heard_elsewhere_.clear();
  ASSERT_TRUE(reader_->follow_changes().ok());
  ASSERT_EQ(heard_elsewhere_.size(), 1u);
  EXPECT_EQ(heard_elsewhere_[0], std::vector<std::string>{change_keys::everything});
}

}  // namespace
}  // namespace qalam::store::sqlite
