// `qalam user …` and `qalam token …`: accounts and Admin API tokens from the shell.
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "app/commands.h"
#include "app/site_context.h"
#include "newsroom/accounts.h"

namespace qalam::app {
namespace {

constexpr std::string_view cli_actor = "cli";

int fail(const Status& s) { return report_failure(s); }

// A line from the terminal without echo, or from standard input when it is not one.
std::optional<std::string> read_secret(const char* prompt) {
  bool tty = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    fmt::print(stderr, "{}", prompt);
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    fmt::print(stderr, "\n");
  }
  if (!got) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The password from --password-file (its first line) or asked for twice.
std::optional<std::string> new_password(const std::string& file) {
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line)) {
      fmt::print(stderr, "qalam: {}: cannot read a password from the file\n", file);
      return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  auto first = read_secret("Password: ");
  if (!first) {
    fmt::print(stderr, "qalam: no password given\n");
    return std::nullopt;
  }
  if (::isatty(STDIN_FILENO) != 0) {
    auto second = read_secret("Password again: ");
    if (!second || *second != *first) {
      fmt::print(stderr, "qalam: the passwords differ\n");
      return std::nullopt;
    }
  }
  return first;
}

struct Opened {
  OpenedSite site;
  SystemClock clock;
  std::unique_ptr<newsroom::Accounts> accounts;
};

std::unique_ptr<Opened> open_accounts(const std::filesystem::path& dir, int& status) {
  auto site = open_site(dir, 1, true, status);
  if (!site) return nullptr;
  auto opened = std::make_unique<Opened>(Opened{std::move(*site), {}, nullptr});
  opened->accounts = std::make_unique<newsroom::Accounts>(*opened->site.store, opened->clock);
  return opened;
}

}  // namespace

int run_user(const UserOptions& o) {
  std::optional<Role> role;
  if (!o.role.empty()) {
    role = parse_role(o.role);
    if (!role) {
      fmt::print(stderr, "qalam: --role {}: not a role (contributor, author, editor, admin)\n", o.role);
      return exit_bad_input;
    }
  }
  int status = exit_ok;
  auto opened = open_accounts(o.site_dir, status);
  if (!opened) return status;
  newsroom::Accounts& accounts = *opened->accounts;

  if (o.action == "add") {
    if (!role) {
      fmt::print(stderr, "qalam: --role is required\n");
      return exit_bad_input;
    }
    auto password = new_password(o.password_file);
    if (!password) return exit_bad_input;
    store::User u;
    u.email = o.email;
    u.name = o.name;
    u.role = *role;
    if (!o.author.empty()) {
      auto profile = opened->site.store->authors().by_slug(o.author);
      if (!profile.ok()) return fail(profile.status());
      if (!profile->has_value()) return fail(Status::not_found("--author: no author profile '" + o.author + "'"));
      u.author_id = (*profile)->id;
    }
    auto id = accounts.add_user(u, *password, cli_actor);
    if (!id.ok()) return fail(id.status());
    fmt::print("added {} ({}) as {}\n", o.email, o.name, role_name(*role));
    return exit_ok;
  }
  if (o.action == "list") {
    auto users = opened->site.store->accounts().users();
    if (!users.ok()) return fail(users.status());
    for (const auto& u : *users) {
      fmt::print("{}\t{}\t{}{}\n", u.email, role_name(u.role), u.name, u.disabled ? "\t(disabled)" : "");
    }
    return exit_ok;
  }
  if (o.action == "set-role") {
    if (!role) {
      fmt::print(stderr, "qalam: ROLE is required\n");
      return exit_bad_input;
    }
    if (Status s = accounts.set_role(o.email, *role, cli_actor); !s.ok()) return fail(s);
    fmt::print("{} is now {}\n", o.email, role_name(*role));
    return exit_ok;
  }
  if (o.action == "disable" || o.action == "enable") {
    if (Status s = accounts.set_disabled(o.email, o.action == "disable", cli_actor); !s.ok()) return fail(s);
    fmt::print("{} is {}d\n", o.email, o.action);
    return exit_ok;
  }
  if (o.action == "reset-password") {
    auto token = accounts.create_reset(o.email, cli_actor);
    if (!token.ok()) return fail(token.status());
    fmt::print("{}/newsroom/reset?token={}\n(valid for one hour, once)\n", opened->site.config.public_url(), *token);
    return exit_ok;
  }
  fmt::print(stderr, "qalam: unknown user action {}\n", o.action);
  return exit_bad_input;
}

int run_token(const TokenOptions& o) {
  int status = exit_ok;
  auto opened = open_accounts(o.site_dir, status);
  if (!opened) return status;
  if (o.action == "create") {
    auto token = opened->accounts->create_token(o.email, o.name, cli_actor);
    if (!token.ok()) return fail(token.status());
    fmt::print("{}\n", *token);
    fmt::print(stderr, "This token is shown once; keep it secret. Send it as: Authorization: Bearer TOKEN\n");
    return exit_ok;
  }
  if (o.action == "list") {
    auto tokens = opened->site.store->accounts().tokens(0);
    auto users = opened->site.store->accounts().users();
    if (!tokens.ok()) return fail(tokens.status());
    if (!users.ok()) return fail(users.status());
    for (const auto& t : *tokens) {
      std::string email;
      for (const auto& u : *users) {
        if (u.id == t.user_id) email = u.email;
      }
      fmt::print("{}\t{}\t{}{}\n", t.id, email, t.name, t.revoked ? "\t(revoked)" : "");
    }
    return exit_ok;
  }
  if (o.action == "revoke") {
    if (Status s = opened->accounts->revoke_token(o.id, cli_actor); !s.ok()) return fail(s);
    fmt::print("token {} revoked\n", o.id);
    return exit_ok;
  }
  fmt::print(stderr, "qalam: unknown token action {}\n", o.action);
  return exit_bad_input;
}

}  // namespace qalam::app
