#include <fmt/format.h>

#include "app/commands.h"
#include "app/config.h"
#include "app/site_context.h"

namespace qalam::app {

int run_migrate(const std::filesystem::path& site_dir) {
  int status = exit_ok;
  auto site = open_site(site_dir, 1, false, status);
  if (!site) return status;
  auto& store = site->store;
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
