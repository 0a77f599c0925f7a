// Every write path, failed at each of its statements in turn (fail_statement_after):
// each failure must reach the caller as an error and leave the database exactly as it
// was, and intact (PRAGMA integrity_check); then the write succeeds unhindered.
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <functional>

#include "core/testing/temp_dir.h"
#include "core/time_format.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/test_article.h"

namespace qalam::store::sqlite {
namespace {

class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (dir_ / "f.db").string();
    store_ = std::move(open_sqlite_store({path_, 2, 1000, {}})).value();
    ASSERT_TRUE(store_->migrate(nullptr).ok());
    ContentBatch b;
    b.sections.push_back({Section{0, "politics", SectionKind::articles, {{"en", "Politics"}}, 1}, "s"});
    b.authors.push_back({Author{0, "vasif", {{"en", "Vasif"}}, {}, "", {}}, "a"});
    b.tags.push_back({Tag{0, "baku", {{"en", "Baku"}}}, "t"});
    ASSERT_TRUE(store_->import_content(b, nullptr).ok());
    author_id_ = store_->authors().by_slug("vasif").value()->id;
  }
  void TearDown() override { fail_statement_after(0); }

  // Every row of every table, as text: "exactly as before" is this being equal.
  std::string snapshot() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::string out;
    std::vector<std::string> tables;
    sqlite3_stmt* list = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &list, nullptr);
    while (sqlite3_step(list) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
    sqlite3_finalize(list);
    for (const auto& t : tables) {
      sqlite3_stmt* rows = nullptr;
      if (sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\"").c_str(), -1, &rows, nullptr) != SQLITE_OK) continue;
      out += "[" + t + "]\n";
      while (sqlite3_step(rows) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(rows); ++c) {
          const unsigned char* v = sqlite3_column_text(rows, c);
          out += v ? reinterpret_cast<const char*>(v) : "NULL";
          out += '|';
        }
        out += '\n';
      }
      sqlite3_finalize(rows);
    }
    sqlite3_close(db);
    return out;
  }
  bool intact() {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, nullptr);
    bool ok = sqlite3_step(q) == SQLITE_ROW && std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, 0))) == "ok";
    sqlite3_finalize(q);
    sqlite3_close(db);
    return ok;
  }
  // Fails statement 1, 2, 3, … of `write` until it succeeds; returns how many failed.
  int every_failure(const std::string& name, const std::function<Status()>& write) {
    for (int n = 1; n < 1000; ++n) {
      std::string before = snapshot();
      fail_statement_after(n);
      Status s = write();
      fail_statement_after(0);
      if (s.ok()) return n - 1;
      EXPECT_TRUE(intact()) << name << ", statement " << n;
      EXPECT_EQ(snapshot(), before) << name << ": failing statement " << n << " changed the database";
      if (snapshot() != before) return n;
    }
    ADD_FAILURE() << name << " never succeeded";
    return 0;
  }
  // Saves `a` (kept as saved once it succeeds).
  std::function<Status()> save_of(Article& a, const AuditEntry& entry) {
    return [this, &a, &entry] {
      Article copy = a;
      Status s = store_->editorial().save(copy, actor_, &entry);
      if (s.ok()) a = copy;
      return s;
    };
  }
  Article draft(const std::string& slug) {
    Article a = testing::test_article(slug, author_id_);
    a.body = "Text about Baku.";
    a.tag_ids = {store_->tags().by_slug("baku").value()->id};
    a.section_id = store_->sections().by_slug("politics").value()->id;
    return a;
  }

  qalam::testing::TempDir dir_{"qalam_faults"};
  std::string path_;
  std::unique_ptr<Store> store_;
  int64_t author_id_ = 0;
  Actor actor_{0, "test"};
};

