#include <gtest/gtest.h>

#include <set>

#include "core/search_query.h"
#include "core/testing/temp_dir.h"
#include "core/time_format.h"
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
    b.press_items.push_back({PressItem{0, "Outlet", "", "https://o.example/1", "en", parse_timestamp("2021-02-23").value(),
                                       "What peace could mean for the South Caucasus", "Shusha is mentioned.", ""}, "p"});
    Status s = store_->import_content(b, nullptr);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  void add(ContentBatch& b, const char* lang, const char* group, const char* slug, const char* title, const char* lead,
           const char* date) {
    ArticleRecord r;
    r.article = Article{0, lang, group, slug, title, lead, "Body text.", ArticleStatus::published,
                        parse_timestamp(date).value(), parse_timestamp(date).value(), {}, 0, {}, "", "", false};
    r.authors = {"ayten"};
    r.section = "analysis";
    r.origin = slug;
    b.articles.push_back(std::move(r));
  }

  std::set<std::string> found(const std::string& text, const std::string& lang = "", bool prefix = false) {
    SearchRequest r;
    r.match = parse_search_query(text, prefix).value().match;
    r.lang = lang;
    r.all_languages = lang.empty();
    auto hits = store_->search().search(r);
    EXPECT_TRUE(hits.ok()) << hits.status().to_string();
    std::set<std::string> out;
    for (const auto& h : *hits) out.insert(h.kind == "article" ? h.address : h.kind + ":" + h.address);
    return out;
  }

  qalam::testing::TempDir dir_{"qalam_search"};
  std::unique_ptr<Store> store_;
};

TEST_F(SearchStoreTest, AzerbaycaninFindsAzerbaycaninEveryWay) {
  auto expected = found("Azərbaycanın");
  EXPECT_EQ(expected, (std::set<std::string>{"susa-az"}));
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
  r.match = parse_search_query("susa", false).value().match;
  r.lang = "az";
  auto hits = store_->search().search(r);
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].title, "\x01Şuşa\x02 şəhərinin bərpası");
}

TEST_F(SearchStoreTest, HighlightsWordsFoundThroughTheirTransliterationOrStem) {
  auto first_title = [&](const char* text, const char* lang) {
    SearchRequest r;
    r.match = parse_search_query(text, false).value().match;
    r.lang = lang;
    auto hits = store_->search().search(r);
    return hits.ok() && !hits->empty() ? (*hits)[0].title : std::string();
  };
  EXPECT_EQ(first_title("shusha", "ru"), "Восстановление Шуши и \x01Шуша\x02 сегодня");
  EXPECT_EQ(first_title("export", "en"), "Gas \x01" "exports\x02 through the Caspian");
}

TEST_F(SearchStoreTest, ExclusionPhraseFiltersAndOrder) {
  EXPECT_EQ(found("shusha -rebuilding"), (std::set<std::string>{"susa-az", "shusha-ru", "press:https://o.example/1"}));
  EXPECT_EQ(found("\"cultural capital\""), (std::set<std::string>{"shusha-en"}));
  SearchRequest r;
  r.match = parse_search_query("shusha", false).value().match;
  r.all_languages = true;
  r.lang = "ru";
  r.newest_first = true;
  auto hits = store_->search().search(r);
  ASSERT_GE(hits->size(), 3u);
  EXPECT_EQ((*hits)[0].lang, "ru");  // the page's language first
  r.from = parse_timestamp("2023-01-02T12:00:00Z").value();
  EXPECT_EQ(*store_->search().count(r), 1);
}

TEST_F(SearchStoreTest, ReindexRebuildsTheSameIndex) {
  size_t last = 0;
  ASSERT_TRUE(store_->search().reindex([&](size_t done, size_t) { last = done; }).ok());
  EXPECT_EQ(last, 5u + 1u + 1u + 0u);
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
