#include "ingest/jsonl_export.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/testing/temp_dir.h"
#include "ingest/jsonl_import.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::ingest {
namespace {

// Every record type the import knows, articles of several states among them.
const char* site = R"({"type":"setting","key":"site.name.en","value":"Baku Review"}
{"type":"media","name":"a1b2c3","extension":"jpg","width":1600,"height":900,"bytes":12345,"variants":[320,640,1280],"alt":"Shusha at dawn","credit":"Demo"}
{"type":"section","slug":"analysis","name":{"en":"Analysis","az":"Təhlil"},"position":1}
{"type":"tag","slug":"karabakh","name":{"en":"Karabakh","az":"Qarabağ"}}
{"type":"author","slug":"vasif-huseynov","name":{"en":"Vasif Huseynov"},"bio":{"en":"Analyst"},"social":[{"network":"x","url":"https://x.com/v","handle":"@v"}]}
{"type":"project","slug":"missions","title":{"az":"Nümayəndəliklər"},"intro":{"az":"Giriş"},"new":true,"directory":true,"position":2}
{"type":"mission","project":"missions","country":"DE","city":"Berlin","city_names":{"az":"Berlin"},"kind":"embassy","website":"https://berlin.example","accounts":[{"network":"x","url":"https://x.com/berlin"}]}
{"type":"press_item","outlet":"Outlet","outlet_url":"https://o.example","url":"https://o.example/a","lang":"en","date":"2021-02-23","title":"What peace could mean","summary":"S"}
{"type":"article","lang":"en","slug":"rebuild","translation_group":"g1","title":"Rebuilding Karabakh","status":"published","authors":["vasif-huseynov"],"featured":true,"lead":"Lead","body":"# Hello","published_at":"2020-12-17T16:43:35Z","updated_at":"2020-12-18T10:00:00Z","image":"/media/a1b2c3.jpg","image_alt":"Shusha at dawn","section":"analysis","tags":["karabakh"]}
{"type":"article","lang":"az","slug":"berpa","translation_group":"g1","title":"Bərpa","status":"draft","authors":[],"featured":false}
{"type":"article","lang":"ru","slug":"plan","translation_group":"g2","title":"План","status":"scheduled","authors":["vasif-huseynov"],"featured":false,"published_at":"2030-01-01T00:00:00Z","updated_at":"2030-01-01T00:00:00Z"}
)";

std::unique_ptr<store::Store> open(const std::filesystem::path& path) {
  auto s = std::move(store::sqlite::open_sqlite_store({path.string(), 1, 1000, {}})).value();
  EXPECT_TRUE(s->migrate(nullptr).ok());
  return s;
}

std::string exported(store::Store& s, ExportSummary* summary = nullptr) {
  std::ostringstream out;
  auto r = export_jsonl(s, out, nullptr);
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (summary != nullptr && r.ok()) *summary = *r;
  return out.str();
}

TEST(ExportTest, AnExportImportedIntoAnEmptySiteExportsTheSame) {
  qalam::testing::TempDir dir{"qalam_export"};
  auto one = open(dir / "one.db");
  ASSERT_TRUE(import_jsonl(*one, site, "site.jsonl", nullptr).ok());
  ExportSummary summary;
  std::string first = exported(*one, &summary);
  EXPECT_EQ(summary.records["article"], 3u);
  EXPECT_EQ(summary.records["media"], 1u);
  EXPECT_EQ(summary.records["setting"], 1u);
  EXPECT_EQ(summary.media_files, (std::vector<std::string>{"a1b2c3.jpg", "a1b2c3-320.webp", "a1b2c3-640.webp",
                                                            "a1b2c3-1280.webp"}));

  auto two = open(dir / "two.db");
  auto again = import_jsonl(*two, first, "export.jsonl", nullptr);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(exported(*two), first);
  // States and the byline order come across.
  auto draft = two->editorial().by_id(2);
  ASSERT_TRUE(draft.ok() && draft->has_value());
  EXPECT_EQ((*draft)->status, ArticleStatus::draft);
  EXPECT_EQ((*draft)->slug, "berpa");
  auto media = two->media().list(10, 0);
  ASSERT_TRUE(media.ok());
  ASSERT_EQ(media->size(), 1u);
  EXPECT_EQ((*media)[0].variants, (std::vector<int>{320, 640, 1280}));
  EXPECT_EQ((*media)[0].credit, "Demo");
  EXPECT_EQ((*media)[0].mime, "image/jpeg");  // by the extension
}

TEST(ExportTest, ImportingTheSameExportTwiceKeepsOneOfEachImage) {
  qalam::testing::TempDir dir{"qalam_export"};
  auto one = open(dir / "one.db");
  ASSERT_TRUE(import_jsonl(*one, site, "site.jsonl", nullptr).ok());
  std::string text = exported(*one);
  std::string media_only;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(R"("type":"media")") != std::string::npos) media_only += line + "\n";
  }
  ASSERT_TRUE(import_jsonl(*one, media_only, "again.jsonl", nullptr).ok());
  EXPECT_EQ(one->media().list(10, 0)->size(), 1u);
}

}  // namespace
}  // namespace qalam::ingest
