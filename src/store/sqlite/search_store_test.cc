#include <gtest/gtest.h>

#include <set>

#include "core/search_query.h"
#include "core/testing/temp_dir.h"
#include "core/time_format.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/search_index.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::store::sqlite {
namespace {

class SearchStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store({(dir_ / "s.db").string(), 2, 1000, {}})).value();
    ASSERT_TRUE(store_->migrate(nullptr).ok());
    ContentBatch b;
    b.authors.push_back({Author{0, "ayten", {{"az", "Aytən Əliyeva"}, {"en", "Ayten Aliyeva"}}, {}, "", {}}, "a"});
    b.sections.push_back({Section{0, "analysis", SectionKind::articles, {{"en", "Analysis"}}, 1}, "s"});
    add(b, "az", "g1", "susa-az", "Şuşa şəhərinin bərpası", "Azərbaycanın mədəniyyət paytaxtı yenidən qurulur.", "2023-01-01");
    add(b, "ru", "g1", "shusha-ru", "Восстановление Шуши и Шуша сегодня", "Город Шуша снова строится.", "2023-01-02");
    add(b, "en", "g1", "shusha-en", "Rebuilding Shusha", "The cultural capital of Azerbaijan is rebuilt.", "2023-01-03");
    add(b, "en", "g2", "gas-en", "Gas exports through the Caspian", "Pipelines and prices; no town named here.", "2022-05-01");
    add(b, "az", "g3", "baki-az", "Bakı və Azərbaycan iqtisadiyyatı", "Neft və qaz.", "2021-03-01");
    add(b, "en", "g4", "ports-en", "Ports of the region", "Ships and trade.", "2020-06-01",
        "Tankers cross the Caspian to Aktau; the Caspian ports grow.");
    b.press_items.push_back({PressItem{0, "Outlet", "", "https://o.example/1", "en", parse_timestamp("2021-02-23").value(),
                                       "What peace could mean for the South Caucasus", "Shusha is mentioned.", "", {}, {}}, "p"});
    Status s = store_->import_content(b, nullptr);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  void add(ContentBatch& b, const char* lang, const char* group, const char* slug, const char* title, const char* lead,
           const char* date, const char* body = "Body text.") {
    ArticleRecord r;
    r.article = Article{0, lang, group, slug, title, lead, body, ArticleStatus::published,
                        parse_timestamp(date).value(), parse_timestamp(date).value(), {}, 0, {}, "", "", false};
    r.authors = {"ayten"};
    r.section = "analysis";
    r.origin = slug;
    b.articles.push_back(std::move(r));
  }

  std::set<std::string> found(const std::string& text, const std::string& lang = "", bool prefix = false) {
    SearchRequest r;
    r.query = parse_search_query(text, prefix).value();
    r.lang = lang;
    r.all_languages = lang.empty();
    auto hits = store_->search().search(r);
    EXPECT_TRUE(hits.ok()) << hits.status().to_string();
    std::set<std::string> out;
    for (const auto& h : hits->hits) out.insert(h.kind == "article" ? h.address : h.kind + ":" + h.address);
    return out;
  }

  qalam::testing::TempDir dir_{"qalam_search"};
  std::unique_ptr<Store> store_;
};

TEST_F(SearchStoreTest, AzerbaycaninFindsAzerbaycaninEveryWay) {
  auto expected = found("Azərbaycanın");
  EXPECT_EQ(expected, (std::set<std::string>{"susa-az", "baki-az"}));  // "Azərbaycan" too, through its stem
  EXPECT_EQ(found("azerbaycanin"), expected);
  EXPECT_EQ(found("AZƏRBAYCANIN"), expected);
  EXPECT_EQ(found("azerbaycan", "az", true), (std::set<std::string>{"susa-az", "baki-az"}));
}

TEST_F(SearchStoreTest, ShushaSusaAndShushaInCyrillicFindTheSamePieces) {
  std::set<std::string> town{"susa-az", "shusha-ru", "shusha-en", "press:https://o.example/1"};
  EXPECT_EQ(found("Shusha"), town);
  EXPECT_EQ(found("Şuşa"), town);
  EXPECT_EQ(found("Шуша"), town);
  EXPECT_EQ(found("shusha", "ru"), (std::set<std::string>{"shusha-ru"}));
}

TEST_F(SearchStoreTest, StemsFindOtherFormsOfAWord) {
  EXPECT_EQ(found("export", "en"), (std::set<std::string>{"gas-en"}));      // "exports"
  EXPECT_EQ(found("pipeline", "en"), (std::set<std::string>{"gas-en"}));    // "Pipelines", the stem equals the word
  EXPECT_EQ(found("восстановлению", "ru"), (std::set<std::string>{"shusha-ru"}));  // "Восстановление"
  EXPECT_EQ(found("rebuilds", "en"), (std::set<std::string>{"shusha-en"}));  // "Rebuilding", "rebuilt"
}

TEST_F(SearchStoreTest, HighlightsTheOriginalWords) {
  SearchRequest r;
  r.query = parse_search_query("susa", false).value();
  r.lang = "az";
  auto hits = store_->search().search(r);
  ASSERT_EQ(hits->hits.size(), 1u);
  EXPECT_EQ(hits->hits[0].title, "\x01Şuşa\x02 şəhərinin bərpası");
}

