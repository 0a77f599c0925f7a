#include <algorithm>
#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "core/search_query.h"
#include "core/time_format.h"
#include "store/testing/backends.h"
#include "store/testing/test_article.h"

namespace qalam::store {
namespace {

class NewsroomStoreTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    store_ = std::move(testing::open_test_store(GetParam(), {dir_.path()})).value();
    ASSERT_TRUE(store_->migrate(nullptr).ok());
    ContentBatch b;
    b.authors.push_back({Author{0, "vasif", {{"en", "Vasif"}}, {}, "", {}}, "a"});
    ASSERT_TRUE(store_->import_content(b, nullptr).ok());
    author_id_ = store_->authors().by_slug("vasif").value()->id;
  }

  Article draft(std::string slug) {
    return testing::test_article(slug, author_id_, ArticleStatus::draft, "az");
  }
  static TimePoint at(const char* text) { return parse_timestamp(text).value(); }

  qalam::testing::TempDir dir_{"qalam_newsroom_store"};
  std::unique_ptr<Store> store_;
  int64_t author_id_ = 0;
  Actor actor_{0, "test"};
};

TEST_P(NewsroomStoreTest, EmailsAreUniqueWithoutRegardToCase) {
  User u{0, "Leyla@Example.org", "Leyla", Role::editor, false, 0, "az", at("2026-01-01T00:00:00Z")};
  auto id = store_->accounts().add_user(u, "hash");
  ASSERT_TRUE(id.ok()) << id.status().to_string();
  u.email = "leyla@example.ORG";
  auto again = store_->accounts().add_user(u, "hash");
  EXPECT_EQ(again.status().code(), StatusCode::conflict);
  auto found = store_->accounts().user_by_email("LEYLA@example.org");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, *id);
  EXPECT_EQ((*found)->role, Role::editor);
}

TEST_P(NewsroomStoreTest, DisablingOrANewPasswordEndsSessions) {
  User u{0, "a@example.org", "A", Role::author, false, 0, "", at("2026-01-01T00:00:00Z")};
  int64_t id = store_->accounts().add_user(u, "h").value();
  u.id = id;
  auto open = [&](const char* token) {
    ASSERT_TRUE(store_->accounts().add_session({token, id, "csrf", at("2026-01-01T00:00:00Z"),
                                                at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z")}).ok());
  };
  open("s1");
  ASSERT_TRUE(store_->accounts().session("s1").value().has_value());
  ASSERT_TRUE(store_->accounts().set_password_hash(id, "h2").ok());
  EXPECT_FALSE(store_->accounts().session("s1").value().has_value());
  open("s2");
  u.disabled = true;
  ASSERT_TRUE(store_->accounts().update_user(u).ok());
  EXPECT_FALSE(store_->accounts().session("s2").value().has_value());
  EXPECT_EQ(store_->accounts().password_hash(id).value(), "h2");
}

TEST_P(NewsroomStoreTest, PasswordResetLinksWorkOnceAndExpire) {
  int64_t id = store_->accounts().add_user({0, "r@example.org", "R", Role::admin, false, 0, "", {}}, "h").value();
  ASSERT_TRUE(store_->accounts().add_password_reset("t1", id, at("2026-01-01T01:00:00Z")).ok());
  ASSERT_TRUE(store_->accounts().add_password_reset("t2", id, at("2026-01-01T01:00:00Z")).ok());
  EXPECT_EQ(store_->accounts().take_password_reset("t1", at("2026-01-01T00:30:00Z")).value(), id);
  EXPECT_FALSE(store_->accounts().take_password_reset("t1", at("2026-01-01T00:31:00Z")).value());
  EXPECT_FALSE(store_->accounts().take_password_reset("t2", at("2026-01-01T01:00:01Z")).value());
}

TEST_P(NewsroomStoreTest, EverySaveIsARevisionAndStaleSavesAreRefused) {
  Article a = draft("ilk");
  ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
  EXPECT_EQ(a.version, 1);
  Article mine = store_->editorial().by_id(a.id).value().value();
  Article theirs = mine;
  mine.title = "Mənim başlığım";
  ASSERT_TRUE(store_->editorial().save(mine, actor_).ok());
  EXPECT_EQ(mine.version, 2);
  theirs.title = "Onların başlığı";
  Status s = store_->editorial().save(theirs, actor_);
  EXPECT_EQ(s.code(), StatusCode::conflict) << s.to_string();
  EXPECT_EQ(store_->editorial().by_id(a.id).value()->title, "Mənim başlığım");

  auto revisions = store_->editorial().revisions(a.id).value();
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0].version, 2);
  auto first = store_->editorial().revision(a.id, 1).value();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->title, "Başlıq ilk");
  EXPECT_EQ(first->author_ids, std::vector<int64_t>{author_id_});
  EXPECT_EQ(first->version, 2);  // restoring saves on top of the current version
}

