// Where the tests find ../shared/testdata/wxr and ../shared/testdata/feeds
// (QALAM_SHARED_DIR in the environment wins); a test whose files are absent says so
// and is skipped.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace qalam::ingest::test_files {

inline std::filesystem::path testdata_dir(const char* name) {
  if (const char* s = std::getenv("QALAM_SHARED_DIR")) return std::filesystem::path(s) / "testdata" / name;
  return std::filesystem::path(QALAM_SHARED_DIR) / "testdata" / name;
}
inline std::filesystem::path wxr_dir() { return testdata_dir("wxr"); }
inline std::filesystem::path feeds_dir() { return testdata_dir("feeds"); }

#define QALAM_REQUIRE_WXR(file)                                                                  \
  if (!std::filesystem::exists(::qalam::ingest::test_files::wxr_dir() / (file)))                  \
  GTEST_SKIP() << "absent: " << (::qalam::ingest::test_files::wxr_dir() / (file)).string()          \
               << " (../shared/testdata/wxr; set QALAM_SHARED_DIR)"

}  // namespace qalam::ingest::test_files

namespace qalam::ingest::test_files {
#define QALAM_REQUIRE_FEEDS()                                                                    \
  if (!std::filesystem::exists(::qalam::ingest::test_files::feeds_dir() / "PROVENANCE.md"))       \
  GTEST_SKIP() << "absent: " << ::qalam::ingest::test_files::feeds_dir().string()                \
               << " (../shared/testdata/feeds; set QALAM_SHARED_DIR)"
}  // namespace qalam::ingest::test_files
