// For the store's tests: the same test run against each backend. SQLite opens a file in
// the test's folder; PostgreSQL makes a fresh database on the server make test starts
// (tests/support/pg_server, a ctest fixture; QALAM_TEST_POSTGRES names its folder) and
// drops it when the store's test ends.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "core/status.h"
#include "store/sql/migration.h"
#include "store/store.h"

namespace qalam::store::testing {

enum class Backend { sqlite, postgres };

inline constexpr Backend all_backends[] = {Backend::sqlite, Backend::postgres};

std::string backend_name(Backend backend);

// The URL of a new, empty database on the tests' PostgreSQL server; fails saying how
// to start one when there is none. The database is dropped at the process's exit.
Result<std::string> new_postgres_database();

struct TestStoreOptions {
  std::filesystem::path dir;  // SQLite's file goes here
  std::string file = "test.db";
  std::span<const sql::Migration> migrations;  // empty: the backend's own
  int readers = 2;
};

// A fresh store of `backend`, not migrated.
Result<std::unique_ptr<Store>> open_test_store(Backend backend, const TestStoreOptions& options);

// A fresh, empty database that any number of stores open, as several processes (or
// nodes) of one site would: a file in `dir` for SQLite, a new database for PostgreSQL.
class TestDatabase {
 public:
  static Result<TestDatabase> create(Backend backend, const std::filesystem::path& dir);
  // Another store on this database, not migrated.
  Result<std::unique_ptr<Store>> open(std::span<const sql::Migration> migrations = {}, int readers = 2) const;

 private:
  TestDatabase(Backend backend, std::string where) : backend_(backend), where_(std::move(where)) {}
  Backend backend_;
  std::string where_;  // SQLite's file or PostgreSQL's URL
};

// The backend's migrations built into the binary.
std::span<const sql::Migration> migrations_of(Backend backend);

}  // namespace qalam::store::testing

// gtest's name for a parameter: "sqlite" / "postgres".
#define QALAM_BACKEND_NAME [](const ::testing::TestParamInfo<::qalam::store::testing::Backend>& info) { \
  return ::qalam::store::testing::backend_name(info.param);                                            \
}
#define QALAM_ON_EVERY_BACKEND(suite) \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::ValuesIn(::qalam::store::testing::all_backends), QALAM_BACKEND_NAME)
