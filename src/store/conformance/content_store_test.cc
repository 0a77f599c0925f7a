#include <algorithm>
#include <gtest/gtest.h>

#include "core/search_query.h"
#include "core/testing/temp_dir.h"
#include "core/time_format.h"
#include "store/testing/backends.h"

namespace qalam::store {
namespace {

ArticleRecord piece(std::string lang, std::string group, std::string slug, std::string when,
                    std::vector<std::string> tags = {}) {
  ArticleRecord r;
  r.article.lang = std::move(lang);
  r.article.translation_group = std::move(group);
  r.article.slug = slug;
  r.article.title = "Title of " + slug;
  r.article.lead = "Lead of " + slug;
  r.article.status = ArticleStatus::published;
  r.article.published_at = r.article.updated_at = parse_timestamp(when).value();
  r.authors = {"vasif-huseynov"};
  r.section = "analysis";
  r.tags = std::move(tags);
  r.origin = "test:" + slug;
  return r;
}

class ContentStoreTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    store_ = std::move(testing::open_test_store(GetParam(), {dir_.path()})).value();
    ASSERT_TRUE(store_->migrate(nullptr).ok());
    ContentBatch b;
    b.sections.push_back({Section{0, "analysis", SectionKind::articles, {{"en", "Analysis"}, {"az", "Təhlil"}}, 1}, "s"});
    b.tags.push_back({Tag{0, "karabakh", {{"en", "Karabakh"}, {"az", "Qarabağ"}}}, "t"});
    b.tags.push_back({Tag{0, "turkey", {{"en", "Turkey"}}}, "t"});
    b.authors.push_back({Author{0, "vasif-huseynov", {{"en", "Vasif Huseynov"}, {"az", "Vasif Hüseynov"}}, {{"en", "Analyst"}}, "", {{"x", "https://x.com/v", "@v"}}}, "a"});
    b.articles.push_back(piece("en", "g1", "first", "2020-09-07T18:02:14+04:00", {"karabakh"}));
    b.articles.push_back(piece("en", "g2", "second", "2020-09-23T16:45:01+04:00", {"karabakh", "turkey"}));
    b.articles.push_back(piece("en", "g3", "third", "2021-04-27T17:11:00+04:00", {"turkey"}));
    b.articles.push_back(piece("az", "g3", "ucuncu", "2021-04-27T17:11:00+04:00"));
    Status s = store_->import_content(b, nullptr);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }
  qalam::testing::TempDir dir_{"qalam_content"};
  std::unique_ptr<Store> store_;
};

TEST_P(ContentStoreTest, AuthorsWithTranslationsAndLinks) {
  auto a = store_->authors().by_slug("vasif-huseynov");
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ(in_language((*a)->name, "az"), "Vasif Hüseynov");
  ASSERT_EQ((*a)->social.size(), 1u);
  EXPECT_EQ((*a)->social[0].handle, "@v");
}

// Bylines come in the order the editor set, not the order of the authors' ids; tags by
// id. Whether a piece is read alone, in a list, or in several lists at once.
TEST_P(ContentStoreTest, BylinesKeepTheirOrderInEveryRead) {
  ContentBatch b;
  b.authors.push_back({Author{0, "zaur", {{"en", "Zaur"}}, {}, "", {}}, "a"});
  b.authors.push_back({Author{0, "aysel", {{"en", "Aysel"}}, {}, "", {}}, "a"});
  ArticleRecord r = piece("en", "g9", "three-hands", "2022-01-01T10:00:00+04:00", {"turkey", "karabakh"});
  r.authors = {"zaur", "vasif-huseynov", "aysel"};
  b.articles.push_back(r);
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  auto id = [&](const char* slug) { return store_->authors().by_slug(slug).value().value().id; };
  const std::vector<int64_t> expected{id("zaur"), id("vasif-huseynov"), id("aysel")};
  ASSERT_NE(expected, [&] { auto sorted = expected; std::sort(sorted.begin(), sorted.end()); return sorted; }());
  std::vector<int64_t> tags{store_->tags().by_slug("karabakh").value().value().id,
                            store_->tags().by_slug("turkey").value().value().id};
  std::sort(tags.begin(), tags.end());
  auto alone = store_->articles().by_slug("en", "three-hands");
  ASSERT_TRUE(alone.ok() && alone->has_value());
  EXPECT_EQ((*alone)->author_ids, expected);
  EXPECT_EQ((*alone)->tag_ids, tags);
  ArticleFilter f;
  f.lang = "en";
  f.limit = 1;
  auto listed = store_->articles().lists({f, f});
  ASSERT_TRUE(listed.ok()) << listed.status().to_string();
  for (const auto& list : *listed) {
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].author_ids, expected);
    EXPECT_EQ(list[0].tag_ids, tags);
  }
}

