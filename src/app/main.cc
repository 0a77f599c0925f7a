// The `qalam` command: init, serve, migrate, import, copy, backup, restore, reindex, generate, export-static, user, token, sources, media, version.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <string_view>
#include <vector>
#include <fmt/format.h>

#include "app/commands.h"

namespace qalam::app {

int run_version() {
  fmt::print("qalam {}\n", QALAM_VERSION);
  return exit_ok;
}

namespace {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "qalam improt …": the nearest subcommand's name, or empty when none is near.
std::string nearest_subcommand(const CLI::App& cli, std::string_view typed) {
  std::string best;
  size_t best_distance = 3;  // at most two edits away
  for (const CLI::App* sub : cli.get_subcommands({})) {
    size_t d = edit_distance(typed, sub->get_name());
    if (d < best_distance) {
      best_distance = d;
      best = sub->get_name();
    }
  }
  return best;
}

}  // namespace
}  // namespace qalam::app

int main(int argc, char** argv) {
  using namespace qalam::app;
  CLI::App cli{"Qalam: a publishing platform for multilingual news and analysis outlets", "qalam"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", std::string("qalam ") + QALAM_VERSION);

  InitOptions init;
  std::string init_dir;
  auto* init_cmd = cli.add_subcommand("init", "Create a site: DIR/qalam.toml and its migrated database");
  init_cmd->add_option("DIR", init_dir, "Folder for the new site")->required();
  init_cmd->add_flag("--demo", init.demo, "Load the demo content");
  init_cmd->add_option("--title", init.title, "The site's name");
  init_cmd->add_option("--database-url", init.database_url,
                       "An empty PostgreSQL database for the site (postgresql://…); SQLite in DIR when left out");

  ServeOptions serve;
  std::string site_dir = ".";
  auto* serve_cmd = cli.add_subcommand("serve", "Serve a site over HTTP until SIGINT or SIGTERM");
  serve_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  std::string listen;
  int threads = 0;
  auto* listen_opt = serve_cmd->add_option("--listen", listen, "HOST:PORT to listen on (overrides qalam.toml)");
  auto* threads_opt = serve_cmd->add_option("--threads", threads, "Threads serving requests");
  serve_cmd->add_flag("--test-clock", serve.test_clock,
                      "For tests only: POST /testing/clock?advance=SECONDS (from loopback) moves the server's time on");

  auto* migrate_cmd = cli.add_subcommand("migrate", "Bring a site's database to this qalam's schema");
  migrate_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");

  ImportOptions import;
  auto* import_cmd = cli.add_subcommand(
      "import", "Import content: a JSON Lines file (all or nothing) or WordPress exports (docs/import.md)");
  import_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  import_cmd->add_option("--from", import.from, "The files' format: jsonl (default), wordpress or ghost")
      ->check(CLI::IsMember({"jsonl", "wordpress", "ghost"}));
  import_cmd->add_option("--uploads", import.uploads,
                         "wordpress: a copy of the old site's wp-content/uploads; ghost: of content/images");
  import_cmd->add_option("--lang", import.language, "wordpress: the language (az, en, ru) of posts that name none");
  import_cmd->add_option("--permalinks", import.permalinks,
                         "wordpress: the old permalink structure, like /%year%/%monthnum%/%postname%/");
  import_cmd->add_flag("--dry-run", import.dry_run, "wordpress: read and report, write nothing");
  import_cmd->add_flag("--resume", import.resume, "wordpress: continue after the last batch an earlier run committed");
  import_cmd->add_option("FILE", import.files, "The .jsonl file, WordPress .xml / .xml.gz exports, or Ghost .json exports")->required();

  std::string export_file;
  auto* export_cmd = cli.add_subcommand(
      "export", "Write the whole site in the import format (docs/import.md), media files in a folder beside it");
  export_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  export_cmd->add_option("-o,--output", export_file, "The .jsonl file to write; its media go to NAME-media/")->required();

  CopyOptions copy;
  auto* copy_cmd = cli.add_subcommand(
      "copy", "Copy the site's whole database into an empty PostgreSQL database (--to) or out of one (--from)");
  copy_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  copy_cmd->add_option("--to", copy.to_url, "An empty PostgreSQL database (postgresql://…) to copy the site's SQLite file into");
  copy_cmd->add_option("--from", copy.from_url, "A PostgreSQL database to copy into the site's SQLite file (which must hold no site)");

  std::string backup_file;
  auto* backup_cmd = cli.add_subcommand(
      "backup", "Write a consistent backup of the site (database, qalam.toml, media, themes) while it serves");
  backup_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  backup_cmd->add_option("FILE", backup_file, "The backup to write (.tar.gz); never replaces a file")->required();
  auto* restore_cmd = cli.add_subcommand("restore", "Restore a backup into an empty site; a damaged backup is refused");
  restore_cmd->add_option("--site", site_dir, "The empty (or new) folder to restore into")->required();
  restore_cmd->add_option("FILE", backup_file, "The backup to read")->required();

  auto* reindex_cmd = cli.add_subcommand("reindex", "Rebuild the search index");
  reindex_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");

  GenerateOptions generate;
  auto* generate_cmd = cli.add_subcommand("generate", "Write a synthetic multilingual corpus in the import format");
  generate_cmd->add_option("--articles", generate.articles, "How many articles (default 2000)");
  generate_cmd->add_option("--seed", generate.seed, "Random seed; the same seed gives the same corpus");
  generate_cmd->add_option("--output,-o", generate.output, "File to write (default: standard output)");

  UserOptions user;
  auto* user_cmd = cli.add_subcommand("user", "Newsroom accounts");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "Add an account (asks for the password unless --password-file)");
  user_add->add_option("EMAIL", user.email, "The account's email")->required();
  user_add->add_option("--role", user.role, "contributor, author, editor or admin")->required();
  user_add->add_option("--author", user.author,
                       "The author profile (slug) whose byline is theirs: they read pieces bylined to it");
  user_add->add_option("--name", user.name, "The person's name")->required();
  user_add->add_option("--password-file", user.password_file, "Read the password from the file's first line");
  auto* user_list = user_cmd->add_subcommand("list", "List the accounts");
  auto* user_role = user_cmd->add_subcommand("set-role", "Change an account's role");
  user_role->add_option("EMAIL", user.email, "The account's email")->required();
  user_role->add_option("ROLE", user.role, "contributor, author, editor or admin")->required();
  auto* user_disable = user_cmd->add_subcommand("disable", "Disable an account: its sessions and tokens stop working");
  user_disable->add_option("EMAIL", user.email, "The account's email")->required();
  auto* user_enable = user_cmd->add_subcommand("enable", "Enable a disabled account");
  user_enable->add_option("EMAIL", user.email, "The account's email")->required();
  auto* user_reset = user_cmd->add_subcommand("reset-password", "Print a one-time password reset link, valid for an hour");
  user_reset->add_option("EMAIL", user.email, "The account's email")->required();
  for (auto* c : {user_add, user_list, user_role, user_disable, user_enable, user_reset}) {
    c->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  }

  TokenOptions token;
  auto* token_cmd = cli.add_subcommand("token", "Admin API tokens");
  token_cmd->require_subcommand(1);
  auto* token_create = token_cmd->add_subcommand("create", "Create a token for an account; printed once");
  token_create->add_option("EMAIL", token.email, "The account the token acts as")->required();
  token_create->add_option("--name", token.name, "What the token is for");
  auto* token_list = token_cmd->add_subcommand("list", "List tokens (never their secrets)");
  auto* token_revoke = token_cmd->add_subcommand("revoke", "Revoke a token by its id (see token list)");
  token_revoke->add_option("ID", token.id, "The token's id")->required();
  for (auto* c : {token_create, token_list, token_revoke}) {
    c->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  }

  SourcesOptions sources;
  auto* sources_cmd = cli.add_subcommand("sources", "The feeds press monitoring follows (docs/monitoring.md)");
  sources_cmd->require_subcommand(1);
  auto* sources_add = sources_cmd->add_subcommand("add", "Follow a feed (RSS, Atom or JSON Feed)");
  sources_add->add_option("URL", sources.url, "The feed's address (http:// or https://)")->required();
  sources_add->add_option("--name", sources.name, "What the desk calls it (default: the address's host)");
  sources_add->add_option("--lang", sources.language, "The items' language when they name none (en, de, ru …)");
  sources_add->add_option("--outlet", sources.outlet, "The outlet a press item made from it names (default: the name)");
  sources_add->add_option("--interval", sources.interval_minutes, "Minutes between polls (5 to 10080; default 30)");
  auto* sources_list = sources_cmd->add_subcommand("list", "List the sources with their health");
  auto* sources_remove = sources_cmd->add_subcommand("remove", "Stop following a source (by id or address)");
  sources_remove->add_option("SOURCE", sources.target, "The source's id (see sources list) or address")->required();
  auto* sources_poll = sources_cmd->add_subcommand("poll", "Poll now and print what was found");
  sources_poll->add_option("SOURCE", sources.target, "One source's id or address (default: every enabled one)");
  auto* sources_items = sources_cmd->add_subcommand("items", "Print the items read, newest first, one JSON object a line");
  sources_items->add_option("SOURCE", sources.target, "One source's id or address (default: every source)");
  sources_items->add_option("--limit", sources.limit, "How many (default 50)");
  for (auto* c : {sources_add, sources_list, sources_remove, sources_poll, sources_items}) {
    c->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  }

  auto* media_cmd = cli.add_subcommand("media", "The media library");
  media_cmd->require_subcommand(1);
  auto* media_strip = media_cmd->add_subcommand(
      "strip", "Remove EXIF, GPS, XMP, IPTC and comments from every stored image, in place");
  media_strip->add_option("--site", site_dir, "The site's folder (default: the current folder)");

  ExportStaticOptions export_static;
  std::string export_out;
  auto* export_static_cmd = cli.add_subcommand(
      "export-static", "Write the public site as files for a CDN or plain nginx; again: only what changed (docs/deploy.md)");
  export_static_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  export_static_cmd->add_option("--out", export_out, "The folder to write (replaced as a whole when the run succeeds)")
      ->required();
  export_static_cmd->add_option("--base-url", export_static.base_url,
                                "The address the copy is served at (default: site.url)");
  export_static_cmd->add_option("--jobs", export_static.jobs, "Pages rendered at once (default 2)");
  export_static_cmd->add_flag("--full", export_static.full, "Render every page, not only those changed since the last run");
  bool no_compress = false;
  export_static_cmd->add_flag("--no-compress", no_compress, "No precompressed .gz and .br beside the files");
  export_static_cmd->add_option("--search-limit", export_static.search_limit,
                                "Newest pieces per language in the static search index (default 10000)");

  auto* version_cmd = cli.add_subcommand("version", "Print qalam's version");
  std::string help_topic;
  auto* help_cmd = cli.add_subcommand("help", "Show help: of qalam, or of one command (qalam help import)");
  help_cmd->add_option("COMMAND", help_topic, "The command to explain");

  // An unknown command: say which one was probably meant, before CLI11's generic words.
  if (argc > 1 && argv[1][0] != '-') {
    std::string typed = argv[1];
    bool known = false;
    for (const CLI::App* sub : cli.get_subcommands({})) known = known || sub->get_name() == typed;
    if (!known) {
      std::string near = nearest_subcommand(cli, typed);
      fmt::print(stderr, "qalam: '{}' is not a qalam command{} See: qalam help\n", typed,
                 near.empty() ? "." : fmt::format("; did you mean {}?", near));
      return exit_bad_input;
    }
  }

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = cli.exit(e);
    return code == 0 ? exit_ok : exit_bad_input;
  }

  if (init_cmd->parsed()) {
    init.dir = init_dir;
    return run_init(init);
  }
  if (serve_cmd->parsed()) {
    serve.site_dir = site_dir;
    if (*listen_opt) serve.listen = listen;
    if (*threads_opt) serve.threads = threads;
    return run_serve(serve);
  }
  if (migrate_cmd->parsed()) return run_migrate(site_dir);
  if (import_cmd->parsed()) {
    import.site_dir = site_dir;
    return run_import(import);
  }
  if (generate_cmd->parsed()) return run_generate(generate);
  if (reindex_cmd->parsed()) return run_reindex(site_dir);
  if (backup_cmd->parsed()) return run_backup(site_dir, backup_file);
  if (export_cmd->parsed()) return run_export(site_dir, export_file);
  if (copy_cmd->parsed()) {
    copy.site_dir = site_dir;
    return run_copy(copy);
  }
  if (restore_cmd->parsed()) return run_restore(site_dir, backup_file);
  if (version_cmd->parsed()) return run_version();
  if (export_static_cmd->parsed()) {
    export_static.site_dir = site_dir;
    export_static.out = export_out;
    export_static.compress = !no_compress;
    return run_export_static(export_static);
  }
  if (help_cmd->parsed()) {
    if (help_topic.empty()) {
      // The formatter itself: App::help() would describe the selected `help` command.
      fmt::print("{}", cli.get_formatter()->make_help(&cli, "qalam", CLI::AppFormatMode::Normal));
      return exit_ok;
    }
    for (const CLI::App* sub : cli.get_subcommands({})) {
      if (sub->get_name() == help_topic) {
        fmt::print("{}", sub->help());
        return exit_ok;
      }
    }
    std::string near = nearest_subcommand(cli, help_topic);
    fmt::print(stderr, "qalam: '{}' is not a qalam command{}\n", help_topic,
               near.empty() ? "" : fmt::format("; did you mean {}?", near));
    return exit_bad_input;
  }
  if (media_strip->parsed()) return run_media_strip(site_dir);
  if (user_cmd->parsed()) {
    user.site_dir = site_dir;
    for (auto* c : user_cmd->get_subcommands()) user.action = c->get_name();
    return run_user(user);
  }
  if (sources_cmd->parsed()) {
    sources.site_dir = site_dir;
    for (auto* c : sources_cmd->get_subcommands()) sources.action = c->get_name();
    return run_sources(sources);
  }
  if (token_cmd->parsed()) {
    token.site_dir = site_dir;
    for (auto* c : token_cmd->get_subcommands()) token.action = c->get_name();
    return run_token(token);
  }
  return exit_bad_input;
}