TEST_P(NewsroomStoreTest, ReadersSeeOnlyPublishedPiecesAndScheduledOnesAtTheirTime) {
  Article a = draft("planli");
  a.status = ArticleStatus::scheduled;
  a.published_at = at("2026-01-10T12:00:00Z");
  ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
  EXPECT_FALSE(store_->articles().by_slug("az", "planli").value().has_value());
  EXPECT_TRUE(store_->editorial().publish_due(at("2026-01-10T11:59:59Z"), actor_).value().empty());
  auto published = store_->editorial().publish_due(at("2026-01-10T12:00:00Z"), actor_).value();
  EXPECT_EQ(published, std::vector<int64_t>{a.id});
  auto seen = store_->articles().by_slug("az", "planli").value();
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->status, ArticleStatus::published);
  EXPECT_EQ(store_->editorial().revisions(a.id).value().front().actor, "test");

  SearchRequest r;
  r.lang = "az";
  r.query = parse_search_query("basliq", false).value();
  EXPECT_EQ(store_->search().search(r).value().total, 1);
  Article down = *seen;
  down.status = ArticleStatus::unpublished;
  ASSERT_TRUE(store_->editorial().save(down, actor_).ok());
  EXPECT_EQ(store_->search().search(r).value().total, 0);
  EXPECT_FALSE(store_->articles().by_slug("az", "planli").value().has_value());
}

TEST_P(NewsroomStoreTest, AnAuthorsArchiveFollowsPublishingUnpublishingAndNewTimes) {
  ContentBatch b;
  b.tags.push_back({Tag{0, "t", {{"en", "T"}}}, "t"});
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  int64_t tag = store_->tags().by_slug("t").value()->id;
  std::vector<Article> pieces;
  for (int i = 0; i < 3; ++i) {
    Article a = draft("piece-" + std::to_string(i));
    a.tag_ids = {tag};
    a.status = ArticleStatus::published;
    a.published_at = at("2026-01-10T10:00:00Z") + std::chrono::hours(i);
    ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
    pieces.push_back(a);
  }
  ArticleFilter by_author;
  by_author.lang = "az";
  by_author.author_id = author_id_;
  ArticleFilter by_tag = by_author;
  by_tag.author_id = 0;
  by_tag.tag_id = tag;
  auto slugs = [&](const ArticleFilter& f) {
    std::vector<std::string> out;
    auto list = store_->articles().list(f);  // a temporary Result would die before the loop ends
    for (const Article& a : *list) out.push_back(a.slug);
    return out;
  };
  EXPECT_EQ(slugs(by_author), (std::vector<std::string>{"piece-2", "piece-1", "piece-0"}));
  EXPECT_EQ(slugs(by_tag), slugs(by_author));
  EXPECT_EQ(store_->articles().count(by_author).value(), 3);
  // Unpublished: gone from both; an older piece moved to the front: first.
  pieces[2].status = ArticleStatus::unpublished;
  ASSERT_TRUE(store_->editorial().save(pieces[2], actor_).ok());
  pieces[0].published_at = at("2026-01-11T10:00:00Z");
  ASSERT_TRUE(store_->editorial().save(pieces[0], actor_).ok());
  EXPECT_EQ(slugs(by_author), (std::vector<std::string>{"piece-0", "piece-1"}));
  EXPECT_EQ(slugs(by_tag), (std::vector<std::string>{"piece-0", "piece-1"}));
  EXPECT_EQ(store_->articles().count(by_tag).value(), 2);
  by_author.limit = 1;
  by_author.offset = 1;
  EXPECT_EQ(slugs(by_author), (std::vector<std::string>{"piece-1"}));
  by_author.offset = 0;
  by_author.after = std::make_pair(at("2026-01-11T10:00:00Z"), pieces[0].id);
  EXPECT_EQ(slugs(by_author), (std::vector<std::string>{"piece-1"}));
}

