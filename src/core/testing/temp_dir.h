// TempDir: a fresh folder under the system's temporary directory for one test, removed
// with everything in it when the TempDir goes away. Test-only.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace qalam::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "qalam_test") {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace qalam::testing
