#include <fmt/format.h>

#include "app/commands.h"
#include "app/config.h"
#include "app/site_context.h"

namespace qalam::app {

int run_migrate(const std::filesystem::path& site_dir) {
  auto config = load_config(site_dir, process_environment());
  if (!config.ok()) {
    fmt::print(stderr, "qalam: {}\n", config.status().message());
    return exit_bad_input;
  }
  auto store = open_site_store(*config, 1);
  if (!store) return exit_failure;
  auto before = store->schema_version();
  if (!before.ok()) {
    fmt::print(stderr, "qalam: {}\n", before.status().message());
    return exit_failure;
  }
  Status s = store->migrate([](int version, std::string_view name) {
    fmt::print("applied migration {} ({})\n", version, name);
  });
  if (!s.ok()) {
    fmt::print(stderr, "qalam: {}\n", s.message());
    return exit_failure;
  }
  auto after = store->schema_version();
  if (after.ok() && after->current == before->current) {
    fmt::print("database is up to date at schema version {}\n", after->current);
  }
  return exit_ok;
}

}  // namespace qalam::app
