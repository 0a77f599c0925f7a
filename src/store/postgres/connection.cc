#include "store/postgres/connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cctype>
#include <cstdlib>
#include <regex>
#include <thread>
#include <vector>

namespace qalam::store::postgres {
namespace {

constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;

// Every connection's, again after a reconnect: text is UTF-8, and notices stay out of
// the server's log. (plan_cache_mode = force_generic_plan was measured: no clear gain.)
constexpr const char* kSessionSettings =
    "SET client_encoding = 'UTF8'; SET client_min_messages = warning";
constexpr Oid kTextOid = 25;

// libpq's messages end in a newline.
std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string postgres_id_lists(std::string_view sql) {
  static const std::regex idiom(R"((NOT )?IN \(SELECT CAST\(value AS BIGINT\) FROM json_each\((\?\d*)\)\))");
  std::string out;
  auto from = sql.begin();
  for (std::cregex_iterator it(sql.begin(), sql.end(), idiom), end; it != end; ++it) {
    const auto& m = *it;
    out.append(from, m[0].first);
    out += m[1].matched ? "<> ALL" : "= ANY";
    out += " (CAST(translate(" + m[2].str() + ", '[]', '{}') AS BIGINT[]))";
    from = m[0].second;
  }
  out.append(from, sql.end());
  return out;
}

std::string postgres_group_concat(std::string_view sql) {
  static constexpr std::string_view kCall = "group_concat(";
  std::string out;
  size_t at = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char ch = sql[i];
    if (quote) {
      if (ch == quote) quote = 0;
      continue;
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
      continue;
    }
    const bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_');
    if (!word_start || sql.substr(i, kCall.size()) != kCall) continue;
    // The argument, to the parenthesis that closes the call; one argument only.
    size_t end = i + kCall.size();
    int depth = 1;
    bool one_argument = true;
    for (char inner = 0; end < sql.size(); ++end) {
      const char c = sql[end];
      if (inner) {
        if (c == inner) inner = 0;
      } else if (c == '\'' || c == '"') {
        inner = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')' && --depth == 0) {
        break;
      } else if (c == ',' && depth == 1) {
        one_argument = false;
      }
    }
    if (end >= sql.size() || !one_argument) continue;
    out.append(sql.substr(at, i - at));
    out += "string_agg(CAST(";
    out.append(sql.substr(i + kCall.size(), end - i - kCall.size()));
    out += " AS TEXT), ',')";
    at = end + 1;
    i = end;
  }
  out.append(sql.substr(at));
  return out;
}

std::string postgres_placeholders(std::string_view sql, int& params, std::vector<bool>* used) {
  std::string out;
  out.reserve(sql.size() + 16);
  params = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char ch = sql[i];
    if (quote) {
      out += ch;
      if (ch == quote) quote = 0;  // a doubled quote closes and reopens: the same text
      continue;
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
      continue;
    }
    if (ch != '?') {
      out += ch;
      continue;
    }
    size_t j = i + 1;
    int number = 0;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') number = number * 10 + (sql[j++] - '0');
    if (j == i + 1) number = params + 1;  // a bare ? takes the next number, as in SQLite
    params = std::max(params, number);
    if (used) {
      if (used->size() < static_cast<size_t>(number)) used->resize(static_cast<size_t>(number), false);
      (*used)[static_cast<size_t>(number - 1)] = true;
    }
    out += '$';
    out += std::to_string(number);
    i = j - 1;
  }
  return out;
}

class PgStatement final : public sql::Statement {
 public:
  // `types`: 0 for a parameter whose type its place gives, text for one the
  // statement never names (SQLite lets a statement skip numbers; PostgreSQL must be
  // told a type).
  PgStatement(PgConnection& conn, std::string name, std::string text, std::vector<Oid> types)
      : conn_(conn),
        name_(std::move(name)),
        text_(std::move(text)),
        types_(std::move(types)),
        values_(types_.size()),
        bound_(types_.size()),
        binary_(types_.size()) {}

  // Prepares the statement on the connection as it is now (again after a reconnect).
  Status prepared() {
    Status s;
    for (int attempt = 0; attempt < 2; ++attempt) {
      QALAM_RETURN_IF_ERROR(conn_.ensure_connected());
      if (generation_ == conn_.generation()) return Status::ok_status();
      const bool idle = PQtransactionStatus(conn_.handle()) == PQTRANS_IDLE;
      pg_result* r = PQprepare(conn_.handle(), name_.c_str(), text_.c_str(), static_cast<int>(types_.size()),
                               types_.data());
      s = r && PQresultStatus(r) == PGRES_COMMAND_OK ? Status::ok_status() : conn_.error("prepare", r);
      PQclear(r);
      if (s.ok()) generation_ = conn_.generation();
      if (s.ok() || !idle || !conn_.lost()) break;  // else once more on a new connection
    }
    return s;
  }
  ~PgStatement() override { PQclear(result_); }

