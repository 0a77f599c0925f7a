// What is the PostgreSQL backend's own: its placeholders, its connection failures and
// recovery, its schema checks. What both backends must do alike is in conformance/.
#include "store/postgres/postgres_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/postgres/connection.h"
#include "store/postgres/search.h"
#include "store/testing/backends.h"

namespace qalam::store::postgres {
namespace {

// Search documents written by hand, `rows` a VALUES list or a SELECT of
// (kind, ref, lang, title, lead, body, words, heads, dated).
bool insert_documents(PgConnection& db, std::string_view rows) {
  return db.exec("INSERT INTO search_documents (kind, ref, lang, title, lead, body, words, heads, dated) " +
                 std::string(rows)).ok();
}

TEST(PostgresPlaceholders, NumbersThemAsSqliteDoes) {
  int params = 0;
  EXPECT_EQ(postgres_placeholders("SELECT a FROM t WHERE x = ? AND y = ?", params),
            "SELECT a FROM t WHERE x = $1 AND y = $2");
  EXPECT_EQ(params, 2);
  EXPECT_EQ(postgres_placeholders("UPDATE t SET a = ?2 WHERE b = ?1 OR c = ?2", params),
            "UPDATE t SET a = $2 WHERE b = $1 OR c = $2");
  EXPECT_EQ(params, 2);
  // A bare ? after ?3 is the fourth, as in SQLite.
  EXPECT_EQ(postgres_placeholders("VALUES (?3, ?)", params), "VALUES ($3, $4)");
  EXPECT_EQ(params, 4);
}

TEST(PostgresIdLists, AnIdListBecomesAnArray) {
  EXPECT_EQ(postgres_id_lists("SELECT x FROM t WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each(?1)) OR"
                              " b IN (SELECT CAST(value AS BIGINT) FROM json_each(?))"),
            "SELECT x FROM t WHERE id = ANY (CAST(translate(?1, '[]', '{}') AS BIGINT[])) OR"
            " b = ANY (CAST(translate(?, '[]', '{}') AS BIGINT[]))");
  EXPECT_EQ(postgres_id_lists("DELETE FROM t WHERE id NOT IN (SELECT CAST(value AS BIGINT) FROM json_each(?2))"),
            "DELETE FROM t WHERE id <> ALL (CAST(translate(?2, '[]', '{}') AS BIGINT[]))");
  // A list of texts (JSON strings may hold anything) stays with json_each.
  EXPECT_EQ(postgres_id_lists("WHERE name IN (SELECT value FROM json_each(?))"),
            "WHERE name IN (SELECT value FROM json_each(?))");
}

TEST(PostgresGroupConcat, SpellsTheOneArgumentFormAsStringAgg) {
  EXPECT_EQ(postgres_group_concat("SELECT (SELECT group_concat(l.position * 4 + l.id) FROM l), group_concat(t.id) FROM t"),
            "SELECT (SELECT string_agg(CAST(l.position * 4 + l.id AS TEXT), ',') FROM l),"
            " string_agg(CAST(t.id AS TEXT), ',') FROM t");
  EXPECT_EQ(postgres_group_concat("SELECT group_concat(coalesce(x, 0)) FROM t"),
            "SELECT string_agg(CAST(coalesce(x, 0) AS TEXT), ',') FROM t");
  // Two arguments, quoted text, another function's name: as they were.
  for (const char* same : {"SELECT group_concat(name, ';') FROM t", "SELECT 'group_concat(x)' FROM t",
                           "SELECT my_group_concat(x) FROM t", "SELECT group_concat(x"}) {
    EXPECT_EQ(postgres_group_concat(same), same);
  }
}

TEST(PostgresPlaceholders, LeavesQuotedTextAlone) {
  int params = 0;
  EXPECT_EQ(postgres_placeholders("SELECT '?', \"a?\" FROM t WHERE x = ? AND y LIKE 'it''s?'", params),
            "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y LIKE 'it''s?'");
  EXPECT_EQ(params, 1);
}

TEST(PostgresUrl, PasswordsNeverReachAMessage) {
  EXPECT_EQ(redacted_url("postgresql://qalam:s3cret@db.example:5432/site"), "postgresql://qalam:***@db.example:5432/site");
  EXPECT_EQ(redacted_url("host=db user=qalam password=s3cret dbname=site"), "host=db user=qalam password=*** dbname=site");
  EXPECT_EQ(redacted_url("postgresql://qalam@db/site"), "postgresql://qalam@db/site");
}

TEST(PostgresSearchTerms, QueriesAndDocumentsFoldAlike) {
  int position = 0;
  // Şuşa is indexed with its spellings at one position, each in the document's language.
  std::string doc = tsvector_literal("Şuşa today", "az", 'A', position);
  EXPECT_NE(doc.find("'az#susa':1A"), std::string::npos) << doc;
  EXPECT_NE(doc.find("'az#shusha':1A"), std::string::npos) << doc;
  EXPECT_NE(doc.find("'az#today':2A"), std::string::npos) << doc;
  EXPECT_EQ(position, 2);
  auto query = parse_search_query("Шуша -war \"it's\"", false).value();
  std::string q = tsquery_literal(query, {"ru"});
  EXPECT_NE(q.find("'ru#shusha'"), std::string::npos) << q;
  EXPECT_NE(q.find("('ru#it') <-> ('ru#s')"), std::string::npos) << q;
  EXPECT_NE(q.find("!("), std::string::npos) << q;  // the exclusion
  EXPECT_NE(q.find("<->"), std::string::npos) << q;  // the phrase's two words
  // In several languages: each spelling in each; a prefix term's beginning in its language.
  std::string every = tsquery_literal(query, {"az", "ru"});
  EXPECT_NE(every.find("'az#shusha' | 'ru#shusha'"), std::string::npos) << every;
  auto typed = parse_search_query("corrid", true).value();
  std::string beginning = tsquery_literal(typed, {"en"});
  EXPECT_NE(beginning.find("'en#corrid':*"), std::string::npos) << beginning;
}

TEST(PostgresSearchTerms, TheRankingCountsAnyWantedTerm) {
  auto query = parse_search_query("gas -war \"export deal\"", false).value();
  std::string all = tsquery_literal(query, {"en"}), any = tsquery_literal(query, {"en"}, "", Terms::any);
  EXPECT_NE(all.find(") & ("), std::string::npos) << all;
  EXPECT_NE(all.find("!("), std::string::npos) << all;
  EXPECT_NE(any.find(") | ("), std::string::npos) << any;
  EXPECT_EQ(any.find("!"), std::string::npos) << any;  // what is excluded ranks nothing
  EXPECT_NE(any.find("<->"), std::string::npos) << any;
  // One term: both the same, which lets `heads` alone decide a match.
  auto one = parse_search_query("gas", false).value();
  EXPECT_EQ(tsquery_literal(one, {"en"}), tsquery_literal(one, {"en"}, "", Terms::any));
}

TEST(PostgresSearchTerms, MarksTheMatchedWordsOfTheOriginalText) {
  auto query = parse_search_query("shusha", false).value();
  const MatchMarker marker(query);
  bool matched = false;
  std::string marked = marker.mark("Life returns to Şuşa, slowly", 0, &matched);
  EXPECT_TRUE(matched);
  EXPECT_EQ(marked, std::string("Life returns to ") + search_mark_open + "Şuşa" + search_mark_close + ", slowly");
  std::string cut = marker.mark("one two three four five six seven eight nine ten Şuşa eleven", 4, &matched);
  EXPECT_EQ(cut, std::string("…nine ten ") + search_mark_open + "Şuşa" + search_mark_close + " eleven");
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = testing::new_postgres_database();
    ASSERT_TRUE(url.ok()) << url.status().to_string();
    url_ = *url;
  }
  // A store on the test's database, migrated to `history` (every migration when empty).
  std::unique_ptr<Store> migrated(std::span<const sql::Migration> history = {}) {
    auto store = open_postgres_store({url_, 1, history});
    EXPECT_TRUE(store.ok()) << store.status().to_string();
    if (!store.ok()) return nullptr;
    Status s = (*store)->migrate(nullptr);
    EXPECT_TRUE(s.ok()) << s.to_string();
    return std::move(*store);
  }
  // A connection of its own, for what the tests write or read around the store.
  std::unique_ptr<PgConnection> raw() {
    auto connection = PgConnection::open(url_, index_);
    EXPECT_TRUE(connection.ok()) << connection.status().to_string();
    return connection.ok() ? std::move(*connection) : nullptr;
  }
  std::string url_;
  PgSearchIndex index_;
};

TEST_F(PostgresStoreTest, MigratesAFreshDatabaseAndRefusesANewerOne) {
  auto store = open_postgres_store({url_, 1, {}});
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  auto before = (*store)->schema_version();
  ASSERT_TRUE(before.ok()) << before.status().to_string();
  EXPECT_EQ(before->current, 0);
  EXPECT_FALSE(check_schema_current(**store).ok());
  ASSERT_TRUE((*store)->migrate(nullptr).ok());
  EXPECT_TRUE(check_schema_current(**store).ok());
  EXPECT_TRUE((*store)->migrate(nullptr).ok());  // a second run has nothing to do
  // A database migrated by a newer binary is refused by this one.
  PgSearchIndex index;
  auto raw = PgConnection::open(url_, index);
  ASSERT_TRUE(raw.ok());
  ASSERT_TRUE((*raw)->exec("INSERT INTO schema_migrations (version, name, applied_at)"
                           " VALUES (999, '0999_from_the_future', '2030-01-01T00:00:00Z')").ok());
  Status refused = check_schema_current(**store);
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("newer"), std::string::npos) << refused.message();
}

