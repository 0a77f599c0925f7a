// Fuzz target: qalam.toml. The input is written as a site's configuration and loaded:
// a setting it cannot use is an error naming the place, never a crash.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>

#include "app/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fs = std::filesystem;
  // One scratch folder for the process, removed when it ends.
  struct Scratch {
    fs::path path = fs::temp_directory_path() / ("qalam_fuzz_config_" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(path); }
    ~Scratch() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  };
  static const Scratch scratch;
  const fs::path& dir = scratch.path;
  {
    std::ofstream out(dir / "qalam.toml", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto config = qalam::app::load_config(dir, [](const std::string&) { return std::optional<std::string>(); });
  if (config.ok()) {
    (void)config->public_url();
  } else if (config.status().message().empty()) {
    std::abort();  // a refusal says why
  }
  return 0;
}
