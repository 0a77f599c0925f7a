// What the fuzz targets of the import's file readers (wxr, ghost) share: the readers
// read files, as the importer does, so the input is written to a scratch file first;
// and a visitor that takes whatever it is given.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "ingest/wxr_reader.h"

namespace qalam::fuzz {

struct CountingVisitor final : ingest::WxrVisitor {
  size_t parts = 0;
  Status channel(const ingest::WxrChannel&) override { return ++parts, Status::ok_status(); }
  Status author(const ingest::WxrAuthor&) override { return ++parts, Status::ok_status(); }
  Status term(const ingest::WxrTerm&) override { return ++parts, Status::ok_status(); }
  Status item(const ingest::WxrItem& item) override {
    (void)item.meta_value("_thumbnail_id");
    return ++parts, Status::ok_status();
  }
};

// The bytes in this process's scratch file named after `name`; empty when it cannot
// be written.
inline std::filesystem::path write_scratch(const uint8_t* data, size_t size, std::string_view name) {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("qalam_fuzz_" + std::to_string(::getpid()) + "_" + std::string(name));
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return {};
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  return path;
}

}  // namespace qalam::fuzz