TEST_F(PostgresStoreTest, AWrongServerOrDatabaseIsAClearErrorWithoutThePassword) {
  auto unreachable = open_postgres_store({"postgresql://qalam:s3cret@127.0.0.1:1/site?connect_timeout=2", 1, {}});
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.status().code(), StatusCode::unavailable);
  EXPECT_EQ(unreachable.status().message().find("s3cret"), std::string::npos) << unreachable.status().message();
  EXPECT_NE(unreachable.status().message().find("127.0.0.1"), std::string::npos) << unreachable.status().message();
  auto missing = open_postgres_store({url_ + "_no_such_database", 1, {}});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("does not exist"), std::string::npos) << missing.status().message();
}

TEST_F(PostgresStoreTest, AConnectionTheServerDroppedIsOpenedAgain) {
  auto store = open_postgres_store({url_, 1, {}});
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->migrate(nullptr).ok());
  ASSERT_TRUE((*store)->settings().put("site.title", "Before").ok());
  // Another session ends every other connection of the site's database, as a
  // restarted server or a failover would.
  PgSearchIndex index;
  auto raw = PgConnection::open(url_, index);
  ASSERT_TRUE(raw.ok());
  ASSERT_TRUE((*raw)->exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                           " WHERE datname = current_database() AND pid <> pg_backend_pid()").ok());
  // Both the writer and the reader find their connection closed and open it again.
  Status write = (*store)->settings().put("site.title", "After");
  ASSERT_TRUE(write.ok()) << write.to_string();
  auto title = (*store)->settings().get("site.title");
  ASSERT_TRUE(title.ok()) << title.status().to_string();
  EXPECT_EQ(title->value_or(""), "After");
}

