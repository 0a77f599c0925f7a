// The SQLite database: one file in WAL mode, one writer connection and a pool of
// readers (store/sql/database.h), each connection with the search tokenizer and rank
// function registered.
//
// Thread-safety: as sql::Database.
#pragma once

#include <sys/types.h>

#include <memory>
#include <span>
#include <string>

#include "store/sql/database.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/search_index.h"

namespace qalam::store::sqlite {

using sql::Database;

class SqliteDatabase final : public sql::Database {
 public:
  struct Options {
    std::string path;
    int readers = 2;
    int busy_timeout_ms = 5000;
    std::span<const Migration> migrations;
    bool synchronous_full = true;  // fsync at every commit (see SqliteOptions)
    int cache_mb = 64;             // each connection's page cache (see SqliteOptions)
  };
  static Result<std::unique_ptr<SqliteDatabase>> open(const Options& options);

  // Also fails when the file was removed or replaced under the process.
  Status ping() override;

 private:
  SqliteDatabase(const Options& options, std::unique_ptr<sql::Connection> writer,
                 std::vector<std::unique_ptr<sql::Connection>> readers, ino_t inode);
  std::string path_;
  ino_t inode_;
};

}  // namespace qalam::store::sqlite