  Status bind_text(int index, std::string_view text) override {
    QALAM_RETURN_IF_ERROR(check_index(index));
    values_[static_cast<size_t>(index - 1)].assign(text.data(), text.size());
    bound_[static_cast<size_t>(index - 1)] = true;
    binary_[static_cast<size_t>(index - 1)] = 0;
    return Status::ok_status();
  }
  // Sent as binary: the bytes as they are (a bytea's binary form is its bytes).
  Status bind_blob(int index, std::string_view bytes) override {
    QALAM_RETURN_IF_ERROR(bind_text(index, bytes));
    binary_[static_cast<size_t>(index - 1)] = 1;
    return Status::ok_status();
  }
  Status bind_integer(int index, int64_t number) override { return bind_text(index, std::to_string(number)); }
  Status bind_null(int index) override {
    QALAM_RETURN_IF_ERROR(check_index(index));
    bound_[static_cast<size_t>(index - 1)] = false;
    return Status::ok_status();
  }

  bool step(Status& status) override {
    if (result_ == nullptr) {
      std::vector<const char*> values(values_.size());
      std::vector<int> lengths(values_.size());
      for (size_t i = 0; i < values_.size(); ++i) {
        values[i] = bound_[i] ? values_[i].c_str() : nullptr;
        lengths[i] = static_cast<int>(values_[i].size());
      }
      // Outside a transaction a statement whose connection turned out closed is run
      // again on a new one: nothing of it can have happened.
      const bool idle = PQtransactionStatus(conn_.handle()) == PQTRANS_IDLE;
      for (int attempt = 0; attempt < 2; ++attempt) {
        PQclear(result_);
        result_ = nullptr;
        status = prepared();
        if (!status.ok()) return false;
        result_ = PQexecPrepared(conn_.handle(), name_.c_str(), static_cast<int>(values.size()), values.data(),
                                 lengths.data(), binary_.data(), 0);
        ExecStatusType s = result_ ? PQresultStatus(result_) : PGRES_FATAL_ERROR;
        if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) break;
        status = conn_.error("step", result_);
        if (!(idle && attempt == 0 && conn_.lost())) return false;
      }
      const char* affected = PQcmdTuples(result_);
      conn_.set_changes(affected && *affected ? std::strtoll(affected, nullptr, 10) : 0);
      status = Status::ok_status();
      row_ = -1;
      rows_ = PQntuples(result_);
    }
    return ++row_ < rows_;
  }

  void reset() override {
    PQclear(result_);
    result_ = nullptr;
    std::fill(bound_.begin(), bound_.end(), false);
  }

  std::string text(int column) const override {
    if (!has(column)) return {};
    return std::string(PQgetvalue(result_, row_, column), static_cast<size_t>(PQgetlength(result_, row_, column)));
  }
  int64_t integer(int column) const override {
    if (!has(column) || PQgetisnull(result_, row_, column)) return 0;
    const char* v = PQgetvalue(result_, row_, column);
    if (PQftype(result_, column) == kBoolOid) return v[0] == 't' ? 1 : 0;
    return std::strtoll(v, nullptr, 10);
  }
  double real(int column) const override {
    if (!has(column) || PQgetisnull(result_, row_, column)) return 0;
    return std::strtod(PQgetvalue(result_, row_, column), nullptr);
  }
  bool is_null(int column) const override { return !has(column) || PQgetisnull(result_, row_, column); }
  // A bytea comes as text in hex (\x4a50…, the server's default bytea_output).
  std::string blob(int column) const override {
    std::string hex = text(column);
    if (!hex.starts_with("\\x")) return hex;
    std::string out;
    out.reserve((hex.size() - 2) / 2);
    auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (size_t i = 2; i + 1 < hex.size(); i += 2) {
      out.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
    }
    return out;
  }
  bool is_blob(int column) const override { return result_ != nullptr && PQftype(result_, column) == kByteaOid; }
  int column_count() const override { return result_ ? PQnfields(result_) : 0; }
  std::string column_name(int column) const override {
    const char* name = result_ ? PQfname(result_, column) : nullptr;
    return name ? name : "";
  }

 private:
  Status check_index(int index) const {
    if (index < 1 || static_cast<size_t>(index) > values_.size()) {
      return Status::internal("bind: parameter " + std::to_string(index) + " is not in the statement");
    }
    return Status::ok_status();
  }
  bool has(int column) const {
    return result_ != nullptr && row_ >= 0 && row_ < rows_ && column >= 0 && column < PQnfields(result_);
  }

  PgConnection& conn_;
  std::string name_;
  std::string text_;  // with PostgreSQL's placeholders
  std::vector<Oid> types_;
  int64_t generation_ = -1;  // the connection's generation it was prepared on
  std::vector<std::string> values_;
  std::vector<bool> bound_;
  std::vector<int> binary_;  // 1: the parameter is sent in binary (bytes)
  pg_result* result_ = nullptr;
  int row_ = -1;
  int rows_ = 0;
};

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& url, sql::SearchIndex& index) {
  pg_conn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return Status::unavailable("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::unavailable("cannot connect to PostgreSQL: " + message);
  }
  std::unique_ptr<PgConnection> c(new PgConnection(conn, index));
  QALAM_RETURN_IF_ERROR(c->exec(kSessionSettings));
  return c;
}

