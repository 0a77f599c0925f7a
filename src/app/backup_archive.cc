#include "app/backup_archive.h"

#include <sodium.h>

#include <array>
#include <boost/json.hpp>
#include <cstring>
#include <fstream>
#include <optional>

namespace qalam::app {
namespace {

constexpr size_t block = 512;
constexpr uint64_t max_manifest = 64 * 1024 * 1024;

class Sha256 {
 public:
  Sha256() { crypto_hash_sha256_init(&state_); }
  void update(std::string_view bytes) {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  }
  std::string hex() {
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256_final(&state_, digest.data());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> out{};
    sodium_bin2hex(out.data(), out.size(), digest.data(), digest.size());
    return std::string(out.data());
  }

 private:
  crypto_hash_sha256_state state_{};
};

void octal(char* field, size_t width, uint64_t value) {
  // width - 1 digits and a NUL.
  std::memset(field, '0', width - 1);
  field[width - 1] = '\0';
  for (size_t i = width - 1; i-- > 0 && value > 0;) {
    field[i] = static_cast<char>('0' + (value & 7));
    value >>= 3;
  }
}

// An entry's name as tar's two fields (prefix/name), or nullopt when it cannot fit.
std::optional<std::pair<std::string, std::string>> split_name(const std::string& name) {
  if (name.size() <= 100) return std::pair<std::string, std::string>{"", name};
  for (size_t slash = name.find('/'); slash != std::string::npos; slash = name.find('/', slash + 1)) {
    if (slash <= 155 && name.size() - slash - 1 <= 100) return std::pair{name.substr(0, slash), name.substr(slash + 1)};
  }
  return std::nullopt;
}

bool safe_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string::npos || name.find('\0') != std::string::npos) {
    return false;
  }
  size_t at = 0;
  while (at <= name.size()) {
    size_t slash = name.find('/', at);
    std::string part = name.substr(at, slash == std::string::npos ? std::string::npos : slash - at);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  return name == "qalam.db" || name == "qalam.toml" || name == backup_manifest_name || name.starts_with("media/") ||
         name.starts_with("themes/");
}

}  // namespace

BackupWriter::~BackupWriter() {
  if (out_ != nullptr) {
    gzclose(out_);
    std::error_code ec;
    std::filesystem::remove(path_, ec);  // never finished: not a backup
  }
}

Status BackupWriter::open(const std::filesystem::path& file) {
  path_ = file;
  out_ = gzopen(file.c_str(), "wb6");
  if (out_ == nullptr) return Status::unavailable(file.string() + ": cannot be written (" + std::strerror(errno) + ")");
  return Status::ok_status();
}

Status BackupWriter::write(std::string_view bytes) {
  while (!bytes.empty()) {
    unsigned n = static_cast<unsigned>(std::min<size_t>(bytes.size(), 1u << 20));
    if (gzwrite(out_, bytes.data(), n) != static_cast<int>(n)) {
      int err = 0;
      const char* why = gzerror(out_, &err);
      return Status::unavailable(path_.string() + ": cannot be written (" +
                                 (err == Z_ERRNO ? std::strerror(errno) : why) + ")");
    }
    bytes.remove_prefix(n);
  }
  return Status::ok_status();
}

Status BackupWriter::pad(uint64_t size) {
  static const char zeros[block] = {};
  size_t rest = size % block;
  return rest == 0 ? Status::ok_status() : write(std::string_view(zeros, block - rest));
}

Status BackupWriter::header(const std::string& name, uint64_t size) {
  auto parts = split_name(name);
  if (!parts || !safe_name(name)) return Status::invalid("a backup cannot hold an entry named '" + name + "'");
  char h[block] = {};
  std::memcpy(h, parts->second.data(), parts->second.size());
  octal(h + 100, 8, 0644);
  octal(h + 108, 8, 0);
  octal(h + 116, 8, 0);
  if (size < (uint64_t{1} << 33)) {
    octal(h + 124, 12, size);
  } else {  // GNU's base-256 for entries of 8 GiB and more
    h[124] = static_cast<char>(0x80);
    for (int i = 11; i > 0; --i, size >>= 8) h[124 + i] = static_cast<char>(size & 0xFF);
  }
  octal(h + 136, 12, 0);
  h[156] = '0';
  std::memcpy(h + 257, "ustar", 6);
  std::memcpy(h + 263, "00", 2);
  std::memcpy(h + 345, parts->first.data(), parts->first.size());
  std::memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  octal(h + 148, 7, sum);
  h[155] = ' ';
  return write(std::string_view(h, block));
}

