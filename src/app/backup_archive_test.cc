#include "app/backup_archive.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "core/testing/temp_dir.h"

namespace qalam::app {
namespace {

std::string slurp_gz(const std::filesystem::path& p) {
  gzFile f = gzopen(p.c_str(), "rb");
  std::string out;
  char buf[4096];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

void spit_gz(const std::filesystem::path& p, const std::string& bytes) {
  gzFile f = gzopen(p.c_str(), "wb");
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

class BackupArchiveTest : public ::testing::Test {
 protected:
  std::filesystem::path write_backup() {
    auto file = dir_.path() / "site.tar.gz";
    BackupWriter w;
    EXPECT_TRUE(w.open(file).ok());
    EXPECT_TRUE(w.add("qalam.db", std::string(3000, 'd')).ok());
    EXPECT_TRUE(w.add("qalam.toml", "[site]\n").ok());
    std::string long_name = "media/" + std::string(70, 'a') + "/" + std::string(70, 'b') + ".jpg";  // longer than tar's 100-byte field
    EXPECT_TRUE(w.add(long_name, "jpeg").ok());
    EXPECT_TRUE(w.add("media/empty.webp", "").ok());
    EXPECT_TRUE(w.finish({{"format", "qalam-backup"}, {"qalam", "test"}}).ok());
    return file;
  }

  Result<BackupContents> read(const std::filesystem::path& file, std::map<std::string, std::string>* got = nullptr) {
    return read_backup(file, [got](const std::string& name, std::string_view piece, bool) {
      if (got) (*got)[name].append(piece);
      return Status::ok_status();
    });
  }

  qalam::testing::TempDir dir_;
};

TEST_F(BackupArchiveTest, RoundTripsEveryEntry) {
  auto file = write_backup();
  std::map<std::string, std::string> got;
  auto contents = read(file, &got);
  ASSERT_TRUE(contents.ok()) << contents.status().message();
  EXPECT_EQ(contents->about["qalam"], "test");
  EXPECT_EQ(got["qalam.db"], std::string(3000, 'd'));
  EXPECT_EQ(got["qalam.toml"], "[site]\n");
  EXPECT_EQ(got["media/" + std::string(70, 'a') + "/" + std::string(70, 'b') + ".jpg"], "jpeg");
  EXPECT_TRUE(got.contains("media/empty.webp"));
  EXPECT_EQ(contents->sizes.size(), 4u);
}

TEST_F(BackupArchiveTest, AFlippedByteIsRefusedAsDamaged) {
  auto file = write_backup();
  std::string tar = slurp_gz(file);
  tar[512 + 100] ^= 1;  // inside qalam.db's bytes
  spit_gz(file, tar);
  auto contents = read(file);
  ASSERT_FALSE(contents.ok());
  EXPECT_EQ(contents.status().code(), StatusCode::invalid_argument);
  EXPECT_NE(contents.status().message().find("damaged: entry 'qalam.db' does not match its checksum"), std::string::npos)
      << contents.status().message();
}

TEST_F(BackupArchiveTest, ACutShortOrCorruptFileIsRefused) {
  auto file = write_backup();
  std::string tar = slurp_gz(file);
  spit_gz(file, tar.substr(0, tar.size() / 2));
  auto cut = read(file);
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("damaged"), std::string::npos) << cut.status().message();
  // Compressed bytes damaged: the gzip check fails.
  auto file2 = write_backup();
  std::ifstream in(file2, std::ios::binary);
  std::string gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gz[gz.size() / 2] ^= 0x55;
  std::ofstream(file2, std::ios::binary) << gz;
  auto corrupt = read(file2);
  ASSERT_FALSE(corrupt.ok());
  EXPECT_NE(corrupt.status().message().find("damaged"), std::string::npos) << corrupt.status().message();
}

TEST_F(BackupArchiveTest, NamesThatLeaveTheSiteAreRefusedBothWays) {
  BackupWriter w;
  ASSERT_TRUE(w.open(dir_.path() / "x.tar.gz").ok());
  EXPECT_FALSE(w.add("../etc/passwd", "x").ok());
  EXPECT_FALSE(w.add("/etc/passwd", "x").ok());
  EXPECT_FALSE(w.add("media/../../x", "x").ok());
  EXPECT_FALSE(w.add("other/file", "x").ok());
  // An archive made elsewhere with such a name is damaged, not unpacked.
  std::string header(512, '\0');
  std::string name = "../x";
  header.replace(0, name.size(), name);
  auto octal = [&](size_t at, size_t width, unsigned long v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*lo", static_cast<int>(width - 1), v);
    header.replace(at, width - 1, buf);
  };
  octal(100, 8, 0644);
  octal(124, 12, 1);
  header[156] = '0';
  header.replace(148, 8, "        ");
  unsigned sum = 0;
  for (unsigned char c : header) sum += c;
  octal(148, 7, sum);
  spit_gz(dir_.path() / "evil.tar.gz", header + std::string(512, 'x') + std::string(1024, '\0'));
  auto evil = read(dir_.path() / "evil.tar.gz");
  ASSERT_FALSE(evil.ok());
  EXPECT_NE(evil.status().message().find("an entry named '../x'"), std::string::npos) << evil.status().message();
}

TEST_F(BackupArchiveTest, AnUnfinishedBackupLeavesNoFile) {
  auto file = dir_.path() / "never.tar.gz";
  {
    BackupWriter w;
    ASSERT_TRUE(w.open(file).ok());
    ASSERT_TRUE(w.add("qalam.toml", "x").ok());
  }
  EXPECT_FALSE(std::filesystem::exists(file));
}

}  // namespace
}  // namespace qalam::app
