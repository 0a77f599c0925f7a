// The media library when the disk refuses: every write of an upload (each variant,
// the original) and of a re-clean failed in turn, as a full disk fails, half-way
// through the file. Nothing half-done may stay: no row, no file, no torn file.
#include "newsroom/media_library.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/testing/failing_files.h"
#include "newsroom/image_processing.h"
#include "newsroom/service_test_fixture.h"

namespace qalam::newsroom {
namespace {

class MediaLibraryTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    editor_ = principal("editor@example.org", Role::editor);
    MediaOptions o;
    o.dir = dir_ / "media";
    o.files = &files_;
    media_ = std::make_unique<MediaLibrary>(*store_, clock_, *accounts_, o);
  }
  // A 1,200 × 700 JPEG: three WebP variants and the original, four writes.
  static std::string photo() {
    std::string rgb(1200 * 700 * 3, '\0');
    for (size_t i = 0; i < rgb.size(); ++i) rgb[i] = static_cast<char>((i * 7) % 251);
    return encode_rgb_as_jpeg(rgb, 1200, 700).value();
  }
  std::map<std::string, std::string> files_on_disk() {
    std::map<std::string, std::string> out;
    std::error_code ec;
    if (!std::filesystem::exists(dir_ / "media", ec)) return out;
    for (const auto& e : std::filesystem::directory_iterator(dir_ / "media")) {
      out[e.path().filename().string()] = real_files().read(e.path()).value();
    }
    return out;
  }

  qalam::testing::FailingFiles files_;
  std::unique_ptr<MediaLibrary> media_;
  Principal editor_;
};

TEST_F(MediaLibraryTest, AnUploadTheDiskRefusesLeavesNothingBehind) {
  const std::string bytes = photo();
  for (int n = 1; n <= 4; ++n) {
    files_.fail_write(n);
    auto item = media_->upload(editor_, bytes, "Dağlar");
    ASSERT_FALSE(item.ok()) << "write " << n;
    EXPECT_EQ(item.status().code(), StatusCode::unavailable);
    EXPECT_NE(item.status().message().find("No space left on device"), std::string::npos);
    EXPECT_EQ(*store_->media().count(), 0) << "write " << n;
    EXPECT_TRUE(files_on_disk().empty()) << "write " << n << " left " << files_on_disk().begin()->first;
  }
  files_.fail_write(0);
  auto item = media_->upload(editor_, bytes, "Dağlar");
  ASSERT_TRUE(item.ok()) << item.status().to_string();
  EXPECT_EQ(files_.writes(), 4);
  EXPECT_EQ(files_on_disk().size(), 4u);
  EXPECT_EQ(*store_->media().count(), 1);
}

TEST_F(MediaLibraryTest, ARecleanTheDiskRefusesKeepsEveryFileAsItWas) {
  auto item = media_->upload(editor_, photo(), "Dağlar");
  ASSERT_TRUE(item.ok()) << item.status().to_string();
  const auto before = files_on_disk();
  for (int n = 1; n <= 4; ++n) {
    files_.fail_write(n);
    auto report = media_->strip_all();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->cleaned, 0) << "write " << n;
    ASSERT_EQ(report->problems.size(), 1u);
    EXPECT_NE(report->problems[0].find("No space left on device"), std::string::npos) << report->problems[0];
    EXPECT_EQ(files_on_disk(), before) << "write " << n;  // no torn file, no temporary left
  }
  files_.fail_write(0);
  auto report = media_->strip_all();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->cleaned, 1);
  EXPECT_EQ(files_on_disk().size(), before.size());
}

}  // namespace
}  // namespace qalam::newsroom