// A node waiting for other nodes' writes is woken by the write's commit (NOTIFY), not
// at the end of its wait; and still is after its listening connection was dropped.
TEST_F(PostgresStoreTest, AWriteWakesTheNodesWaitingForChanges) {
  auto writer = open_postgres_store({url_, 1, {}});
  auto reader = open_postgres_store({url_, 1, {}});
  ASSERT_TRUE(writer.ok() && reader.ok());
  ASSERT_TRUE((*writer)->migrate(nullptr).ok());
  std::vector<std::string> heard;
  (*reader)->on_change([&](const std::vector<std::string>& keys) { heard = keys; });
  ASSERT_TRUE((*reader)->follow_changes().ok());  // marks the start
  (*reader)->wait_for_changes(std::chrono::milliseconds(1));  // listening from now on
  for (int round = 0; round < 2; ++round) {
    std::thread write([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      ASSERT_TRUE((*writer)->settings().put("site.title", "Round " + std::to_string(round)).ok());
    });
    const auto started = std::chrono::steady_clock::now();
    (*reader)->wait_for_changes(std::chrono::seconds(20));
    const auto waited = std::chrono::steady_clock::now() - started;
    write.join();
    EXPECT_LT(waited, std::chrono::seconds(10)) << "round " << round << ": not woken by the write";
    ASSERT_TRUE((*reader)->follow_changes().ok());
    EXPECT_EQ(heard, std::vector<std::string>{"settings"}) << round;
    if (round == 0) {
      // Every connection of the database dropped, the listening one too.
      PgSearchIndex index;
      auto raw = PgConnection::open(url_, index);
      ASSERT_TRUE(raw.ok());
      ASSERT_TRUE((*raw)->exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                               " WHERE datname = current_database() AND pid <> pg_backend_pid()").ok());
      (*reader)->wait_for_changes(std::chrono::milliseconds(50));  // finds it gone
      (*reader)->wait_for_changes(std::chrono::milliseconds(50));  // listens again
      heard.clear();
    }
  }
}