TEST_P(ContentStoreTest, ArchivesOfEveryLanguageShowOnePiecePerTranslationGroup) {
  // g3 is in en and az at the same time; a newer ru piece g4 exists only in Russian.
  ContentBatch b;
  b.articles.push_back(piece("ru", "g4", "chetvertyi", "2021-05-01T10:00:00+04:00", {"karabakh"}));
  b.articles.push_back(piece("ru", "g1", "pervyi", "2020-09-08T10:00:00+04:00", {"karabakh"}));
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  auto author = **store_->authors().by_slug("vasif-huseynov");
  auto section = **store_->sections().by_slug("analysis");
  auto tag = **store_->tags().by_slug("karabakh");
  auto slugs = [&](ArticleFilter f) {
    std::vector<std::string> out;
    auto listed = store_->articles().list(f);
    EXPECT_TRUE(listed.ok());
    for (const auto& a : *listed) out.push_back(a.lang + ":" + a.slug);
    if (f.offset == 0 && static_cast<int>(out.size()) < f.limit) {
      EXPECT_EQ(store_->articles().count(f).value(), static_cast<int64_t>(out.size()));  // one per group too
    }
    return out;
  };
  for (int narrow = 0; narrow < 2; ++narrow) {
    ArticleFilter f;
    f.prefer_lang = "az";
    if (narrow == 0) f.author_id = author.id; else f.section_id = section.id;
    // Newest first; g3 in Azerbaijani; g1 and g2 have no Azerbaijani piece: their newest.
    EXPECT_EQ(slugs(f), (std::vector<std::string>{"ru:chetvertyi", "az:ucuncu", "en:second", "ru:pervyi"})) << narrow;
    f.prefer_lang = "en";
    EXPECT_EQ(slugs(f), (std::vector<std::string>{"ru:chetvertyi", "en:third", "en:second", "en:first"})) << narrow;
    f.limit = 2;
    f.offset = 2;
    EXPECT_EQ(slugs(f), (std::vector<std::string>{"en:second", "en:first"}));  // a page of the same order
    EXPECT_EQ(store_->articles().count(f).value(), 4);
  }
  ArticleFilter by_tag;
  by_tag.tag_id = tag.id;
  by_tag.prefer_lang = "ru";
  EXPECT_EQ(slugs(by_tag), (std::vector<std::string>{"ru:chetvertyi", "en:second", "ru:pervyi"}));
}