Status BackupWriter::add(const std::string& name, std::string_view bytes) {
  QALAM_RETURN_IF_ERROR(header(name, bytes.size()));
  QALAM_RETURN_IF_ERROR(write(bytes));
  QALAM_RETURN_IF_ERROR(pad(bytes.size()));
  Sha256 sha;
  sha.update(bytes);
  entries_[name] = {bytes.size(), sha.hex()};
  bytes_in_ += bytes.size();
  return Status::ok_status();
}

Status BackupWriter::add_file(const std::string& name, const std::filesystem::path& from) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(from, ec);
  if (ec) return Status::unavailable(from.string() + ": " + ec.message());
  std::ifstream in(from, std::ios::binary);
  if (!in) return Status::unavailable(from.string() + ": cannot be read");
  QALAM_RETURN_IF_ERROR(header(name, size));
  Sha256 sha;
  std::string buffer(1 << 20, '\0');
  uint64_t left = size;
  while (left > 0) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(left, buffer.size()));
    if (!in.read(buffer.data(), static_cast<std::streamsize>(n))) {
      return Status::unavailable(from.string() + ": changed size while it was read");
    }
    std::string_view piece(buffer.data(), n);
    sha.update(piece);
    QALAM_RETURN_IF_ERROR(write(piece));
    left -= n;
  }
  QALAM_RETURN_IF_ERROR(pad(size));
  entries_[name] = {size, sha.hex()};
  bytes_in_ += size;
  return Status::ok_status();
}

Status BackupWriter::finish(const std::map<std::string, std::string>& about) {
  boost::json::object manifest;
  for (const auto& [k, v] : about) manifest[k] = v;
  boost::json::object files;
  for (const auto& [name, e] : entries_) files[name] = boost::json::object{{"size", e.size}, {"sha256", e.sha256}};
  manifest["files"] = std::move(files);
  std::string text = boost::json::serialize(manifest) + "\n";
  QALAM_RETURN_IF_ERROR(header(std::string(backup_manifest_name), text.size()));
  QALAM_RETURN_IF_ERROR(write(text));
  QALAM_RETURN_IF_ERROR(pad(text.size()));
  static const char zeros[2 * block] = {};
  QALAM_RETURN_IF_ERROR(write(std::string_view(zeros, sizeof zeros)));
  int closed = gzclose(out_);
  out_ = nullptr;
  if (closed != Z_OK) {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
    return Status::unavailable(path_.string() + ": cannot be written (" + std::strerror(errno) + ")");
  }
  return Status::ok_status();
}

namespace {

class Reader {
 public:
  explicit Reader(const std::filesystem::path& file) : file_(file) {}
  ~Reader() {
    if (in_ != nullptr) gzclose(in_);
  }

  Status damaged(const std::string& why) const {
    return Status::invalid(file_.string() + ": damaged: " + why + "; nothing was restored");
  }

  // Exactly `n` bytes, or a damaged file.
  Status read(char* into, size_t n) {
    size_t done = 0;
    while (done < n) {
      int got = gzread(in_, into + done, static_cast<unsigned>(std::min<size_t>(n - done, 1u << 20)));
      if (got < 0) {
        int err = 0;
        const char* why = gzerror(in_, &err);
        return damaged(std::string("the compressed stream is corrupt (") + why + ")");
      }
      if (got == 0) return damaged("it ends early (cut short?)");
      done += static_cast<size_t>(got);
    }
    return Status::ok_status();
  }

