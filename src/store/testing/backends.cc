#include "store/testing/backends.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <vector>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::store::testing {
namespace {

// The server's URL (its maintenance database), read from the fixture's folder.
Result<std::string> server_url() {
  const char* dir = std::getenv("QALAM_TEST_POSTGRES");
#ifdef QALAM_TEST_POSTGRES_DIR
  if (dir == nullptr || *dir == '\0') dir = QALAM_TEST_POSTGRES_DIR;  // the ctest fixture's (cmake/QalamTest.cmake)
#endif
  if (dir == nullptr || *dir == '\0') {
    return Status::unavailable(
        "no PostgreSQL server for the tests: run them with ctest (make test starts one), or start one with "
        "`tests/support/pg_server start DIR` and set QALAM_TEST_POSTGRES=DIR");
  }
  std::ifstream in(std::filesystem::path(dir) / "url");
  std::string url;
  if (!(in >> url)) {
    return Status::unavailable(std::string("no PostgreSQL server for the tests: ") + dir +
                               "/url is missing (tests/support/pg_server start " + dir + ")");
  }
  return url;
}

Status run(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return Status::unavailable("the tests' PostgreSQL server: " + message);
  }
  PGresult* r = PQexec(conn, sql.c_str());
  Status s = PQresultStatus(r) == PGRES_COMMAND_OK ? Status::ok_status()
                                                   : Status::internal(std::string(sql) + ": " + PQresultErrorMessage(r));
  PQclear(r);
  PQfinish(conn);
  return s;
}

struct Databases {
  std::mutex mutex;
  std::string server;
  std::vector<std::string> names;
  ~Databases() {
    for (const std::string& name : names) (void)run(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
};
Databases& databases() {
  static Databases all;
  return all;
}

}  // namespace

std::string backend_name(Backend backend) { return backend == Backend::sqlite ? "sqlite" : "postgres"; }

std::span<const sql::Migration> migrations_of(Backend backend) {
  return backend == Backend::sqlite ? sqlite::migrations() : postgres::migrations();
}

Result<std::string> new_postgres_database() {
  auto server = server_url();
  if (!server.ok()) return server.status();
  static std::atomic<int> counter{0};
  std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  QALAM_RETURN_IF_ERROR(run(*server, "CREATE DATABASE " + name));
  {
    Databases& all = databases();
    std::lock_guard lock(all.mutex);
    all.server = *server;
    all.names.push_back(name);
  }
  std::string url = *server;
  return url.substr(0, url.rfind('/') + 1) + name;
}

Result<std::unique_ptr<Store>> open_test_store(Backend backend, const TestStoreOptions& options) {
  if (backend == Backend::sqlite) {
    return sqlite::open_sqlite_store({(options.dir / options.file).string(), options.readers, 1000, options.migrations});
  }
  auto url = new_postgres_database();
  if (!url.ok()) return url.status();
  return postgres::open_postgres_store({*url, options.readers, options.migrations});
}

Result<TestDatabase> TestDatabase::create(Backend backend, const std::filesystem::path& dir) {
  if (backend == Backend::sqlite) {
    static std::atomic<int> counter{0};
    return TestDatabase(backend, (dir / ("shared" + std::to_string(++counter) + ".db")).string());
  }
  auto url = new_postgres_database();
  if (!url.ok()) return url.status();
  return TestDatabase(backend, *url);
}

Result<std::unique_ptr<Store>> TestDatabase::open(std::span<const sql::Migration> migrations, int readers) const {
  if (backend_ == Backend::sqlite) return sqlite::open_sqlite_store({where_, readers, 1000, migrations});
  return postgres::open_postgres_store({where_, readers, migrations});
}

}  // namespace qalam::store::testing