TEST_P(ContentStoreTest, SeveralListsInOneReadAreTheListsOneByOne) {
  ContentBatch b;
  b.articles.push_back(piece("az", "g9", "dorduncu", "2021-06-01T10:00:00+04:00"));
  b.articles.back().article.body = "Mətn **bütöv**.";
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  auto author = **store_->authors().by_slug("vasif-huseynov");
  auto section = **store_->sections().by_slug("analysis");
  auto tag = **store_->tags().by_slug("turkey");
  std::vector<ArticleFilter> filters(7);
  filters[0].lang = "en";                                  // the latest
  filters[1].lang = "en";
  filters[1].section_id = section.id;
  filters[1].limit = 2;                                    // a section's first two
  filters[2].lang = "en";
  filters[2].section_id = section.id;
  filters[2].limit = 2;
  filters[2].offset = 2;                                   // and the rest
  filters[3].lang = "ru";                                  // nothing
  filters[4].prefer_lang = "az";
  filters[4].author_id = author.id;                        // collapsed translations
  filters[5].tag_id = tag.id;                              // an archive table
  filters[6].lang = "az";
  filters[6].with_body = true;
  auto lists = store_->articles().lists(filters);
  ASSERT_TRUE(lists.ok()) << lists.status().to_string();
  ASSERT_EQ(lists->size(), filters.size());
  auto described = [](const std::vector<Article>& list) {
    std::vector<std::string> out;
    for (const Article& a : list) {
      std::string authors, tags;
      for (int64_t id : a.author_ids) authors += std::to_string(id) + ",";
      for (int64_t id : a.tag_ids) tags += std::to_string(id) + ",";
      out.push_back(a.lang + ":" + a.slug + " by " + authors + " tags " + tags + " body " + a.body);
    }
    return out;
  };
  for (size_t i = 0; i < filters.size(); ++i) {
    EXPECT_EQ(described((*lists)[i]), described(store_->articles().list(filters[i]).value())) << i;
  }
  EXPECT_EQ((*lists)[0].size(), 3u);
  EXPECT_EQ((*lists)[1].size(), 2u);
  EXPECT_EQ((*lists)[2].size(), 1u);
  EXPECT_TRUE((*lists)[3].empty());
  EXPECT_FALSE((*lists)[0].front().author_ids.empty());
  EXPECT_FALSE((*lists)[6].front().body.empty());
  EXPECT_TRUE(store_->articles().lists({}).value().empty());
}

TEST_P(ContentStoreTest, AuthorArchiveNewestFirstWithPagination) {
  auto author = **store_->authors().by_slug("vasif-huseynov");
  ArticleFilter f;
  f.lang = "en";
  f.author_id = author.id;
  f.limit = 2;
  auto page1 = store_->articles().list(f);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->size(), 2u);
  EXPECT_EQ((*page1)[0].slug, "third");
  EXPECT_EQ((*page1)[1].slug, "second");
  EXPECT_EQ((*page1)[1].tag_ids.size(), 2u);
  EXPECT_EQ((*page1)[0].author_ids, std::vector<int64_t>{author.id});
  f.offset = 2;
  EXPECT_EQ(store_->articles().list(f)->at(0).slug, "first");
  EXPECT_EQ(*store_->articles().count(f), 3);
}

TEST_P(ContentStoreTest, TagFilterTranslationsAndRelated) {
  auto turkey = **store_->tags().by_slug("turkey");
  ArticleFilter f;
  f.lang = "en";
  f.tag_id = turkey.id;
  EXPECT_EQ(*store_->articles().count(f), 2);
  auto third = **store_->articles().by_slug("en", "third");
  auto group = store_->articles().translations(third.translation_group);
  ASSERT_EQ(group->size(), 2u);
  EXPECT_EQ((*group)[0].lang, "az");
  // The links a page shows, for several groups in one call; a group with no
  // published piece is not named.
  auto links = store_->articles().translation_links({third.translation_group, "no-such-group"});
  ASSERT_TRUE(links.ok()) << links.status().to_string();
  ASSERT_EQ(links->size(), 1u);
  const auto& third_links = links->at(third.translation_group);
  ASSERT_EQ(third_links.size(), 2u);
  EXPECT_EQ(third_links[0], std::make_pair(std::string("az"), (*group)[0].slug));
  EXPECT_EQ(third_links[1], std::make_pair(std::string("en"), std::string("third")));
  auto related = store_->articles().related(third, 5);
  ASSERT_TRUE(related.ok());
  ASSERT_EQ(related->size(), 2u);
  EXPECT_EQ((*related)[0].slug, "second");  // shares a tag and the section
}

