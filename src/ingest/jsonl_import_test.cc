#include "ingest/jsonl_import.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "core/testing/temp_dir.h"
#include "ingest/jsonl_records.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::ingest {
namespace {
namespace json = boost::json;

const char* good = R"({"type":"section","slug":"analysis","name":{"en":"Analysis","az":"Təhlil"},"position":1}
{"type":"tag","name":{"en":"Karabakh","az":"Qarabağ"}}
{"type":"author","slug":"vasif-huseynov","name":{"en":"Vasif Huseynov"},"social":[{"network":"x","url":"https://x.com/v"}]}

{"type":"article","lang":"en","title":"Azerbaijan to re-build the liberated Karabakh","published_at":"2020-12-17T20:43:35+04:00","authors":["vasif-huseynov"],"section":"analysis","tags":["karabakh"],"body":"# Hello"}
{"type":"press_item","outlet":"Outlet","url":"https://o.example/a","lang":"en","date":"2021-02-23","title":"What peace could mean"}
{"type":"project","slug":"missions","title":{"az":"Nümayəndəliklər"},"new":true,"directory":true}
{"type":"mission","project":"missions","country":"DE","city":"Berlin","kind":"embassy"}
)";

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(store::sqlite::open_sqlite_store({(dir_ / "i.db").string(), 1, 1000, {}})).value();
    ASSERT_TRUE(store_->migrate(nullptr).ok());
  }
  // The import must fail with exactly `expected` and write nothing.
  void expect_rejected(const std::string& text, const std::string& expected) {
    auto r = import_jsonl(*store_, text, "in.jsonl", nullptr);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().message(), expected) << text;
    EXPECT_EQ(store_->sections().all()->size(), 0u);
    EXPECT_EQ(*store_->articles().count_all_published(), 0);
  }
  qalam::testing::TempDir dir_{"qalam_import"};
  std::unique_ptr<store::Store> store_;
};

TEST_F(ImportTest, GoodFileImportsEveryType) {
  size_t last_done = 0, last_total = 0;
  auto r = import_jsonl(*store_, good, "in.jsonl", [&](size_t d, size_t t) { last_done = d; last_total = t; });
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->total, 7u);
  // Progress counts each record, then each article's related pieces (one article here).
  EXPECT_EQ(last_done, 8u);
  EXPECT_EQ(last_total, 8u);
  auto a = store_->articles().by_slug("en", "azerbaijan-to-re-build-the-liberated-karabakh");
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->body, "# Hello");
  EXPECT_TRUE(store_->tags().by_slug("karabakh")->has_value());
}

TEST_F(ImportTest, APressItemsReviewIsKeptPerLanguageAndExportedAgain) {
  std::string line =
      R"({"type":"press_item","outlet":"FAZ","url":"https://faz.example/schuscha","lang":"de","date":"2026-12-01",)"
      R"("title":"Festival in Schuscha","review_title":{"az":"Şuşada festival","en":"A festival in Shusha"},)"
      R"("review":{"az":"Alman qəzeti festivalı yazır."}})";
  auto r = import_jsonl(*store_, line + "\n", "in.jsonl", nullptr);
  ASSERT_TRUE(r.ok()) << r.status().message();
  auto p = store_->press_items().by_url("https://faz.example/schuscha").value().value();
  EXPECT_EQ(p.review_title.at("az"), "Şuşada festival");
  EXPECT_EQ(p.review.at("az"), "Alman qəzeti festivalı yazır.");
  EXPECT_EQ(press_headline(p, "en"), "A festival in Shusha");
  EXPECT_EQ(press_headline(p, "ru"), "Festival in Schuscha");  // no review in Russian: the original
  EXPECT_EQ(press_summary(p, "az"), "Alman qəzeti festivalı yazır.");
  json::object record = press_item_record(p);
  EXPECT_EQ(json::serialize(record.at("review_title")), R"({"az":"Şuşada festival","en":"A festival in Shusha"})");
  EXPECT_FALSE(store_->press_items().by_url("https://nowhere.example/").value().has_value());
}

