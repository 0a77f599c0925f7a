// The fixture of the newsroom services' tests: a migrated SQLite store in a
// temporary folder, a fake clock at 2026-03-01 08:00 UTC, Accounts, and accounts
// made with the password "correct horse battery".
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "core/testing/temp_dir.h"
#include "core/time_format.h"
#include "newsroom/accounts.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::newsroom::testing {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(store::sqlite::open_sqlite_store({(dir_ / "s.db").string(), 2, 1000, {}})).value();
    ASSERT_TRUE(store_->migrate(nullptr).ok());
    accounts_ = std::make_unique<Accounts>(*store_, clock_);
  }
  // A new account; its user as a principal (signed in by no session).
  Principal principal(const char* email, Role role) {
    store::User u;
    u.email = email;
    u.name = email;
    u.role = role;
    auto id = accounts_->add_user(u, "correct horse battery", "cli");
    EXPECT_TRUE(id.ok()) << id.status().to_string();
    u.id = id.ok() ? *id : 0;
    return Principal{u, {}, {}, 0};
  }

  qalam::testing::TempDir dir_{"qalam_newsroom"};
  FakeClock clock_{parse_timestamp("2026-03-01T08:00:00Z").value()};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Accounts> accounts_;
};

}  // namespace qalam::newsroom::testing
