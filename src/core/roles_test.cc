#include "core/roles.h"

#include <gtest/gtest.h>


namespace qalam {
namespace {

TEST(Roles, ContributorWritesButDoesNotPublish) {
  EXPECT_TRUE(may(Role::contributor, Permission::create_article));
  EXPECT_TRUE(may(Role::contributor, Permission::submit_article, true));
  EXPECT_FALSE(may(Role::contributor, Permission::publish_article, true));
  EXPECT_FALSE(may(Role::contributor, Permission::unpublish_article, true));
  EXPECT_TRUE(may(Role::contributor, Permission::edit_article, true, ArticleStatus::review));
  EXPECT_FALSE(may(Role::contributor, Permission::edit_article, true, ArticleStatus::published));
  EXPECT_FALSE(may(Role::contributor, Permission::edit_article, false, ArticleStatus::draft));
  EXPECT_TRUE(may(Role::contributor, Permission::delete_article, true, ArticleStatus::draft));
  EXPECT_FALSE(may(Role::contributor, Permission::delete_article, true, ArticleStatus::review));
}

TEST(Roles, AuthorPublishesOnlyOwnPieces) {
  EXPECT_TRUE(may(Role::author, Permission::publish_article, true));
  EXPECT_FALSE(may(Role::author, Permission::publish_article, false));
  EXPECT_TRUE(may(Role::author, Permission::edit_article, true, ArticleStatus::published));
  EXPECT_FALSE(may(Role::author, Permission::edit_article, false, ArticleStatus::draft));
  EXPECT_FALSE(may(Role::author, Permission::curate_content));
}

TEST(Roles, EditorsHandleEverythingEditorialAdminsAlsoAccounts) {
  for (Role r : {Role::editor, Role::admin}) {
    EXPECT_TRUE(may(r, Permission::edit_article, false, ArticleStatus::published));
    EXPECT_TRUE(may(r, Permission::publish_article, false));
    EXPECT_TRUE(may(r, Permission::delete_article, false, ArticleStatus::published));
    EXPECT_TRUE(may(r, Permission::curate_content));
  }
  EXPECT_FALSE(may(Role::editor, Permission::manage_users));
  EXPECT_FALSE(may(Role::editor, Permission::read_audit_log));
  EXPECT_TRUE(may(Role::admin, Permission::manage_users));
  EXPECT_TRUE(may(Role::admin, Permission::manage_settings));
}

TEST(Roles, NamesRoundTrip) {
  for (Role r : {Role::contributor, Role::author, Role::editor, Role::admin}) EXPECT_EQ(parse_role(role_name(r)), r);
  EXPECT_FALSE(parse_role("root"));
  EXPECT_FALSE(parse_role("Admin"));
  for (auto s : {ArticleStatus::draft, ArticleStatus::review, ArticleStatus::scheduled, ArticleStatus::published,
                 ArticleStatus::unpublished}) {
    EXPECT_EQ(parse_article_status(article_status_name(s)), s);
  }
}

}  // namespace
}  // namespace qalam