TEST_F(ImportTest, MissionsToInternationalOrganisationsAreReadBesideCountries) {
  std::string file =
      R"({"type":"project","slug":"p","title":{"en":"P"},"directory":true})" "\n"
      R"({"type":"mission","project":"p","organisation":"UN","city":"Geneva","kind":"permanent_mission"})" "\n"
      R"({"type":"mission","project":"p","country":"United Nations","city":"New York","kind":"permanent_mission"})" "\n"
      R"({"type":"mission","project":"p","organisation":"osce","city":"Vienna","kind":"permanent_mission"})" "\n"
      R"({"type":"mission","project":"p","country":"AT","city":"Vienna","kind":"embassy"})" "\n";
  auto r = import_jsonl(*store_, file, "in.jsonl", nullptr);
  ASSERT_TRUE(r.ok()) << r.status().message();
  auto project = store_->projects().by_slug("p").value().value();
  auto missions = store_->projects().missions(project.id).value();
  ASSERT_EQ(missions.size(), 4u);
  EXPECT_EQ(missions[0].organisation, "UN");
  EXPECT_EQ(missions[0].country, "CH");  // the seat's host
  EXPECT_EQ(missions[1].organisation, "UN");
  EXPECT_EQ(missions[1].country, "US");
  EXPECT_EQ(missions[2].organisation, "OSCE");
  EXPECT_EQ(missions[3].organisation, "");
  EXPECT_EQ(json::serialize(mission_record(missions[2], "p").at("organisation")), R"("OSCE")");
  EXPECT_FALSE(mission_record(missions[3], "p").contains("organisation"));
  // The same file again changes nothing: each mission is matched, organisation included.
  ASSERT_TRUE(import_jsonl(*store_, file, "in.jsonl", nullptr).ok());
  EXPECT_EQ(store_->projects().missions(project.id).value().size(), 4u);
}

TEST_F(ImportTest, AnOrganisationsMissionNeedsAKnownOrganisationAndAHost) {
  expect_rejected(
      R"({"type":"mission","project":"p","organisation":"WHO","city":"Geneva","kind":"permanent_mission"})",
      "in.jsonl:1: organisation: 'WHO' is not an organisation Qalam knows (UN, OSCE, EU, NATO, UNESCO, COE, OIC, CIS, OTS)"
      "\nin.jsonl:1: project: no project 'p' in this file or the site");
  expect_rejected(
      R"({"type":"mission","project":"p","organisation":"UN","city":"Rome","kind":"permanent_mission"})",
      "in.jsonl:1: country: is required for a mission to United Nations in 'Rome' (its seats are known; other cities "
      "need the host country)\nin.jsonl:1: project: no project 'p' in this file or the site");
}

TEST_F(ImportTest, ReferencesMayNameRecordsAlreadyInTheSite) {
  ASSERT_TRUE(import_jsonl(*store_, good, "in.jsonl", nullptr).ok());
  auto r = import_jsonl(*store_,
                        R"({"type":"article","lang":"az","title":"Qarabağ","published_at":"2021-01-01T00:00:00Z","authors":["vasif-huseynov"],"tags":["karabakh"]})",
                        "more.jsonl", nullptr);
  ASSERT_TRUE(r.ok()) << r.status().message();
}

TEST_F(ImportTest, ProblemsAreStructuredWithTheirLine) {
  auto r = import_jsonl(*store_,
                        "{\"type\":\"tag\",\"name\":{\"en\":\"T\"}}\n"
                        "{\"type\":\"section\",\"slug\":\"Bad Slug\",\"name\":{\"en\":\"X\"},\"position\":\"1\"}\n",
                        "in.jsonl", nullptr);
  ASSERT_FALSE(r.ok());
  const auto& problems = r.status().problems();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "slug");
  EXPECT_EQ(problems[0].code, "slug");
  EXPECT_EQ(problems[1].field, "position");
  EXPECT_EQ(problems[1].code, "whole_number");
  EXPECT_EQ(problems[1].args.back(), (std::pair<std::string, std::string>{"line", "2"}));
}

TEST_F(ImportTest, OneRecordParsesWithTheSameRulesAsAFileLine) {
  boost::json::object tag{{"type", "tag"}, {"name", boost::json::object{{"en", "Oil"}}}, {"slug", "oil"}};
  auto ok = parse_record(tag, "newsroom", store_.get());
  ASSERT_TRUE(ok.ok()) << ok.status().to_string();
  EXPECT_EQ(ok->tags.size(), 1u);
  boost::json::object mission{{"type", "mission"}, {"project", "nowhere"}, {"country", "DE"}, {"kind", "embassy"}};
  auto refused = parse_record(mission, "newsroom", store_.get());
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(refused.status().problems().size(), 1u);
  EXPECT_EQ(refused.status().problems()[0].field, "project");
  EXPECT_EQ(refused.status().problems()[0].code, "not_found");
}