// The ranking reads titles and leads (`heads`) only: a match naming the word in its
// title, then one naming it in its lead, then those naming it only in their body,
// newest first; the total is counted to 1,000 and told as a lower bound past that.
TEST_F(PostgresStoreTest, SearchRanksTitlesThenLeadsThenTheNewestBodiesAndCountsToABound) {
  auto store = migrated();
  auto db = raw();
  ASSERT_TRUE(store && db);
  ASSERT_TRUE(insert_documents(*db,
                           " SELECT 'article', g, 'en', 'Note ' || g, '', 'The market opened.',"
                           " 'en#market:4C en#note:1A', 'en#note:1A', g FROM generate_series(1, 5001) g"));
  ASSERT_TRUE(insert_documents(*db, "VALUES"
                           " ('article', 9001, 'en', 'The market', '', '', 'en#market:2A', 'en#market:2A', 0),"
                           " ('article', 9002, 'en', 'Note', 'A market', '', 'en#note:1A en#market:3B', 'en#note:1A en#market:3B', 0),"
                           " ('article', 9003, 'ru', 'market', '', '', 'ru#market:1A', 'ru#market:1A', 0)"));
  ASSERT_TRUE(db->exec("INSERT INTO search_languages VALUES ('en'), ('ru')").ok());
  SearchRequest r;
  r.query = parse_search_query("market", false).value();
  r.lang = "en";
  r.limit = 1;  // a page of titles and leads: the rest is counted to 1,000
  auto found = store->search().search(r);
  ASSERT_TRUE(found.ok()) << found.status().to_string();
  EXPECT_EQ(found->total, 1000);
  EXPECT_TRUE(found->total_is_lower_bound);
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].ref, 9001);
  r.limit = 4;  // a page past them reads every match, and so counts them all
  found = store->search().search(r);
  ASSERT_TRUE(found.ok()) << found.status().to_string();
  EXPECT_EQ(found->total, 5003);
  EXPECT_FALSE(found->total_is_lower_bound);
  std::vector<int64_t> refs;
  for (const auto& hit : found->hits) refs.push_back(hit.ref);
  EXPECT_EQ(refs, (std::vector<int64_t>{9001, 9002, 5001, 5000}));
  r.offset = 1;  // a page across the two groups
  r.limit = 2;
  found = store->search().search(r);
  ASSERT_TRUE(found.ok());
  refs.clear();
  for (const auto& hit : found->hits) refs.push_back(hit.ref);
  EXPECT_EQ(refs, (std::vector<int64_t>{9002, 5001}));
  // Two terms, filtered (so ranked, however many): a title naming either ranks; the
  // match is still both.
  r.query = parse_search_query("market note", false).value();
  r.offset = 0;
  r.to = TimePoint(std::chrono::seconds(100000));
  found = store->search().search(r);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 2u);
  EXPECT_EQ(found->hits[0].ref, 9002);  // both in its title and lead
  EXPECT_EQ(found->total, 5002);
  // Unfiltered, more than 1,000 matches come newest first, those naming a term in
  // their title or lead first (SearchListsTheNewestFirstPastAThousandMatches).
  r.to.reset();
  found = store->search().search(r);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 2u);
  EXPECT_EQ(found->hits[0].ref, 5001);
  EXPECT_EQ(found->total, 1000);
  EXPECT_TRUE(found->total_is_lower_bound);
  // Every language, the asked one first.
  r.query = parse_search_query("market", false).value();
  r.all_languages = true;
  r.lang = "ru";
  r.limit = 2;
  found = store->search().search(r);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 2u);
  EXPECT_EQ(found->hits[0].ref, 9003);
  EXPECT_EQ(found->hits[1].ref, 9001);
  // A word spelled alike in another language is that language's only.
  r.all_languages = false;
  found = store->search().search(r);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->total, 1);
  EXPECT_FALSE(found->total_is_lower_bound);
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].ref, 9003);
}

