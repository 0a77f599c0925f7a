#include "store/sql/connection.h"

#include <atomic>

namespace qalam::store::sql {
namespace {
std::atomic<int64_t> statements_until_failure{0};
}  // namespace

void fail_statement_after(int64_t n) { statements_until_failure.store(n); }

Query Connection::query(const std::string& sql) {
  if (statements_until_failure.load(std::memory_order_relaxed) > 0 && statements_until_failure.fetch_sub(1) == 1) {
    return Query(nullptr, Status::unavailable("injected failure: the disk is full"));
  }
  Status status;
  Statement* stmt = prepare(sql, status);
  return Query(stmt, stmt ? Status::ok_status() : std::move(status));
}

Query::Query(Statement* stmt, Status status) : stmt_(stmt), status_(std::move(status)) {
  if (stmt_ == nullptr && status_.ok()) status_ = Status::internal("no statement");
}

Query::Query(Query&& other) noexcept : stmt_(other.stmt_), status_(std::move(other.status_)) { other.stmt_ = nullptr; }

Query::~Query() {
  if (stmt_ != nullptr) stmt_->reset();
}

Query& Query::bind(int index, std::string_view text) {
  // An empty view may carry a null pointer, which a backend could store as NULL.
  if (text.data() == nullptr) text = "";
  if (stmt_ && status_.ok()) status_ = stmt_->bind_text(index, text);
  return *this;
}

Query& Query::bind(int index, int64_t number) {
  if (stmt_ && status_.ok()) status_ = stmt_->bind_integer(index, number);
  return *this;
}

Query& Query::bind_null(int index) {
  if (stmt_ && status_.ok()) status_ = stmt_->bind_null(index);
  return *this;
}

Query& Query::bind_blob(int index, std::string_view bytes) {
  if (bytes.data() == nullptr) bytes = "";
  if (stmt_ && status_.ok()) status_ = stmt_->bind_blob(index, bytes);
  return *this;
}

bool Query::next() {
  if (stmt_ == nullptr || !status_.ok()) return false;
  return stmt_->step(status_);
}

Status Query::run() {
  while (next()) {
  }
  return status_;
}

}  // namespace qalam::store::sql