TEST_F(ImportTest, EachBadRecordNamesFileLineAndField) {
  struct Case {
    std::string line, error;
  };
  std::vector<Case> cases = {
      {"not json", "in.jsonl:1: not valid JSON (syntax error)"},
      {"[1,2]", "in.jsonl:1: a record must be a JSON object"},
      {R"({"slug":"x"})", "in.jsonl:1: type: is required (section, tag, author, article, press_item, project, mission, setting, media)"},
      {R"({"type":"poem"})", "in.jsonl:1: type: 'poem' is not one of section, tag, author, article, press_item, project, mission, setting, media"},
      {R"({"type":"section","slug":"Bad Slug","name":{"en":"X"}})", "in.jsonl:1: slug: 'Bad Slug' is not a slug (lower-case a-z, 0-9 and single '-')"},
      {R"({"type":"section","slug":"x","kind":"blog","name":{"en":"X"}})", "in.jsonl:1: kind: 'blog' is not one of articles, press_review, projects"},
      {R"({"type":"section","slug":"x","name":{"de":"X"}})", "in.jsonl:1: name.de: is not one of az, en, ru\nin.jsonl:1: name: needs a text in at least one language"},
      {R"({"type":"section","slug":"x","name":"X"})", "in.jsonl:1: name: must be an object of texts by language, like {\"en\": \"…\", \"az\": \"…\"}"},
      {R"({"type":"tag","name":{"en":"X"},"colour":"red"})", "in.jsonl:1: colour: is not a known field"},
      {R"({"type":"author","name":{"en":"A"},"social":[{"network":"x","url":"ftp://a"}]})", "in.jsonl:1: social[0].url: must be an http:// or https:// address, or a /media/ or /assets/ path"},
      {R"({"type":"article","lang":"de","title":"T","published_at":"2021-01-01T00:00:00Z","authors":["a"]})", "in.jsonl:1: lang: 'de' is not one of az, en, ru\nin.jsonl:1: authors: no author 'a' in this file or the site"},
      {R"({"type":"article","lang":"en","title":"","published_at":"2021-01-01T00:00:00Z","authors":["a"]})", "in.jsonl:1: title: must not be empty\nin.jsonl:1: authors: no author 'a' in this file or the site"},
      {R"({"type":"article","lang":"en","title":"T","published_at":"yesterday","authors":[]})", "in.jsonl:1: published_at: 'yesterday' is not a date (2021-02-23) or a time with its offset (2021-04-27T17:11:00+04:00)\nin.jsonl:1: authors: needs at least one author"},
      {R"({"type":"article","lang":"en","title":"T","published_at":"2021-01-01T00:00:00Z","authors":"a"})", "in.jsonl:1: authors: must be a list of slugs\nin.jsonl:1: authors: needs at least one author"},
      {R"({"type":"article","lang":"en","title":"T","status":"maybe","published_at":"2021-01-01T00:00:00Z","authors":["a"]})", "in.jsonl:1: status: 'maybe' is not one of published, draft, review, scheduled, unpublished\nin.jsonl:1: authors: no author 'a' in this file or the site"},
      {R"({"type":"article","lang":"en","title":"T","image":"/media/x.png","published_at":"2021-01-01T00:00:00Z","authors":["a"]})", "in.jsonl:1: image_alt: is required with an image\nin.jsonl:1: authors: no author 'a' in this file or the site"},
      {R"x({"type":"article","lang":"en","title":"T","image":"javascript:alert(1)","image_alt":"x","published_at":"2021-01-01T00:00:00Z","authors":["a"]})x", "in.jsonl:1: image: must be an http:// or https:// address, or a /media/ or /assets/ path\nin.jsonl:1: authors: no author 'a' in this file or the site"},
      {R"({"type":"article","lang":"en","title":"!!!","published_at":"2021-01-01T00:00:00Z","authors":["a"]})", "in.jsonl:1: slug: cannot be made from the title; give one\nin.jsonl:1: authors: no author 'a' in this file or the site"},
      {R"({"type":"press_item","outlet":"O","url":"https://o/a","lang":"en","date":"2021-02-30","title":"T"})", "in.jsonl:1: date: '2021-02-30' is not a date (2021-02-23) or a time with its offset (2021-04-27T17:11:00+04:00)"},
      {R"({"type":"press_item","outlet":"O","lang":"en","date":"2021-02-03","title":"T"})", "in.jsonl:1: url: is required"},
      {R"({"type":"press_item","outlet":"O","url":"https://o/a","lang":"de","date":"2021-02-03","title":"T","review":{"az":"Xülasə"},"review_title":{"en":"Headline","xx":"?"}})", "in.jsonl:1: review_title.xx: is not one of az, en, ru\nin.jsonl:1: review_title.az: is required with a review in az"},
      {R"({"type":"project","title":{"en":"P"},"new":"yes"})", "in.jsonl:1: new: must be true or false"},
      {R"({"type":"mission","project":"p","country":"XX","kind":"palace"})", "in.jsonl:1: country: 'XX' is not an ISO 3166 country code like DE or TR, nor an organisation (UN, OSCE, EU, NATO, UNESCO, COE, OIC, CIS, OTS)\nin.jsonl:1: kind: 'palace' is not one of embassy, consulate, permanent_mission\nin.jsonl:1: project: no project 'p' in this file or the site"},
      {"{\"type\":\"tag\",\"name\":{\"en\":\"\xC3(\"}}", "in.jsonl:1: the line is not valid UTF-8"},
      {R"({"type":"media","name":"../x","extension":"exe","width":1,"height":1,"bytes":1})", "in.jsonl:1: name: may hold only letters, digits, '-' and '_'\nin.jsonl:1: extension: 'exe' is not one of jpg, png, webp, gif"},
      {R"({"type":"media","name":"a","extension":"png","variants":[320,"x"]})", "in.jsonl:1: variants: must be a list of whole numbers"},
      {R"({"type":"media","name":"a","extension":"jpg","mime":"text/html"})", "in.jsonl:1: mime: 'text/html' is not the type of a .jpg file (image/jpeg)"},
      {R"({"type":"setting","value":"x"})", "in.jsonl:1: key: is required"},
  };
  for (const Case& c : cases) expect_rejected(c.line, c.error);
}

// Exports written before the type followed from the extension carry a `mime`: they
// still import, the type agreeing with the extension.
TEST_F(ImportTest, AMediaRecordMayStillNameItsTypeWhenItAgrees) {
  auto r = import_jsonl(*store_, R"({"type":"media","name":"old-export","extension":"jpg","mime":"image/jpeg"})",
                        "old.jsonl", nullptr);
  ASSERT_TRUE(r.ok()) << r.status().message();
  auto item = store_->media().by_name("old-export");
  ASSERT_TRUE(item.ok() && item->has_value());
  EXPECT_EQ((*item)->mime, "image/jpeg");
}

TEST_F(ImportTest, ABadLineLaterInTheFileStopsTheWholeImport) {
  std::string text = std::string(good) + R"({"type":"tag","name":{"en":"Dup"},"slug":"karabakh"})" + "\n";
  expect_rejected(text, "in.jsonl:9: slug: 'karabakh' appears twice in this file");
}

TEST_F(ImportTest, SlugConflictWithTheSiteIsReportedWithItsLine) {
  ASSERT_TRUE(import_jsonl(*store_, good, "in.jsonl", nullptr).ok());
  auto r = import_jsonl(*store_,
                        "\n" R"({"type":"article","lang":"en","translation_group":"other","title":"Azerbaijan to re-build the liberated Karabakh","published_at":"2021-01-01T00:00:00Z","authors":["vasif-huseynov"]})",
                        "again.jsonl", nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "again.jsonl:2: slug: 'azerbaijan-to-re-build-the-liberated-karabakh' is already used by another en article");
}

}  // namespace
}  // namespace qalam::ingest

#include "ingest/corpus_generator.h"

namespace qalam::ingest {
namespace {

TEST(CorpusTest, DeterministicAndImportable) {
  std::ostringstream a, b, c;
  generate_corpus({.articles = 300, .seed = 7}, a);
  generate_corpus({.articles = 300, .seed = 7}, b);
  generate_corpus({.articles = 300, .seed = 8}, c);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_NE(a.str(), c.str());
  qalam::testing::TempDir dir("qalam_corpus");
  auto store = std::move(store::sqlite::open_sqlite_store({(dir / "c.db").string(), 1, 1000, {}})).value();
  ASSERT_TRUE(store->migrate(nullptr).ok());
  auto report = import_jsonl(*store, a.str(), "corpus", nullptr);
  ASSERT_TRUE(report.ok()) << report.status().message().substr(0, 2000);
  EXPECT_EQ(report->records["article"], 300u);
  int64_t per_language = 0;
  for (const char* lang : {"az", "en", "ru"}) {
    store::ArticleFilter f;
    f.lang = lang;
    int64_t n = *store->articles().count(f);
    EXPECT_GT(n, 50) << lang;
    per_language += n;
  }
  EXPECT_EQ(per_language, 300);
}

}  // namespace
}  // namespace qalam::ingest