PgConnection::PgConnection(pg_conn* conn, sql::SearchIndex& index) : conn_(conn), index_(&index) {}

PgConnection::~PgConnection() {
  statements_.clear();
  PQfinish(conn_);
}

Status PgConnection::error(std::string_view what, const pg_result* result) const {
  std::string message = std::string(what) + ": " +
                        trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  if (PQstatus(conn_) != CONNECTION_OK) return Status::unavailable(message);
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view code = state ? state : "";
  if (code.starts_with("23") || code == "40001" || code == "40P01") return Status::conflict(message);
  // Connection trouble, no resources, the server shutting down, a read-only replica.
  if (code.starts_with("08") || code.starts_with("53") || code.starts_with("57") || code == "25006") {
    return Status::unavailable(message);
  }
  return Status::internal(message);
}

Status PgConnection::ensure_connected() {
  // Between transactions, read what the server sent meanwhile (a non-blocking read):
  // a connection it closed (a restart, a failover, pg_terminate_backend) is found
  // here and opened again, instead of failing the statement about to run.
  if (PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE) (void)PQconsumeInput(conn_);
  if (PQstatus(conn_) == CONNECTION_OK) return Status::ok_status();
  ++generation_;  // the server forgot every prepared statement
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Status::unavailable("PostgreSQL does not answer: " + trimmed(PQerrorMessage(conn_)));
  }
  return exec(kSessionSettings);
}

Status PgConnection::exec(std::string_view sql) {
  const std::string text(sql);
  Status out;
  for (int attempt = 0; attempt < 2; ++attempt) {
    QALAM_RETURN_IF_ERROR(ensure_connected());
    const bool idle = PQtransactionStatus(conn_) == PQTRANS_IDLE;
    pg_result* r = PQexec(conn_, text.c_str());
    ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    out = (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) ? Status::ok_status() : error("exec", r);
    PQclear(r);
    // Outside a transaction, a connection found closed is opened again and the
    // statements run once more (BEGIN, settings): nothing of them happened.
    if (out.ok() || !idle || !lost()) break;
  }
  return out;
}

bool PgConnection::lost() const { return PQstatus(conn_) != CONNECTION_OK; }

sql::Statement* PgConnection::prepare(const std::string& sql, Status& status) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    int params = 0;
    std::vector<bool> used;
    std::string text = postgres_placeholders(postgres_group_concat(postgres_id_lists(sql)), params, &used);
    std::vector<Oid> types(static_cast<size_t>(params), 0);
    for (size_t i = 0; i < types.size(); ++i) {
      if (!used[i]) types[i] = kTextOid;
    }
    auto stmt = std::make_unique<PgStatement>(*this, "q" + std::to_string(++next_name_), std::move(text), std::move(types));
    // Prepared now, so that a statement PostgreSQL cannot read fails where it is made.
    status = stmt->prepared();
    if (!status.ok()) return nullptr;
    it = statements_.emplace(sql, std::move(stmt)).first;
  }
  return it->second.get();
}

PgNotifications::PgNotifications(std::string url, std::string channel)
    : url_(std::move(url)), channel_(std::move(channel)) {}

PgNotifications::~PgNotifications() { close(); }

void PgNotifications::close() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
}

bool PgNotifications::connect() {
  close();
  conn_ = PQconnectdb(url_.c_str());
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    close();
    return false;
  }
  pg_result* r = PQexec(conn_, ("LISTEN " + channel_).c_str());
  const bool listening = r != nullptr && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!listening) close();
  return listening;
}

bool PgNotifications::drain() {
  bool any = false;
  while (PGnotify* n = PQnotifies(conn_)) {
    PQfreemem(n);
    any = true;
  }
  return any;
}

bool PgNotifications::wait(std::chrono::milliseconds timeout) {
  if ((conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) && !connect()) {
    std::this_thread::sleep_for(timeout);
    return false;
  }
  if (PQconsumeInput(conn_) == 0) {  // the server went away: open again next time
    close();
    return false;
  }
  if (drain()) return true;
  pollfd socket{PQsocket(conn_), POLLIN, 0};
  if (::poll(&socket, 1, static_cast<int>(timeout.count())) <= 0) return false;
  if (PQconsumeInput(conn_) == 0) {
    close();
    return false;
  }
  return drain();
}

}  // namespace qalam::store::postgres