TEST_F(FaultTest, SavingPublishingAndDeletingAPiece) {
  AuditEntry entry{0, parse_timestamp("2026-01-10T10:00:00Z").value(), 0, "test", "article.create", "", "x", ""};
  Article a = draft("first");
  EXPECT_GT(every_failure("create", save_of(a, entry)), 3);
  a.status = ArticleStatus::published;
  a.body = "Text about Baku, published.";
  EXPECT_GT(every_failure("publish", save_of(a, entry)), 3);
  a.slug = "first-renamed";  // a published piece's new slug leaves a redirect
  EXPECT_GT(every_failure("rename", save_of(a, entry)), 3);
  User writer{0, "writer@example.org", "Writer", Role::editor, false, 0, "", a.updated_at};
  int64_t writer_id = store_->accounts().add_user(writer, "hash").value();
  EXPECT_GT(every_failure("autosave", [&] {
              return store_->editorial().put_autosave({writer_id, a.id, a.version, a.updated_at, "{\"body\":\"x\"}"});
            }), 0);
  Article later = draft("later");
  later.status = ArticleStatus::scheduled;
  ASSERT_TRUE(store_->editorial().save(later, actor_).ok());
  EXPECT_GT(every_failure("publish_due", [&] {
              return store_->editorial().publish_due(parse_timestamp("2026-02-01T00:00:00Z").value(), actor_).status();
            }), 0);
  EXPECT_GT(every_failure("delete", [&] { return store_->editorial().remove(a.id, a.version, &entry); }), 1);
}

TEST_F(FaultTest, ImportSettingsMediaAccountsAndAudit) {
  ContentBatch b;
  b.tags.push_back({Tag{0, "oil", {{"en", "Oil"}}}, "t"});
  b.projects.push_back({Project{0, "missions", {{"en", "Missions"}}, {}, {}, false, true, 1, {}}, "p"});
  MissionRecord m;
  m.project = "missions";
  m.mission = Mission{0, 0, "DE", "Berlin", {}, MissionKind::embassy, "https://example.org", {}};
  m.origin = "m";
  b.missions.push_back(m);
  ArticleRecord r;
  r.article = draft("imported");
  r.article.status = ArticleStatus::published;
  r.authors = {"vasif"};
  r.section = "politics";
  r.tags = {"oil"};
  r.origin = "a";
  b.articles.push_back(r);
  EXPECT_GT(every_failure("import", [&] { return store_->import_content(b, nullptr); }), 5);
  EXPECT_GT(every_failure("settings", [&] {
              return store_->settings().put_all({{"site.title", "Xəbərlər"}, {"site.tagline", "Hər gün"}});
            }), 1);
  MediaItem item;
  item.name = "mfaultimage";
  item.extension = "png";
  item.mime = "image/png";
  item.width = item.height = 10;
  item.created_at = parse_timestamp("2026-01-10T10:00:00Z").value();
  int64_t media_id = 0;
  EXPECT_GT(every_failure("media", [&] {
              auto id = store_->media().add(item);
              if (id.ok()) media_id = *id;
              return id.status();
            }), 0);
  EXPECT_GT(every_failure("describe", [&] { return store_->media().set_details(media_id, "Alt", "Caption", "Credit"); }), 0);
  EXPECT_GT(every_failure("media delete", [&] { return store_->media().remove_unused(media_id, item.name); }), 1);
  User u{0, "new@example.org", "New", Role::editor, false, 0, "", item.created_at};
  EXPECT_GT(every_failure("account", [&] { return store_->accounts().add_user(u, "hash").status(); }), 0);
  EXPECT_GT(every_failure("sign-in failure", [&] {
              return store_->accounts().add_sign_in_failure("key", item.created_at, std::chrono::seconds(900));
            }), 0);
  AuditEntry e{0, item.created_at, 0, "someone", "sign_in_failed", "", "", "10.0.0.1"};
  EXPECT_GT(every_failure("audit, folded", [&] {
              return store_->audit().append_folded(e, item.created_at - std::chrono::hours(1));
            }), 0);
}

}  // namespace
}  // namespace qalam::store::sqlite
