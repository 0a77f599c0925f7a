// The `qalam` subcommands. Each returns the process exit status: 0 success,
// 1 a runtime failure (database, network), 2 bad input (usage, configuration).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace qalam::app {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_bad_input = 2;

struct InitOptions {
  std::filesystem::path dir;
  bool demo = false;
  std::string title = "Qalam";
};
int run_init(const InitOptions& options);

struct ServeOptions {
  std::filesystem::path site_dir;
  std::optional<std::string> listen;  // overrides [server] listen
  std::optional<int> threads;         // overrides [server] threads
};
int run_serve(const ServeOptions& options);

int run_migrate(const std::filesystem::path& site_dir);

int run_version();

}  // namespace qalam::app
