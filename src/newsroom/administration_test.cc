#include "newsroom/administration.h"

#include <gtest/gtest.h>

#include "newsroom/service_test_fixture.h"

namespace qalam::newsroom {
namespace {

class AdministrationTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    admin_ = principal("admin@example.org", Role::admin);
    editor_ = principal("editor@example.org", Role::editor);
    administration_ = std::make_unique<Administration>(*store_, *accounts_);
    store_->on_change([this](const std::vector<std::string>& k) { evicted_ = k; });
  }
  Principal admin_, editor_;
  std::unique_ptr<Administration> administration_;
  std::vector<std::string> evicted_;
};

TEST_F(AdministrationTest, OnlyAdminsManageAccountsAuditAndSettings) {
  EXPECT_EQ(administration_->accounts(editor_).status().code(), StatusCode::permission_denied);
  EXPECT_EQ(administration_->audit(editor_, 1, 10).status().code(), StatusCode::permission_denied);
  EXPECT_EQ(administration_->settings(editor_).status().code(), StatusCode::permission_denied);
  EXPECT_EQ(administration_->save_settings(editor_, {{"site.title", "Mine"}}).code(), StatusCode::permission_denied);
  EXPECT_EQ(administration_->set_role(editor_, editor_.user.id, Role::admin).code(), StatusCode::permission_denied);
  EXPECT_EQ(editor_.user.role, (*store_->accounts().user_by_id(editor_.user.id))->role);
  // Tokens: for oneself, anyone; for another, admins.
  EXPECT_TRUE(administration_->create_token(editor_, "editor@example.org", "mine").ok());
  EXPECT_EQ(administration_->create_token(editor_, "admin@example.org", "theirs").status().code(),
            StatusCode::permission_denied);
  auto overview = administration_->accounts(admin_);
  ASSERT_TRUE(overview.ok());
  EXPECT_EQ(overview->users.size(), 2u);
  EXPECT_EQ(overview->tokens.size(), 1u);
}

TEST_F(AdministrationTest, SettingsAreCheckedThenSavedTogether) {
  ASSERT_TRUE(administration_->save_settings(admin_, {{"site.title", "Xəbərlər"}, {"site.tagline", "Gündəlik"}}).ok());
  EXPECT_EQ(evicted_, std::vector<std::string>{"settings"});
  Status s = administration_->save_settings(admin_, {{"site.title", "Yeni"}, {"site.tagline", std::string(401, 'x')}});
  ASSERT_EQ(s.code(), StatusCode::invalid_argument);
  EXPECT_EQ(s.problems().at(0).field, "site.tagline");
  EXPECT_EQ(s.problems().at(0).code, "too_long");
  EXPECT_EQ(administration_->settings(admin_)->at("site.title"), "Xəbərlər");  // nothing of it was saved
  EXPECT_EQ(administration_->save_settings(admin_, {{"site.secret", "x"}}).problems().at(0).code, "unknown_field");
}

}  // namespace
}  // namespace qalam::newsroom
