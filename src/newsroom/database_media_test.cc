#include "newsroom/database_media.h"

#include <gtest/gtest.h>

#include <map>

#include "core/testing/failing_files.h"
#include "core/testing/temp_dir.h"

namespace qalam::newsroom {
namespace {

// The database's media files, in memory.
class MemoryMediaFiles final : public store::MediaFileRepository {
 public:
  Status put(std::string_view name, std::string_view bytes) override {
    files[std::string(name)] = std::string(bytes);
    return Status::ok_status();
  }
  Result<std::optional<std::string>> get(std::string_view name) override {
    ++gets;
    if (down) return Status::unavailable("the database does not answer");
    auto it = files.find(std::string(name));
    if (it == files.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  Status rename(std::string_view from, std::string_view to) override {
    auto it = files.find(std::string(from));
    if (it == files.end()) return Status::not_found("no media file");
    std::string bytes = it->second;
    files.erase(it);
    files[std::string(to)] = bytes;
    return Status::ok_status();
  }
  Status remove(std::string_view name) override {
    files.erase(std::string(name));
    return Status::ok_status();
  }
  Result<std::vector<std::string>> names() override {
    std::vector<std::string> out;
    for (const auto& [name, bytes] : files) out.push_back(name);
    return out;
  }
  Status clear() override {
    files.clear();
    return Status::ok_status();
  }
  std::map<std::string, std::string> files;
  int gets = 0;
  bool down = false;
};

std::string on_disk(const std::filesystem::path& path) {
  auto bytes = real_files().read(path);
  return bytes.ok() ? *bytes : "(missing)";
}

class DatabaseMediaTest : public ::testing::Test {
 protected:
  std::unique_ptr<DatabaseMediaFiles> open(int64_t max_bytes, Files& disk = real_files()) {
    auto m = DatabaseMediaFiles::open(db_, dir_.path() / "media-cache", max_bytes, disk);
    EXPECT_TRUE(m.ok()) << m.status().to_string();
    return std::move(m).value();
  }
  std::filesystem::path local(const std::string& name) const { return dir_.path() / "media-cache" / name; }

  qalam::testing::TempDir dir_{"qalam_database_media"};
  MemoryMediaFiles db_;
};

TEST_F(DatabaseMediaTest, AFileAskedForIsCopiedOnceAndServedFromTheCopy) {
  db_.files["a.jpg"] = std::string("jpeg\0bytes", 10);
  auto media = open(1000);
  EXPECT_TRUE(media->fetch("a.jpg").value());
  EXPECT_EQ(on_disk(local("a.jpg")), std::string("jpeg\0bytes", 10));
  EXPECT_TRUE(media->fetch("a.jpg").value());
  EXPECT_EQ(db_.gets, 1);
  EXPECT_FALSE(media->fetch("none.jpg").value());
  EXPECT_FALSE(std::filesystem::exists(local("none.jpg")));
  EXPECT_EQ(media->local_bytes(), 10);
}

TEST_F(DatabaseMediaTest, NamesThatAreNotOneFileAreRefused) {
  auto media = open(1000);
  for (const char* bad : {"", "../qalam.toml", "a/b.jpg", ".hidden", "a\\b"}) {
    EXPECT_EQ(media->fetch(bad).status().code(), StatusCode::invalid_argument) << bad;
  }
  EXPECT_EQ(db_.gets, 0);
}

TEST_F(DatabaseMediaTest, StaleCopiesFromBeforeTheStartAreGone) {
  std::filesystem::create_directories(local(""));
  ASSERT_TRUE(real_files().write(local("old.jpg"), "stale").ok());
  auto media = open(1000);
  EXPECT_FALSE(std::filesystem::exists(local("old.jpg")));
}

TEST_F(DatabaseMediaTest, TheLeastRecentlyServedGoFirstPastTheLimit) {
  db_.files["a.jpg"] = std::string(40, 'a');
  db_.files["b.jpg"] = std::string(40, 'b');
  db_.files["c.jpg"] = std::string(40, 'c');
  auto media = open(100);
  ASSERT_TRUE(media->fetch("a.jpg").value());
  ASSERT_TRUE(media->fetch("b.jpg").value());
  ASSERT_TRUE(media->fetch("a.jpg").value());  // a is now the most recent
  ASSERT_TRUE(media->fetch("c.jpg").value());  // 120 bytes: b goes
  EXPECT_TRUE(std::filesystem::exists(local("a.jpg")));
  EXPECT_FALSE(std::filesystem::exists(local("b.jpg")));
  EXPECT_TRUE(std::filesystem::exists(local("c.jpg")));
  EXPECT_EQ(media->local_bytes(), 80);
  ASSERT_TRUE(media->fetch("b.jpg").value());  // read again from the database
  EXPECT_EQ(db_.gets, 4);
}

TEST_F(DatabaseMediaTest, AChangedFileIsDroppedAndReadAgain) {
  db_.files["a.jpg"] = "old";
  auto media = open(1000);
  ASSERT_TRUE(media->fetch("a.jpg").value());
  db_.files["a.jpg"] = "new";  // another node replaced it
  media->changed({"article:3", "media-file:a.jpg"});
  EXPECT_FALSE(std::filesystem::exists(local("a.jpg")));
  ASSERT_TRUE(media->fetch("a.jpg").value());
  EXPECT_EQ(on_disk(local("a.jpg")), "new");
  media->changed({"*"});  // the feed lost track: every copy goes
  EXPECT_FALSE(std::filesystem::exists(local("a.jpg")));
  EXPECT_EQ(media->local_bytes(), 0);
}

TEST_F(DatabaseMediaTest, TheLibrarysWritesGoToTheDatabase) {
  auto media = open(1000);
  ASSERT_TRUE(media->write(local("x-480.webp"), "webp").ok());
  EXPECT_EQ(db_.files.at("x-480.webp"), "webp");
  EXPECT_EQ(media->read(local("x-480.webp")).value(), "webp");
  ASSERT_TRUE(media->fetch("x-480.webp").value());
  ASSERT_TRUE(media->write(local("x-480.webp.tmp"), "webp2").ok());
  ASSERT_TRUE(media->rename(local("x-480.webp.tmp"), local("x-480.webp")).ok());
  EXPECT_EQ(db_.files.at("x-480.webp"), "webp2");
  EXPECT_FALSE(std::filesystem::exists(local("x-480.webp")));  // the old copy is dropped
  media->remove(local("x-480.webp"));
  EXPECT_TRUE(db_.files.empty());
  EXPECT_EQ(media->read(local("x-480.webp")).status().code(), StatusCode::not_found);
}

TEST_F(DatabaseMediaTest, ACommandWritesTheLibraryAndLeavesTheNodesCopiesAlone) {
  db_.files["a.jpg"] = "old";
  auto node = open(1000);
  ASSERT_TRUE(node->fetch("a.jpg").value());
  auto command = DatabaseMediaFiles::without_copies(db_);
  ASSERT_TRUE(command->write(local("a.jpg"), "new").ok());
  ASSERT_TRUE(command->write(local("b.jpg"), "b").ok());
  EXPECT_EQ(db_.files.at("a.jpg"), "new");
  EXPECT_EQ(command->read(local("b.jpg")).value(), "b");
  EXPECT_EQ(on_disk(local("a.jpg")), "old");  // the node drops it when the change log says so
  EXPECT_FALSE(std::filesystem::exists(local("b.jpg")));
  EXPECT_EQ(command->fetch("a.jpg").status().code(), StatusCode::internal);
  node->changed({"media-file:a.jpg"});
  ASSERT_TRUE(node->fetch("a.jpg").value());
  EXPECT_EQ(on_disk(local("a.jpg")), "new");
  // A copy another node removed from a shared folder is read again once forgotten.
  std::filesystem::remove(local("a.jpg"));
  node->forget("a.jpg");
  ASSERT_TRUE(node->fetch("a.jpg").value());
  EXPECT_EQ(on_disk(local("a.jpg")), "new");
}

TEST_F(DatabaseMediaTest, AFailedCopyLeavesNothingBehind) {
  db_.files["a.jpg"] = std::string(1000, 'a');
  qalam::testing::FailingFiles disk;
  auto media = open(10000, disk);
  disk.fail_write(1);
  EXPECT_EQ(media->fetch("a.jpg").status().code(), StatusCode::unavailable);
  EXPECT_TRUE(std::filesystem::is_empty(local("")));
  db_.down = true;
  EXPECT_EQ(media->fetch("a.jpg").status().code(), StatusCode::unavailable);
  db_.down = false;
  EXPECT_TRUE(media->fetch("a.jpg").value());
  EXPECT_EQ(on_disk(local("a.jpg")), std::string(1000, 'a'));
}

}  // namespace
}  // namespace qalam::newsroom