// An article's page in one read gives what the separate reads give.
TEST_P(ContentStoreTest, AnArticlePageReadsThePieceItsRelatedAndItsTranslations) {
  auto third = **store_->articles().by_slug("en", "third");
  auto page = store_->articles().page("en", "third", 5);
  ASSERT_TRUE(page.ok()) << page.status().to_string();
  ASSERT_TRUE(page->has_value());
  const auto& p = **page;
  EXPECT_EQ(p.article.id, third.id);
  EXPECT_EQ(p.article.body, third.body);
  EXPECT_EQ(p.article.author_ids, third.author_ids);
  EXPECT_EQ(p.article.tag_ids, third.tag_ids);
  auto links = store_->articles().translation_links({third.translation_group});
  EXPECT_EQ(p.translations, links->at(third.translation_group));
  ASSERT_EQ(p.translations.size(), 2u);
  EXPECT_EQ(p.translations[0].first, "az");  // language order
  auto related = store_->articles().related(third, 5);
  ASSERT_EQ(p.related.size(), related->size());
  for (size_t i = 0; i < related->size(); ++i) {
    EXPECT_EQ(p.related[i].slug, (*related)[i].slug);
    EXPECT_EQ(p.related[i].author_ids, (*related)[i].author_ids);
  }
  // The limit holds, and a slug of no published piece (or of another language) is none.
  EXPECT_EQ(store_->articles().page("en", "third", 1).value()->related.size(), 1u);
  EXPECT_FALSE(store_->articles().page("en", "no-such-piece", 5).value().has_value());
  EXPECT_FALSE(store_->articles().page("az", "third", 5).value().has_value());
  // The piece comes with its body (the related pieces without theirs).
  ContentBatch b;
  auto with_body = piece("en", "g6", "with-body", "2021-07-01T10:00:00+04:00", {"turkey"});
  with_body.article.body = "The text of the piece.";
  b.articles.push_back(with_body);
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  auto read = store_->articles().page("en", "with-body", 5);
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->article.body, "The text of the piece.");
  ASSERT_FALSE((*read)->related.empty());
  EXPECT_TRUE((*read)->related[0].body.empty());
}

TEST_P(ContentStoreTest, RelatedFindsTextSimilarPiecesWithoutSharedTags) {
  ContentBatch b;
  auto alike = piece("en", "g7", "pipeline-politics", "2021-01-01T00:00:00Z");
  alike.article.title = "Caspian pipeline politics and Turkmen gas";
  alike.section.clear();
  auto other = piece("en", "g8", "pipeline-prices", "2021-01-02T00:00:00Z");
  other.article.title = "Why Turkmen gas needs the Caspian pipeline";
  other.section.clear();
  auto unrelated = piece("en", "g9", "museum", "2021-01-03T00:00:00Z");
  unrelated.article.title = "A new museum opens in Sheki";
  unrelated.section.clear();
  for (auto* r : {&alike, &other, &unrelated}) r->article.lead = "";
  b.articles = {alike, other, unrelated};
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  auto a = **store_->articles().by_slug("en", "pipeline-politics");
  auto related = store_->articles().related(a, 5);
  ASSERT_TRUE(related.ok());
  ASSERT_FALSE(related->empty());
  EXPECT_EQ((*related)[0].slug, "pipeline-prices");
  for (const auto& r : *related) EXPECT_NE(r.slug, "museum");
}

TEST_P(ContentStoreTest, ALaterImportJoinsTheListsOfThePiecesItRelatesTo) {
  // "third" was imported with one piece sharing its tag; a later import brings another.
  auto third = **store_->articles().by_slug("en", "third");
  ASSERT_EQ(store_->articles().related(third, 5)->size(), 2u);
  ContentBatch b;
  b.articles.push_back(piece("en", "g5", "fifth", "2021-06-01T10:00:00+04:00", {"turkey"}));
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  auto related = store_->articles().related(third, 5);
  ASSERT_TRUE(related.ok());
  ASSERT_EQ(related->size(), 3u);
  EXPECT_TRUE(std::any_of(related->begin(), related->end(), [](const Article& a) { return a.slug == "fifth"; }));
}

TEST_P(ContentStoreTest, RenamedSlugRedirects) {
  ContentBatch b;
  b.articles.push_back(piece("en", "g1", "first-renamed", "2020-09-07T18:02:14+04:00"));
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  EXPECT_FALSE(store_->articles().by_slug("en", "first")->has_value());
  auto to = store_->redirects().resolve(SlugKind::article, "en", "first");
  ASSERT_TRUE(to.ok() && to->has_value());
  EXPECT_EQ(**to, "first-renamed");
  EXPECT_FALSE(store_->redirects().resolve(SlugKind::article, "az", "first")->has_value());
}