// More than 1,000 matches are not all ranked: those naming a term in their title or
// lead come first, newest first, then the others, newest first, each read through the
// language's dates until the page is full; the total is "at least 1,000".
TEST_F(PostgresStoreTest, SearchListsTheNewestFirstPastAThousandMatches) {
  auto store = migrated();
  auto db = raw();
  ASSERT_TRUE(store && db);
  // 1,200 pieces naming the river in their title, the older half naming it twice (a
  // ranking would put those first); ten newer ones naming it in their body only; one
  // in Russian, newest of all, spelled alike.
  ASSERT_TRUE(insert_documents(*db,
                       " SELECT 'article', g, 'en', 'River ' || g, '', 'The river delta.',"
                       " CAST(CASE WHEN g <= 600 THEN 'en#river:1A,2A en#delta:5C' ELSE 'en#river:1A en#delta:5C' END AS TSVECTOR),"
                       " CAST(CASE WHEN g <= 600 THEN 'en#river:1A,2A' ELSE 'en#river:1A' END AS TSVECTOR), g"
                       " FROM generate_series(1, 1200) g"));
  ASSERT_TRUE(insert_documents(*db,
                       " SELECT 'article', g, 'en', 'Other', '', 'A river delta.', 'en#other:1A en#river:3C en#delta:4C',"
                       " 'en#other:1A', g FROM generate_series(2001, 2010) g"));
  ASSERT_TRUE(insert_documents(*db, "VALUES"
                       " ('article', 9001, 'ru', 'river', '', '', 'ru#river:1A ru#delta:2A', 'ru#river:1A ru#delta:2A', 99999)"));
  ASSERT_TRUE(db->exec("INSERT INTO search_languages VALUES ('en'), ('ru')").ok());
  auto refs_of = [&](const SearchRequest& r) {
    auto found = store->search().search(r);
    std::vector<int64_t> refs;
    EXPECT_TRUE(found.ok()) << found.status().to_string();
    if (!found.ok()) return refs;
    EXPECT_EQ(found->total, 1000);
    EXPECT_TRUE(found->total_is_lower_bound);
    for (const auto& hit : found->hits) refs.push_back(hit.ref);
    return refs;
  };
  for (const char* text : {"river", "river delta"}) {  // one word, two
    SCOPED_TRACE(text);
    SearchRequest r;
    r.query = parse_search_query(text, false).value();
    r.lang = "en";
    r.limit = 3;
    EXPECT_EQ(refs_of(r), (std::vector<int64_t>{1200, 1199, 1198}));
    r.offset = 1198;  // a page past the titles
    r.limit = 4;
    EXPECT_EQ(refs_of(r), (std::vector<int64_t>{2, 1, 2010, 2009}));
  }
  // Every language: the asked one's past 1,000 fills the page, newest first (not the
  // Russian piece, newer still); asked in Russian, its one match comes first, then the
  // others, ranked.
  SearchRequest every;
  every.query = parse_search_query("river", false).value();
  every.lang = "en";
  every.all_languages = true;
  every.limit = 2;
  EXPECT_EQ(refs_of(every), (std::vector<int64_t>{1200, 1199}));
  every.lang = "ru";
  every.limit = 3;
  EXPECT_EQ(refs_of(every), (std::vector<int64_t>{9001, 600, 599}));
  // A prefix is counted by its whole word: no piece holds "rive" itself, so the
  // matches are ranked, those naming the river twice first.
  SearchRequest r;
  r.query = parse_search_query("rive", true).value();
  r.lang = "en";
  r.limit = 3;
  EXPECT_EQ(refs_of(r), (std::vector<int64_t>{600, 599, 598}));
  r.offset = 1198;
  r.limit = 4;
  EXPECT_EQ(refs_of(r), (std::vector<int64_t>{602, 601, 2010, 2009}));
}

// Migration 0005 tags a site's existing words with their language and keeps its
// titles' and leads' apart, so a site indexed before it searches as one indexed after.
TEST_F(PostgresStoreTest, TheIndexOfASiteBeforeTaggingIsTaggedByItsMigration) {
  const auto all = migrations();
  ASSERT_GE(all.size(), 5u);
  ASSERT_TRUE(migrated(all.first(4)));
  auto db = raw();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec("INSERT INTO search_documents (kind, ref, lang, title, lead, body, words) VALUES"
                       " ('author', 1, 'az', 'Şuşa', 'O''Brien', '', 'susa:1A shusha:1A o''brien:2B,3C \\\\x plain')")
                  .ok());
  ASSERT_TRUE(migrated());
  auto q = db->query("SELECT words = CAST(?1 AS TSVECTOR), heads = CAST(?2 AS TSVECTOR), CAST(words AS TEXT)"
                         " FROM search_documents");
  q.bind(1, "'az#\\\\x' 'az#plain' 'az#susa':1A 'az#shusha':1A 'az#o''brien':2B,3C");
  q.bind(2, "'az#susa':1A 'az#shusha':1A 'az#o''brien':2B");
  ASSERT_TRUE(q.next()) << q.status().to_string();
  EXPECT_EQ(q.integer(0), 1) << q.text(2);
  EXPECT_EQ(q.integer(1), 1);
  auto languages = db->query("SELECT string_agg(lang, ',') FROM search_languages");
  ASSERT_TRUE(languages.next());
  EXPECT_EQ(languages.text(0), "az");
}

}  // namespace
}  // namespace qalam::store::postgres