TEST_P(NewsroomStoreTest, RenamingAPublishedPieceLeavesARedirectADraftDoesNot) {
  Article a = draft("kohne");
  ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
  a.slug = "yeni";
  ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
  EXPECT_FALSE(store_->redirects().resolve(SlugKind::article, "az", "kohne").value().has_value());
  a.status = ArticleStatus::published;
  ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
  a.slug = "en-yeni";
  ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
  EXPECT_EQ(store_->redirects().resolve(SlugKind::article, "az", "yeni").value(), "en-yeni");
}

TEST_P(NewsroomStoreTest, SlugsAndTranslationLanguagesAreChecked) {
  Article a = draft("eyni");
  ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
  Article b = draft("eyni");
  b.translation_group = "other";
  Status taken = store_->editorial().save(b, actor_);
  EXPECT_EQ(taken.code(), StatusCode::conflict);
  ASSERT_EQ(taken.problems().size(), 1u);
  EXPECT_EQ(taken.problems()[0].field, "slug");
  EXPECT_EQ(taken.problems()[0].code, "taken");
  Article c = draft("basqa");
  c.translation_group = a.translation_group;
  Status s = store_->editorial().save(c, actor_);
  EXPECT_EQ(s.code(), StatusCode::conflict);
  ASSERT_EQ(s.problems().size(), 1u);
  EXPECT_EQ(s.problems()[0].field, "translation_of");
  EXPECT_EQ(s.problems()[0].code, "translated");
}

TEST_P(NewsroomStoreTest, DeletingNeedsTheCurrentVersion) {
  Article a = draft("silinecek");
  ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
  EXPECT_EQ(store_->editorial().remove(a.id, 7).code(), StatusCode::conflict);
  EXPECT_TRUE(store_->editorial().remove(a.id, a.version).ok());
  EXPECT_FALSE(store_->editorial().by_id(a.id).value().has_value());
  EXPECT_EQ(store_->editorial().remove(a.id, a.version).code(), StatusCode::not_found);
}

TEST_P(NewsroomStoreTest, PreviewLinksUntilRevoked) {
  Article a = draft("onbaxis");
  ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
  ASSERT_TRUE(store_->editorial().add_preview_link("p1", a.id, 0, at("2026-01-01T00:00:00Z")).ok());
  EXPECT_EQ(store_->editorial().preview_link("p1").value(), a.id);
  ASSERT_TRUE(store_->editorial().revoke_preview_links(a.id).ok());
  EXPECT_FALSE(store_->editorial().preview_link("p1").value().has_value());
}

TEST_P(NewsroomStoreTest, AuditLogNewestFirst) {
  ASSERT_TRUE(store_->audit().append({0, at("2026-01-01T00:00:00Z"), 0, "cli", "user.add", "user:1", "", ""}).ok());
  ASSERT_TRUE(store_->audit().append({0, at("2026-01-02T00:00:00Z"), 0, "x@y", "sign_in", "", "", "127.0.0.1"}).ok());
  auto entries = store_->audit().list(10, 0).value();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "sign_in");
  EXPECT_EQ(store_->audit().count().value(), 2);
}

