// Newsroom roles and what each may do: the one permission table the editors' UI, the
// Admin API and docs/newsroom.md all follow.
//
//   contributor  writes drafts and submits them for review; edits its own pieces
//                while they are unpublished drafts or in review; reads published
//                pieces, its own and those it is bylined on, nothing else
//   author       also publishes, schedules and unpublishes its own pieces; reads
//                as a contributor does (others' drafts and embargoes stay theirs)
//   editor       edits, schedules and publishes every piece; curates Foreign press,
//                projects, authors' profiles, sections and tags
//   admin        also manages accounts, API tokens, site settings; reads the audit log
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "core/content.h"

namespace qalam {

enum class Role { contributor, author, editor, admin };
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view text);

enum class Permission {
  read_article,       // an unpublished piece, its revisions and its preview
  create_article,
  edit_article,       // change the text and metadata
  submit_article,     // draft → review
  publish_article,    // publish, schedule
  unpublish_article,
  delete_article,
  curate_content,     // press items, projects, missions, authors, sections, tags, media alt texts
  manage_users,       // accounts, roles, other people's tokens
  manage_settings,
  read_audit_log,
};
std::string_view permission_name(Permission permission);

// Whether `role` may do `permission` to a piece; `own` says the piece was created by
// the acting account (for read_article: or is bylined on its author profile), `status` is the piece's current status (ignored for permissions
// that are not about a piece).
bool may(Role role, Permission permission, bool own = true, ArticleStatus status = ArticleStatus::draft);

}  // namespace qalam