TEST_F(SearchStoreTest, HighlightsWordsFoundThroughTheirTransliterationOrStem) {
  auto first_title = [&](const char* text, const char* lang) {
    SearchRequest r;
    r.query = parse_search_query(text, false).value();
    r.lang = lang;
    auto hits = store_->search().search(r);
    return hits.ok() && !hits->hits.empty() ? hits->hits[0].title : std::string();
  };
  EXPECT_EQ(first_title("shusha", "ru"), "Восстановление Шуши и \x01Шуша\x02 сегодня");
  EXPECT_EQ(first_title("export", "en"), "Gas \x01" "exports\x02 through the Caspian");
}

TEST_F(SearchStoreTest, ExclusionPhraseFiltersAndOrder) {
  EXPECT_EQ(found("shusha -rebuilding"), (std::set<std::string>{"susa-az", "shusha-ru", "press:https://o.example/1"}));
  EXPECT_EQ(found("\"cultural capital\""), (std::set<std::string>{"shusha-en"}));
  SearchRequest r;
  r.query = parse_search_query("shusha", false).value();
  r.all_languages = true;
  r.lang = "ru";
  r.newest_first = true;
  auto hits = store_->search().search(r);
  ASSERT_EQ(hits->hits.size(), 4u);
  EXPECT_EQ(hits->hits[0].lang, "ru");  // the page's language first
  EXPECT_EQ(hits->hits[1].address, "shusha-en");  // then the newest: 2023-01-03, 01-01, 2021
  EXPECT_EQ(hits->hits[2].address, "susa-az");
  EXPECT_EQ(hits->hits[3].kind, "press");
  r.from = parse_timestamp("2023-01-02T12:00:00Z").value();
  hits = store_->search().search(r);
  EXPECT_EQ(hits->total, 1);
  EXPECT_EQ(hits->hits.at(0).address, "shusha-en");
}

TEST_F(SearchStoreTest, PagesAreSlicesOfOneOrderAndTheTotalCountsEveryMatch) {
  SearchRequest r;
  r.query = parse_search_query("shusha", false).value();
  r.all_languages = true;
  r.lang = "en";
  auto all = store_->search().search(r).value();
  ASSERT_EQ(all.total, 4);
  ASSERT_EQ(all.hits.size(), 4u);
  EXPECT_EQ(all.hits[0].lang, "en");
  for (int i = 0; i < 4; ++i) {
    r.offset = i;
    r.limit = 1;
    auto one = store_->search().search(r).value();
    EXPECT_EQ(one.total, 4) << i;
    ASSERT_EQ(one.hits.size(), 1u) << i;
    EXPECT_EQ(one.hits[0].address, all.hits[static_cast<size_t>(i)].address) << i;
  }
  r.offset = 4;
  auto past = store_->search().search(r).value();
  EXPECT_EQ(past.total, 4);
  EXPECT_TRUE(past.hits.empty());
}

// The rank function skips the exact score of rows that cannot enter the page; every
// page must still be the same slice of the one full order, in one language or all.
TEST_F(SearchStoreTest, SkippingHopelessRowsKeepsTheOrder) {
  ContentBatch b;
  const char* langs[] = {"en", "az", "ru"};
  for (int i = 0; i < 60; ++i) {
    std::string body;
    for (int k = 0; k < i % 7; ++k) body += "Caspian shipping lanes and ports. ";
    for (int k = 0; k < i % 11; ++k) body += "Filler words that only lengthen the text. ";
    std::string title = i % 5 == 0 ? "Caspian notes " + std::to_string(i) : "Notes " + std::to_string(i);
    std::string lead = i % 3 == 0 ? "On the Caspian." : "On the sea.";
    std::string slug = "c" + std::to_string(i);
    add(b, langs[i % 3], slug.c_str(), slug.c_str(), title.c_str(), lead.c_str(), "2022-01-01", body.c_str());
  }
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  for (bool all : {false, true}) {
    SearchRequest r;
    r.query = parse_search_query("caspian", false).value();
    r.lang = "az";
    r.all_languages = all;
    r.limit = 1000;
    auto full = store_->search().search(r).value();
    ASSERT_GT(full.hits.size(), 12u);
    std::vector<std::string> paged;
    for (r.offset = 0, r.limit = 3; r.offset < static_cast<int>(full.hits.size()); r.offset += 3) {
      SearchResults page = store_->search().search(r).value();
      for (const auto& h : page.hits) paged.push_back(h.address);
    }
    std::vector<std::string> expected;
    for (const auto& h : full.hits) expected.push_back(h.address);
    EXPECT_EQ(paged, expected) << (all ? "all languages" : "one language");
  }
}