TEST_P(ContentStoreTest, FailedBatchWritesNothing) {
  ContentBatch b;
  b.tags.push_back({Tag{0, "new-tag", {{"en", "New"}}}, "f:1"});
  b.articles.push_back(piece("en", "g9", "ninth", "2021-05-01T10:00:00Z"));
  auto bad = piece("en", "g10", "tenth", "2021-05-01T10:00:00Z");
  bad.authors = {"nobody"};
  bad.origin = "f:3";
  b.articles.push_back(bad);
  Status s = store_->import_content(b, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "f:3: authors: no author 'nobody'");
  EXPECT_FALSE(store_->tags().by_slug("new-tag")->has_value());
  EXPECT_FALSE(store_->articles().by_slug("en", "ninth")->has_value());
}

TEST_P(ContentStoreTest, SlugTakenByAnotherPieceIsAConflict) {
  ContentBatch b;
  b.articles.push_back(piece("en", "g-other", "first", "2021-05-01T10:00:00Z"));
  Status s = store_->import_content(b, nullptr);
  EXPECT_EQ(s.code(), StatusCode::conflict);
  EXPECT_EQ(s.message(), "test:first: slug: 'first' is already used by another en article");
}

TEST_P(ContentStoreTest, PressItemsProjectsAndMissions) {
  ContentBatch b;
  b.press_items.push_back({PressItem{0, "Outlet", "https://o.example", "https://o.example/a", "en",
                                     parse_timestamp("2021-02-23").value(), "What peace could mean", "Summary", "", {}, {}}, "p"});
  Project p;
  p.slug = "missions";
  p.title = {{"az", "Diplomatik nümayəndəliklər"}};
  p.is_new = p.has_directory = true;
  b.projects.push_back({p, "p"});
  b.missions.push_back({Mission{0, 0, "DE", "Berlin", {{"ru", "Берлин"}}, MissionKind::embassy, "https://berlin.mfa.gov.az",
                                {{"x", "https://x.com/AzEmbassyDE", "@AzEmbassyDE"}}}, "missions", "m"});
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());  // re-import updates, no duplicates
  EXPECT_EQ(*store_->press_items().count(), 1);
  auto project = **store_->projects().by_slug("missions");
  EXPECT_TRUE(project.is_new);
  auto missions = store_->projects().missions(project.id);
  ASSERT_EQ(missions->size(), 1u);
  EXPECT_EQ((*missions)[0].accounts[0].handle, "@AzEmbassyDE");
  EXPECT_EQ((*missions)[0].city_names.at("ru"), "Берлин");
}