// Related pieces are worked out when a piece is published and kept: the page reads the
// kept list, and a new piece is added to the lists of the pieces it relates to (their
// pages are told so through the change feed).
TEST_P(NewsroomStoreTest, RelatedPiecesAreKeptAndANewPieceJoinsItsNeighboursLists) {
  ContentBatch b;
  b.tags.push_back({Tag{0, "shusha", {{"az", "Şuşa"}}}, "t"});
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  const int64_t tag = store_->tags().by_slug("shusha").value()->id;
  std::vector<Article> pieces;
  for (const char* slug : {"birinci", "ikinci"}) {
    Article a = draft(slug);
    a.status = ArticleStatus::published;
    a.tag_ids = {tag};
    ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
    pieces.push_back(a);
  }
  auto related = store_->articles().related(pieces[0], 5);
  ASSERT_TRUE(related.ok());
  ASSERT_EQ(related->size(), 1u);
  EXPECT_EQ(related->front().slug, "ikinci");  // the second piece joined the first one's list

  std::vector<std::string> heard;
  store_->on_change([&](const std::vector<std::string>& keys) { heard.insert(heard.end(), keys.begin(), keys.end()); });
  Article third = draft("ucuncu");
  third.status = ArticleStatus::published;
  third.tag_ids = {tag};
  ASSERT_TRUE(store_->editorial().save(third, actor_).ok());
  related = store_->articles().related(pieces[0], 5);
  ASSERT_EQ(related->size(), 2u);
  EXPECT_NE(std::find(heard.begin(), heard.end(), "article:" + std::to_string(pieces[0].id)), heard.end());

  // Unpublished, a piece leaves the others' lists.
  third.status = ArticleStatus::draft;
  ASSERT_TRUE(store_->editorial().save(third, actor_).ok());
  related = store_->articles().related(pieces[0], 5);
  ASSERT_EQ(related->size(), 1u);
  EXPECT_EQ(related->front().slug, "ikinci");
}

// An archive's count of translation groups is kept (archive_counts.h): every save,
// unpublish, tag change, translation and deletion moves it, and it always equals what
// the archive lists.
TEST_P(NewsroomStoreTest, ArchiveCountsFollowEveryWrite) {
  ContentBatch b;
  b.tags.push_back({Tag{0, "baku", {{"az", "Bakı"}}}, "t"});
  b.tags.push_back({Tag{0, "ganja", {{"az", "Gəncə"}}}, "t"});
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  const int64_t baku = store_->tags().by_slug("baku").value()->id;
  const int64_t ganja = store_->tags().by_slug("ganja").value()->id;
  auto count = [&](int64_t tag) {
    ArticleFilter f;
    f.prefer_lang = "az";
    f.tag_id = tag;
    f.limit = 100;
    int64_t kept = store_->articles().count(f).value();
    EXPECT_EQ(static_cast<size_t>(kept), store_->articles().list(f).value().size()) << "tag " << tag;
    return kept;
  };
  std::vector<Article> pieces;
  for (const char* slug : {"bir", "iki", "uc"}) {
    Article a = draft(slug);
    a.status = ArticleStatus::published;
    a.tag_ids = {baku};
    ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
    pieces.push_back(a);
  }
  EXPECT_EQ(count(baku), 3);
  // A translation of a piece joins its group: the archive still counts three.
  Article english = testing::test_article("one-en", author_id_, ArticleStatus::published, "en");
  english.translation_group = pieces[0].translation_group;
  english.tag_ids = {baku};
  ASSERT_TRUE(store_->editorial().save(english, actor_).ok());
  EXPECT_EQ(count(baku), 3);
  // Moved to another tag, unpublished, deleted.
  pieces[1].tag_ids = {ganja};
  ASSERT_TRUE(store_->editorial().save(pieces[1], actor_).ok());
  EXPECT_EQ(count(baku), 2);
  EXPECT_EQ(count(ganja), 1);
  pieces[2].status = ArticleStatus::draft;
  ASSERT_TRUE(store_->editorial().save(pieces[2], actor_).ok());
  EXPECT_EQ(count(baku), 1);
  ASSERT_TRUE(store_->editorial().remove(pieces[1].id, pieces[1].version, nullptr).ok());
  EXPECT_EQ(count(ganja), 0);
  // The author's archive of every language counts groups too.
  ArticleFilter by_author;
  by_author.prefer_lang = "en";
  by_author.author_id = author_id_;
  EXPECT_EQ(store_->articles().count(by_author).value(), 1);  // "bir" and its translation
}

