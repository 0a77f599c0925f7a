// For tests: the disk, except that the `fail_at`-th write from now on (1 = the next)
// fails as a full disk does — after writing half of the file, so that a caller who
// keeps what it wrote would keep a torn file. 0: nothing fails.
#pragma once

#include <atomic>
#include <set>
#include <string>

#include "core/files.h"

namespace qalam::testing {

class FailingFiles final : public Files {
 public:
  void fail_write(int n) {
    writes_ = 0;
    fail_at_ = n;
  }
  int writes() const { return writes_; }

  Status write(const std::filesystem::path& path, std::string_view bytes) override {
    if (++writes_ == fail_at_) {
      (void)real_files().write(path, bytes.substr(0, bytes.size() / 2));
      return Status::unavailable("cannot write " + path.string() + ": No space left on device");
    }
    return real_files().write(path, bytes);
  }
  Result<std::string> read(const std::filesystem::path& path) override { return real_files().read(path); }
  Status rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    return real_files().rename(from, to);
  }
  void remove(const std::filesystem::path& path) override { real_files().remove(path); }
  Status make_directories(const std::filesystem::path& dir) override { return real_files().make_directories(dir); }
  Status link(const std::filesystem::path& from, const std::filesystem::path& to) override {
    return real_files().link(from, to);
  }
  Status exchange(const std::filesystem::path& a, const std::filesystem::path& b) override {
    if (fail_exchange_) return Status::unavailable("cannot swap " + a.string() + " and " + b.string() + ": Input/output error");
    return real_files().exchange(a, b);
  }
  Status remove_all(const std::filesystem::path& path) override { return real_files().remove_all(path); }
  void fail_exchange(bool on) { fail_exchange_ = on; }

 private:
  std::atomic<int> writes_{0};
  std::atomic<int> fail_at_{0};
  std::atomic<bool> fail_exchange_{false};
};

}  // namespace qalam::testing