// qalam_rank scores as FTS5's bm25 with the same weights does; with one phrase it
// leaves out the idf, the same factor for every row, and so orders as bm25 does.
TEST_F(SearchStoreTest, TheRankFunctionIsBm25) {
  SqliteSearchIndex index;
  auto c = SqliteConnection::open({(dir_ / "s.db").string(), true, 1000}, index).value();
  auto ranks = [&](const char* match) {
    auto q = c->query("SELECT qalam_rank(search_index, NULL), bm25(search_index, 10.0, 5.0, 1.0) FROM search_index"
                      " WHERE search_index MATCH ?");
    q.bind(1, match);
    std::vector<std::pair<double, double>> out;
    while (q.next()) out.emplace_back(q.real(0), q.real(1));
    EXPECT_TRUE(q.status().ok()) << q.status().to_string();
    EXPECT_GT(out.size(), 1u) << match;
    return out;
  };
  for (const char* match : {"\"shusha\" OR \"gas\"", "\"caspian\" OR \"azerbaycan\" *"}) {
    for (const auto& [ours, theirs] : ranks(match)) EXPECT_NEAR(ours, theirs, 1e-9) << match;
  }
  for (const char* match : {"\"caspian\"", "\"shusha\"", "\"azerbaycan\" *"}) {
    auto r = ranks(match);
    double factor = r[0].second / r[0].first;  // the idf
    EXPECT_GT(factor, 0) << match;
    for (const auto& [ours, theirs] : r) EXPECT_NEAR(ours * factor, theirs, 1e-9) << match;
  }
}

TEST_F(SearchStoreTest, ATitleMatchRanksAboveWordsInTheBody) {
  SearchRequest r;
  r.query = parse_search_query("caspian", false).value();
  r.lang = "en";
  auto hits = store_->search().search(r).value();
  ASSERT_EQ(hits.hits.size(), 2u);
  EXPECT_EQ(hits.hits[0].address, "gas-en");    // once, in the title
  EXPECT_EQ(hits.hits[1].address, "ports-en");  // twice, in the body only
  EXPECT_NE(hits.hits[1].snippet.find("\x01" "Caspian\x02"), std::string::npos) << hits.hits[1].snippet;
}

TEST_F(SearchStoreTest, SectionAndDateFiltersKeepToArticles) {
  int64_t analysis = store_->sections().by_slug("analysis").value()->id;
  SearchRequest r;
  r.query = parse_search_query("shusha", false).value();
  r.all_languages = true;
  r.lang = "en";
  r.section_id = analysis;
  auto hits = store_->search().search(r).value();
  EXPECT_EQ(hits.total, 3);  // the press item has no section
  for (const auto& h : hits.hits) EXPECT_EQ(h.kind, "article");
  r.to = parse_timestamp("2023-01-02T00:00:00Z").value();
  hits = store_->search().search(r).value();
  ASSERT_EQ(hits.total, 1);
  EXPECT_EQ(hits.hits[0].address, "susa-az");
  r.section_id = analysis + 1000;
  EXPECT_EQ(store_->search().search(r).value().total, 0);
}

// The structured query compiles to FTS5 with every term a quoted string: what readers
// type never becomes FTS5 syntax, so no search of theirs is a malformed expression.
TEST_F(SearchStoreTest, TheReadersTextNeverBecomesFts5Syntax) {
  auto compiled = [](std::string_view text, bool prefix = true) { return fts5_match(parse_search_query(text, prefix).value()); };
  EXPECT_EQ(compiled("shusha war"), "\"shusha\" AND \"war\" *");
  EXPECT_EQ(compiled("\"second karabakh\" -armenia"), "\"second karabakh\" NOT \"armenia\"");
  EXPECT_EQ(compiled("azerb -\"new war\" ru"), "\"azerb\" AND \"ru\" NOT \"new war\"");
  EXPECT_EQ(compiled("a\"b OR c*"), "\"a\"\"b\" AND \"OR\" AND \"c*\"");
  EXPECT_EQ(compiled("NEAR(x y)", false), "\"NEAR(x\" AND \"y)\"");
  SearchRequest r;
  r.lang = "en";
  for (const char* text : {"\"unclosed", "AND AND", "nocolumn : word", "word )", "a\"b OR c*", "NEAR(x y)", "^x *"}) {
    r.query = parse_search_query(text).value();
    auto hits = store_->search().search(r);
    EXPECT_TRUE(hits.ok()) << text << ": " << hits.status().to_string();
  }
}

TEST_F(SearchStoreTest, ReindexRebuildsTheSameIndex) {
  size_t last = 0, total = 0;
  ASSERT_TRUE(store_->search().reindex([&](size_t done, size_t of) { last = done, total = of; }).ok());
  // Six articles, a press item, an author, no project; then the six articles' related pieces.
  EXPECT_EQ(last, 6u + 1u + 1u + 0u + 6u);
  EXPECT_EQ(total, last);
  EXPECT_EQ(found("Şuşa").size(), 4u);
}

TEST_F(SearchStoreTest, ReimportKeepsTheIndexInStep) {
  ContentBatch b;
  add(b, "en", "g2", "gas-en", "Gas exports through Shusha", "Now it names the town.", "2022-05-01");
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  EXPECT_TRUE(found("Shusha").contains("gas-en"));
  EXPECT_FALSE(found("Caspian").contains("gas-en"));
}

}  // namespace
}  // namespace qalam::store::sqlite
