#include "static_site/manifest.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace qalam::static_site {
namespace {

class ManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("qalam_manifest_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ManifestTest, RoundTripsPagesKeysAndFiles) {
  Manifest m;
  m.fingerprint = "abc";
  m.position = 812;
  std::unordered_map<std::string, uint32_t> index;
  m.pages["/en/articles/x"] = {"h1", {m.intern("article:1", index), m.intern("settings", index)}};
  m.pages["/en/"] = {"h2", {m.intern("settings", index), m.intern("articles:en", index)}};
  m.pages["/ru/x \"quoted\""] = {"h3", {}};
  m.pages["/sitemaps/news.xml"] = {"h4", {}, 1767225600};
  m.files["assets/style.css"] = {"10:20.5"};
  ASSERT_TRUE(real_files().write(dir_ / manifest_file, serialize_manifest(m)).ok());
  auto back = read_manifest(real_files(), dir_);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(back->fingerprint, "abc");
  EXPECT_EQ(back->position, 812);
  ASSERT_EQ(back->pages.size(), 4u);
  EXPECT_EQ(back->pages.at("/sitemaps/news.xml").expires, 1767225600);
  EXPECT_EQ(back->pages.at("/en/").expires, 0);
  auto names = [&](const std::string& page) {
    std::vector<std::string> out;
    for (uint32_t k : back->pages.at(page).keys) out.push_back(back->keys.at(k));
    return out;
  };
  EXPECT_EQ(names("/en/articles/x"), (std::vector<std::string>{"article:1", "settings"}));
  EXPECT_EQ(names("/en/"), (std::vector<std::string>{"settings", "articles:en"}));
  EXPECT_EQ(back->keys.size(), 3u);  // "settings" once
  EXPECT_TRUE(back->pages.contains("/ru/x \"quoted\""));
  EXPECT_EQ(back->files.at("assets/style.css").hash, "10:20.5");
}

TEST_F(ManifestTest, MissingIsNotFoundAndDamagedIsNamed) {
  EXPECT_EQ(read_manifest(real_files(), dir_).status().code(), StatusCode::not_found);
  for (const char* bad : {"{", "[]", R"({"version":2})",
                          R"({"version":1,"fingerprint":"a","position":1,"keys":[],"pages":{"/x":{"hash":"h","keys":[3]}},"files":{}})"}) {
    ASSERT_TRUE(real_files().write(dir_ / manifest_file, bad).ok());
    auto r = read_manifest(real_files(), dir_);
    EXPECT_EQ(r.status().code(), StatusCode::invalid_argument) << bad;
    EXPECT_NE(r.status().message().find(".qalam-export.json"), std::string::npos) << r.status().message();
  }
}

TEST(ContentHash, StableAndDistinct) {
  EXPECT_EQ(content_hash("abc"), content_hash("abc"));
  EXPECT_NE(content_hash("abc"), content_hash("abd"));
  EXPECT_EQ(content_hash("").size(), 32u);
}

}  // namespace
}  // namespace qalam::static_site