  Result<BackupContents> run(const std::function<Status(const std::string&, std::string_view, bool)>& sink) {
    in_ = gzopen(file_.c_str(), "rb");
    if (in_ == nullptr) return Status::invalid(file_.string() + ": cannot read the file");
    std::map<std::string, std::pair<uint64_t, std::string>> seen;
    std::string manifest;
    bool have_manifest = false;
    std::string buffer(1 << 20, '\0');
    for (;;) {
      char h[block];
      QALAM_RETURN_IF_ERROR(read(h, block));
      if (std::all_of(h, h + block, [](char c) { return c == 0; })) break;  // the end
      unsigned sum = 0;
      for (int i = 0; i < static_cast<int>(block); ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
      if (sum != std::strtoul(std::string(h + 148, 8).c_str(), nullptr, 8)) return damaged("a header's checksum is wrong");
      std::string name(h, strnlen(h, 100));
      std::string prefix(h + 345, strnlen(h + 345, 155));
      if (!prefix.empty()) name = prefix + "/" + name;
      uint64_t size = 0;
      if (static_cast<unsigned char>(h[124]) == 0x80) {
        for (int i = 1; i < 12; ++i) size = (size << 8) | static_cast<unsigned char>(h[124 + i]);
      } else {
        size = std::strtoull(std::string(h + 124, 12).c_str(), nullptr, 8);
      }
      if (h[156] != '0' && h[156] != '\0') return damaged("entry '" + name + "' is not a plain file");
      if (!safe_name(name)) return damaged("it holds an entry named '" + name + "', which no backup has");
      if (have_manifest) return damaged("entries follow the manifest");
      bool is_manifest = name == backup_manifest_name;
      if (is_manifest && size > max_manifest) return damaged("the manifest is too large");
      if (seen.contains(name)) return damaged("entry '" + name + "' appears twice");
      Sha256 sha;
      uint64_t left = size;
      bool sent = false;
      while (left > 0 || !sent) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(left, buffer.size()));
        QALAM_RETURN_IF_ERROR(read(buffer.data(), n));
        std::string_view piece(buffer.data(), n);
        sha.update(piece);
        left -= n;
        if (is_manifest) {
          manifest.append(piece);
        } else {
          QALAM_RETURN_IF_ERROR(sink(name, piece, left == 0));
        }
        sent = true;
      }
      if (size % block != 0) QALAM_RETURN_IF_ERROR(read(buffer.data(), block - size % block));
      if (is_manifest) {
        have_manifest = true;
      } else {
        seen[name] = {size, sha.hex()};
      }
    }
    if (!have_manifest) return damaged("it has no manifest (qalam-backup.json)");
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(manifest, ec);
    if (ec || !doc.is_object() || !doc.as_object().if_contains("files") || !doc.at("files").is_object()) {
      return damaged("its manifest is not readable");
    }
    BackupContents contents;
    for (const auto& [k, v] : doc.as_object()) {
      if (v.is_string()) contents.about[std::string(k)] = std::string(v.get_string());
    }
    if (contents.about["format"] != "qalam-backup") return damaged("it is not a Qalam backup");
    const auto& files = doc.at("files").as_object();
    for (const auto& [name, entry] : files) {
      auto it = seen.find(std::string(name));
      if (it == seen.end()) return damaged("entry '" + std::string(name) + "' is missing");
      const boost::json::object* e = entry.if_object();
      if (e == nullptr || !e->if_contains("sha256") || !e->at("sha256").is_string() ||
          e->at("sha256").get_string() != it->second.second || !e->if_contains("size") ||
          !e->at("size").is_number() || e->at("size").to_number<uint64_t>() != it->second.first) {
        return damaged("entry '" + std::string(name) + "' does not match its checksum");
      }
      contents.sizes[std::string(name)] = it->second.first;
    }
    if (seen.size() != files.size()) return damaged("it holds entries its manifest does not list");
    return contents;
  }

 private:
  std::filesystem::path file_;
  gzFile in_ = nullptr;
};

}  // namespace

Result<BackupContents> read_backup(const std::filesystem::path& file,
                                   const std::function<Status(const std::string&, std::string_view, bool)>& sink) {
  return Reader(file).run(sink);
}

}  // namespace qalam::app