// A search past its time budget answers with what it saw: its total a lower bound, its
// page the best of the first 1,024 matches. Within its budget, the total counts every
// match: on SQLite exactly, on PostgreSQL to 1,000 (docs/search.md), then "at least".
TEST_P(ContentStoreTest, AQueryPastItsTimeBudgetAnswersWithWhatItSaw) {
  auto counts = [&](const SearchResults& found, int64_t matches) {
    if (GetParam() == testing::Backend::postgres && matches > 1000) {
      return found.total_is_lower_bound && found.total == 1000;
    }
    return !found.total_is_lower_bound && found.total == matches;
  };
  ContentBatch b;
  for (int i = 0; i < 2100; ++i) {
    ArticleRecord r = piece("en", "m" + std::to_string(i), "m" + std::to_string(i), "2022-01-01T00:00:00Z");
    r.article.title = "Market note " + r.article.slug;
    r.article.body = "The market opened.";
    b.articles.push_back(std::move(r));
  }
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  SearchRequest r;
  r.query = parse_search_query("market", false).value();
  r.lang = "en";
  auto whole = store_->search().search(r);
  ASSERT_TRUE(whole.ok()) << whole.status().to_string();
  EXPECT_TRUE(counts(*whole, 2100)) << whole->total;
  EXPECT_EQ(whole->hits.size(), 20u);
  r.budget = std::chrono::milliseconds(0);  // spent at once: it stops after the first 1,024 matches
  auto cut = store_->search().search(r);
  ASSERT_TRUE(cut.ok()) << cut.status().to_string();
  EXPECT_TRUE(cut->total_is_lower_bound);
  EXPECT_EQ(cut->total, 1024);
  EXPECT_EQ(cut->hits.size(), 20u);  // still a page of the best of those
  r.offset = 2000;  // a page past the matches seen is empty, its total still told
  auto past = store_->search().search(r);
  ASSERT_TRUE(past.ok()) << past.status().to_string();
  EXPECT_TRUE(past->hits.empty());
  EXPECT_EQ(past->total, 1024);
  r.budget = std::chrono::milliseconds(250);
  auto last = store_->search().search(r);  // the last page of the whole
  ASSERT_TRUE(last.ok()) << last.status().to_string();
  EXPECT_EQ(last->hits.size(), 20u);
  EXPECT_TRUE(counts(*last, 2100)) << last->total;
  r.offset = 2200;
  auto beyond = store_->search().search(r);
  ASSERT_TRUE(beyond.ok()) << beyond.status().to_string();
  EXPECT_TRUE(beyond->hits.empty());
  EXPECT_TRUE(counts(*beyond, 2100)) << beyond->total;
}

// A search filtered by section or date, or sorted by date, reads what the piece says
// now: moved to another section and published again, it is found there and then.
TEST_P(ContentStoreTest, SearchFiltersAndDatesFollowAPieceThatMoved) {
  auto analysis = **store_->sections().by_slug("analysis");
  ContentBatch b;
  b.sections.push_back({Section{0, "news", SectionKind::articles, {{"en", "News"}}, 2}, "s"});
  ArticleRecord r = piece("en", "g9", "windy", "2020-03-01T10:00:00Z");
  r.article.body = "The zephyr came from the west.";
  b.articles.push_back(r);
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  auto news = **store_->sections().by_slug("news");
  auto search = [&](int64_t section, std::optional<std::string> from) {
    SearchRequest q;
    q.query = parse_search_query("zephyr", false).value();
    q.lang = "en";
    q.section_id = section;
    if (from) q.from = parse_timestamp(*from).value();
    auto found = store_->search().search(q);
    EXPECT_TRUE(found.ok()) << found.status().to_string();
    return found.ok() ? found->total : -1;
  };
  EXPECT_EQ(search(analysis.id, std::nullopt), 1);
  EXPECT_EQ(search(news.id, std::nullopt), 0);
  EXPECT_EQ(search(0, "2022-01-01T00:00:00Z"), 0);
  ContentBatch moved;
  r.section = "news";
  r.article.published_at = r.article.updated_at = parse_timestamp("2023-05-05T12:00:00Z").value();
  moved.articles.push_back(r);
  ASSERT_TRUE(store_->import_content(moved, nullptr).ok());
  EXPECT_EQ(search(analysis.id, std::nullopt), 0);
  EXPECT_EQ(search(news.id, std::nullopt), 1);
  EXPECT_EQ(search(0, "2022-01-01T00:00:00Z"), 1);
  SearchRequest newest;
  newest.query = parse_search_query("zephyr", false).value();
  newest.lang = "en";
  newest.newest_first = true;
  auto found = store_->search().search(newest);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].at, parse_timestamp("2023-05-05T12:00:00Z").value());
}

TEST_P(ContentStoreTest, SitemapRefsCarryTranslations) {
  auto refs = store_->articles().refs(0, 100);
  ASSERT_TRUE(refs.ok());
  ASSERT_EQ(refs->size(), 4u);
  for (const auto& r : *refs) {
    if (r.slug == "third") EXPECT_EQ(r.translations.size(), 2u);
    if (r.slug == "first") EXPECT_EQ(r.translations.size(), 1u);
  }
  EXPECT_EQ(*store_->articles().count_all_published(), 4);
}

QALAM_ON_EVERY_BACKEND(ContentStoreTest);

}  // namespace
}  // namespace qalam::store
