// The PostgreSQL implementation of Store: the shared repositories (store/sql) over
// libpq, one writer connection and a pool of readers on the database `url` names,
// search by a weighted tsvector (search.h). Several qalam processes may share one
// database. This header does not include libpq-fe.h.
//
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "store/sql/migration.h"
#include "store/store.h"

namespace qalam::store::postgres {

struct PostgresOptions {
  std::string url;  // a postgresql:// URI or a libpq connection string
  int readers = 2;  // reader connections (one per server thread)
  // The schema history; empty means the migrations built into the binary.
  std::span<const sql::Migration> migrations;
  // Every read sees the database as it was when the store opened: one reader, in one
  // REPEATABLE READ READ ONLY transaction held until the store closes; writes are
  // refused. For an export taken while the site serves (qalam export).
  bool snapshot = false;
};

// The PostgreSQL migrations built into the binary (migrations/NNNN_name.sql).
std::span<const sql::Migration> migrations();

Result<std::unique_ptr<Store>> open_postgres_store(const PostgresOptions& options);

// `url` with its password, if any, replaced by "***": for messages and logs.
std::string redacted_url(std::string_view url);

}  // namespace qalam::store::postgres
