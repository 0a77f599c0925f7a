#include "core/files.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace qalam {
namespace {

std::string reason(int error) { return std::strerror(error); }

class RealFiles final : public Files {
 public:
  Status write(const std::filesystem::path& path, std::string_view bytes) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Status::unavailable("cannot write " + path.string() + ": " + reason(errno));
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        int error = n < 0 ? errno : EIO;
        ::close(fd);
        return Status::unavailable("cannot write " + path.string() + ": " + reason(error));
      }
      done += static_cast<size_t>(n);
    }
    if (::close(fd) != 0) return Status::unavailable("cannot write " + path.string() + ": " + reason(errno));
    return Status::ok_status();
  }

  Result<std::string> read(const std::filesystem::path& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return Status::not_found("the file " + path.string() + " is missing");
      return Status::unavailable("cannot read " + path.string() + ": " + reason(errno));
    }
    std::string out;
    char buffer[65536];
    while (true) {
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int error = errno;
        ::close(fd);
        return Status::unavailable("cannot read " + path.string() + ": " + reason(error));
      }
      if (n == 0) break;
      out.append(buffer, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
  }

  Status rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    std::error_code ec;
    std::filesystem::rename(from, to, ec);
    if (ec) return Status::unavailable("cannot rename " + from.string() + " to " + to.string() + ": " + ec.message());
    return Status::ok_status();
  }

  void remove(const std::filesystem::path& path) override {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }

  Status make_directories(const std::filesystem::path& dir) override {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::unavailable("cannot create " + dir.string() + ": " + ec.message());
    return Status::ok_status();
  }

  Status link(const std::filesystem::path& from, const std::filesystem::path& to) override {
    if (::link(from.c_str(), to.c_str()) == 0) return Status::ok_status();
    if (errno != EXDEV && errno != EPERM && errno != EMLINK) {
      return Status::unavailable("cannot link " + from.string() + " to " + to.string() + ": " + reason(errno));
    }
    std::error_code ec;
    std::filesystem::copy_file(from, to, ec);
    if (ec) return Status::unavailable("cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
    return Status::ok_status();
  }

  Status exchange(const std::filesystem::path& a, const std::filesystem::path& b) override {
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0) {
      return Status::unavailable("cannot swap " + a.string() + " and " + b.string() + ": " + reason(errno));
    }
    return Status::ok_status();
  }

  Status remove_all(const std::filesystem::path& path) override {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec) return Status::unavailable("cannot remove " + path.string() + ": " + ec.message());
    return Status::ok_status();
  }
};

}  // namespace

Files& real_files() {
  static RealFiles files;
  return files;
}

}  // namespace qalam
