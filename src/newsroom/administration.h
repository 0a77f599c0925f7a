// Administration: what the newsroom's admin pages do — accounts and API tokens, the
// audit log, the site's settings — with the permission table applied here, once
// (the pages only show and ask). Accounts keeps the rules of accounts themselves
// (passwords, the last admin, sessions); this service decides who may ask.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "newsroom/accounts.h"
#include "store/store.h"

namespace qalam::newsroom {

struct AccountsOverview {
  std::vector<store::User> users;      // by name
  std::vector<store::ApiToken> tokens;  // everyone's
  std::vector<Author> authors;          // the profiles an account may be linked to
};

struct AuditPage {
  std::vector<store::AuditEntry> entries;  // newest first
  int64_t total = 0;
};

// The settings admins edit in the newsroom, with their length limits (bytes). The
// site's name and tagline per language (site.title.az) stand in for the site's own
// (site.title) on that language's pages when set; site.logo is a link (http(s) or an
// uploaded /media/ image) shown in the header, in shares and in structured data.
struct SettingField {
  const char* key;
  size_t max;
  bool link = false;
};
inline constexpr SettingField editable_settings[] = {
    {"site.title", 200},    {"site.tagline", 400},    {"site.title.az", 200}, {"site.tagline.az", 400},
    {"site.title.en", 200}, {"site.tagline.en", 400}, {"site.title.ru", 200}, {"site.tagline.ru", 400},
    {"site.logo", 2000, true}};

class Administration {
 public:
  Administration(store::Store& store, Accounts& accounts);

  Result<AccountsOverview> accounts(const Principal& who);
  Result<int64_t> add_user(const Principal& who, store::User user, std::string_view password);
  Status set_role(const Principal& who, int64_t user_id, Role role);
  Status set_disabled(const Principal& who, int64_t user_id, bool disabled);
  // Links the account to the author profile `author_slug` (empty: none).
  Status link_author(const Principal& who, int64_t user_id, std::string_view author_slug);
  // A password reset link's secret for the account, and whose it is.
  struct ResetLink {
    std::string secret;
    std::string email;
  };
  Result<ResetLink> create_reset(const Principal& who, int64_t user_id);
  // Anyone may make a token for themselves; admins for anyone.
  Result<std::string> create_token(const Principal& who, std::string_view email, std::string_view name);
  Status revoke_token(const Principal& who, int64_t token_id);

  Result<AuditPage> audit(const Principal& who, int page, int per_page);

  // The editable settings (missing ones empty).
  Result<std::map<std::string, std::string>> settings(const Principal& who);
  // Checks every value, then saves them in one transaction (the store tells the
  // change feed: every page shows the site's name).
  Status save_settings(const Principal& who, const std::map<std::string, std::string>& values);

  // What the savers of revisions are called: id → name (the email when unnamed).
  Result<std::map<int64_t, std::string>> names();

 private:
  Result<store::User> user(int64_t id);

  store::Store& store_;
  Accounts& accounts_;
};

}  // namespace qalam::newsroom