// Sign-in throttling counts failures in a window that starts again once it has passed.
TEST_P(NewsroomStoreTest, SignInFailuresCountWithinTheirWindow) {
  const auto window = std::chrono::seconds(600);
  const TimePoint t0 = at("2026-01-10T10:00:00Z");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store_->accounts().add_sign_in_failure("ip:192.0.2.1", t0 + std::chrono::seconds(i), window).ok());
  }
  auto now = store_->accounts().sign_in_failures("ip:192.0.2.1", t0 + std::chrono::seconds(5), window);
  ASSERT_TRUE(now.ok()) << now.status().to_string();
  EXPECT_EQ(now->count, 3);
  EXPECT_EQ(now->last, t0 + std::chrono::seconds(2));
  // Past the window the count starts again at one.
  const TimePoint later = t0 + std::chrono::seconds(2000);
  ASSERT_TRUE(store_->accounts().add_sign_in_failure("ip:192.0.2.1", later, window).ok());
  EXPECT_EQ(store_->accounts().sign_in_failures("ip:192.0.2.1", later, window).value().count, 1);
  EXPECT_EQ(store_->accounts().sign_in_failures("ip:198.51.100.7", later, window).value().count, 0);
  ASSERT_TRUE(store_->accounts().clear_sign_in_failures("ip:192.0.2.1").ok());
  EXPECT_EQ(store_->accounts().sign_in_failures("ip:192.0.2.1", later, window).value().count, 0);
}

// Reads are added per piece and hour; the most read are the most read since a time.
TEST_P(NewsroomStoreTest, MostReadAddsReadsPerHour) {
  Article a = draft("oxunan");
  a.status = ArticleStatus::published;
  Article b = draft("az-oxunan");
  b.status = ArticleStatus::published;
  ASSERT_TRUE(store_->editorial().save(a, actor_).ok());
  ASSERT_TRUE(store_->editorial().save(b, actor_).ok());
  const int64_t hour = to_unix(at("2026-01-10T10:00:00Z")) / 3600;
  ASSERT_TRUE(store_->views().add({{a.id, hour, 2}, {b.id, hour, 3}}).ok());
  ASSERT_TRUE(store_->views().add({{a.id, hour, 2}, {a.id, hour + 1, 1}}).ok());  // the same hour again adds
  auto top = store_->views().most_read("az", 0, at("2026-01-10T00:00:00Z"), 5);
  ASSERT_TRUE(top.ok()) << top.status().to_string();
  ASSERT_EQ(top->size(), 2u);
  EXPECT_EQ((*top)[0].id, a.id);  // 5 reads against 3
  EXPECT_EQ((*top)[1].id, b.id);
  auto days = store_->views().per_day(at("2026-01-01T00:00:00Z"));
  ASSERT_TRUE(days.ok()) << days.status().to_string();
  ASSERT_EQ(days->size(), 1u);
  EXPECT_EQ(days->front().second, 8);
  EXPECT_TRUE(store_->views().most_read("en", 0, at("2026-01-10T00:00:00Z"), 5).value().empty());
}

