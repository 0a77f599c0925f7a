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
  m.pages["/en/articles/x"] = {"h1", {"article:1", "settings"}};
  m.pages["/en/"] = {"h2", {"settings", "articles:en"}};
  m.files["assets/style.css"] = {"10:20.5"};
  ASSERT_TRUE(real_files().write(dir_ / manifest_file, serialize_manifest(m)).ok());
  auto back = read_manifest(real_files(), dir_);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(back->fingerprint, "abc");
  EXPECT_EQ(back->position, 812);
  ASSERT_EQ(back->pages.size(), 2u);
  EXPECT_EQ(back->pages.at("/en/articles/x").keys, (std::vector<std::string>{"article:1", "settings"}));
  EXPECT_EQ(back->pages.at("/en/").keys, (std::vector<std::string>{"settings", "articles:en"}));
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
