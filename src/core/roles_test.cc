#include "core/roles.h"

#include <gtest/gtest.h>

#include "core/text_diff.h"

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

std::string render(const std::vector<DiffLine>& d) {
  std::string out;
  for (const auto& l : d) {
    out += l.kind == DiffLine::Kind::same ? ' ' : l.kind == DiffLine::Kind::added ? '+' : '-';
    out += l.text + "\n";
  }
  return out;
}

TEST(TextDiff, MarksRemovedAndAddedLines) {
  EXPECT_EQ(render(diff_lines("a\nb\nc\nd", "a\nc\nx\nd")), " a\n-b\n c\n+x\n d\n");
  EXPECT_EQ(render(diff_lines("", "new")), "+new\n");
  EXPECT_EQ(render(diff_lines("old", "")), "-old\n");
  EXPECT_EQ(render(diff_lines("same\n", "same\n")), " same\n");
  EXPECT_EQ(render(diff_lines("Şuşa\nBakı", "Шуша\nBakı")), "-Şuşa\n+Шуша\n Bakı\n");
}

}  // namespace
}  // namespace qalam