// One holder at a time; its own lease renews; an expired or released one goes to the
// next that asks.
TEST_P(NewsroomStoreTest, ALeaseHasOneHolderUntilItExpiresOrIsReleased) {
  auto& leases = store_->leases();
  EXPECT_TRUE(leases.take("scheduler", "node-a", std::chrono::seconds(60)).value());
  EXPECT_FALSE(leases.take("scheduler", "node-b", std::chrono::seconds(60)).value());
  EXPECT_TRUE(leases.take("scheduler", "node-a", std::chrono::seconds(60)).value());  // renewed
  EXPECT_TRUE(leases.take("feeds", "node-b", std::chrono::seconds(60)).value());  // another job
  ASSERT_TRUE(leases.release("scheduler", "node-b").ok());  // not its lease: nothing happens
  EXPECT_FALSE(leases.take("scheduler", "node-b", std::chrono::seconds(60)).value());
  ASSERT_TRUE(leases.release("scheduler", "node-a").ok());
  EXPECT_TRUE(leases.take("scheduler", "node-b", std::chrono::seconds(60)).value());
  // A lease of no time left expires at once: the next to ask takes it over.
  EXPECT_TRUE(leases.take("feeds", "node-b", std::chrono::seconds(-1)).value());
  EXPECT_TRUE(leases.take("feeds", "node-a", std::chrono::seconds(60)).value());
  EXPECT_FALSE(leases.take("feeds", "node-b", std::chrono::seconds(60)).value());
}

TEST_P(NewsroomStoreTest, MediaFilesKeepEveryByteAndNameTheirChanges) {
  std::vector<std::string> heard;
  store_->on_change([&](const std::vector<std::string>& keys) { heard.insert(heard.end(), keys.begin(), keys.end()); });
  std::string bytes("\xff\xd8\x00\x01jpeg\x00\x7f\x80 end", 14);
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  ASSERT_TRUE(store_->media_files().put("m1.jpg", bytes).ok());
  EXPECT_EQ(heard, std::vector<std::string>{"media-file:m1.jpg"});
  auto got = store_->media_files().get("m1.jpg");
  ASSERT_TRUE(got.ok() && got->has_value()) << got.status().to_string();
  EXPECT_EQ(**got, bytes);
  EXPECT_FALSE(store_->media_files().get("m2.jpg").value().has_value());

  ASSERT_TRUE(store_->media_files().put("m1.jpg.tmp", "new bytes").ok());
  ASSERT_TRUE(store_->media_files().rename("m1.jpg.tmp", "m1.jpg").ok());  // replaces
  EXPECT_EQ(store_->media_files().get("m1.jpg").value().value_or(""), "new bytes");
  EXPECT_EQ(store_->media_files().names().value(), std::vector<std::string>{"m1.jpg"});
  EXPECT_EQ(store_->media_files().rename("gone.jpg", "m1.jpg").code(), StatusCode::not_found);
  EXPECT_EQ(store_->media_files().get("m1.jpg").value().value_or(""), "new bytes");  // a failed rename keeps it

  heard.clear();
  ASSERT_TRUE(store_->media_files().remove("m1.jpg").ok());
  EXPECT_EQ(heard, std::vector<std::string>{"media-file:m1.jpg"});
  EXPECT_TRUE(store_->media_files().names().value().empty());

  ASSERT_TRUE(store_->media_files().put("a.png", "a").ok());
  ASSERT_TRUE(store_->media_files().put("b.png", "b").ok());
  EXPECT_EQ(store_->media_files().names().value(), (std::vector<std::string>{"a.png", "b.png"}));
  heard.clear();
  ASSERT_TRUE(store_->media_files().clear().ok());
  EXPECT_TRUE(store_->media_files().names().value().empty());
  std::sort(heard.begin(), heard.end());
  EXPECT_EQ(heard, (std::vector<std::string>{"media-file:a.png", "media-file:b.png"}));
}

QALAM_ON_EVERY_BACKEND(NewsroomStoreTest);

}  // namespace
}  // namespace qalam::store
