// Where the tests find ../shared/testdata/wxr (QALAM_SHARED_DIR in the environment
// wins); a test whose files are absent says so and is skipped.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace qalam::ingest::test_files {

inline std::filesystem::path wxr_dir() {
  if (const char* s = std::getenv("QALAM_SHARED_DIR")) return std::filesystem::path(s) / "testdata/wxr";
  return std::filesystem::path(QALAM_SHARED_DIR) / "testdata/wxr";
}

#define QALAM_REQUIRE_WXR(file)                                                                  \
  if (!std::filesystem::exists(::qalam::ingest::test_files::wxr_dir() / (file)))                  \
  GTEST_SKIP() << "absent: " << (::qalam::ingest::test_files::wxr_dir() / (file)).string()          \
               << " (../shared/testdata/wxr; set QALAM_SHARED_DIR)"

}  // namespace qalam::ingest::test_files
