#include "core/roles.h"

namespace qalam {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::contributor: return "contributor";
    case Role::author: return "author";
    case Role::editor: return "editor";
    case Role::admin: return "admin";
  }
  return "contributor";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : {Role::contributor, Role::author, Role::editor, Role::admin}) {
    if (role_name(r) == text) return r;
  }
  return std::nullopt;
}

std::string_view permission_name(Permission permission) {
  switch (permission) {
    case Permission::read_article: return "read_article";
    case Permission::create_article: return "create_article";
    case Permission::edit_article: return "edit_article";
    case Permission::submit_article: return "submit_article";
    case Permission::publish_article: return "publish_article";
    case Permission::unpublish_article: return "unpublish_article";
    case Permission::delete_article: return "delete_article";
    case Permission::curate_content: return "curate_content";
    case Permission::manage_users: return "manage_users";
    case Permission::manage_settings: return "manage_settings";
    case Permission::read_audit_log: return "read_audit_log";
  }
  return "";
}

bool may(Role role, Permission permission, bool own, ArticleStatus status) {
  const bool editor = role == Role::editor || role == Role::admin;
  const bool unpublished_work = status == ArticleStatus::draft || status == ArticleStatus::review;
  switch (permission) {
    case Permission::read_article: return editor || own || status == ArticleStatus::published;
    case Permission::create_article: return true;
    case Permission::edit_article:
      if (editor) return true;
      if (!own) return false;
      // A contributor's piece is the editors' once it is scheduled or out.
      return role == Role::author || unpublished_work || status == ArticleStatus::unpublished;
    case Permission::submit_article: return editor || own;
    case Permission::publish_article:
    case Permission::unpublish_article: return editor || (role == Role::author && own);
    case Permission::delete_article:
      if (editor) return true;
      if (!own) return false;
      return role == Role::author || status == ArticleStatus::draft;
    case Permission::curate_content: return editor;
    case Permission::manage_users:
    case Permission::manage_settings:
    case Permission::read_audit_log: return role == Role::admin;
  }
  return false;
}

}  // namespace qalam
