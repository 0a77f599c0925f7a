// The `qalam` command: init, serve, migrate, version.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands.h"

namespace qalam::app {

int run_version() {
  fmt::print("qalam {}\n", QALAM_VERSION);
  return exit_ok;
}

}  // namespace qalam::app

int main(int argc, char** argv) {
  using namespace qalam::app;
  CLI::App cli{"Qalam: a publishing platform for multilingual news and analysis outlets", "qalam"};
  cli.require_subcommand(1);

  InitOptions init;
  std::string init_dir;
  auto* init_cmd = cli.add_subcommand("init", "Create a site: DIR/qalam.toml and its migrated database");
  init_cmd->add_option("DIR", init_dir, "Folder for the new site")->required();
  init_cmd->add_flag("--demo", init.demo, "Load the demo content");
  init_cmd->add_option("--title", init.title, "The site's name");

  ServeOptions serve;
  std::string site_dir = ".";
  auto* serve_cmd = cli.add_subcommand("serve", "Serve a site over HTTP until SIGINT or SIGTERM");
  serve_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  std::string listen;
  int threads = 0;
  auto* listen_opt = serve_cmd->add_option("--listen", listen, "HOST:PORT to listen on (overrides qalam.toml)");
  auto* threads_opt = serve_cmd->add_option("--threads", threads, "Threads serving requests");

  auto* migrate_cmd = cli.add_subcommand("migrate", "Bring a site's database to this qalam's schema");
  migrate_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");

  std::string import_file;
  auto* import_cmd = cli.add_subcommand("import", "Import content from a JSON Lines file (docs/import.md), all or nothing");
  import_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");
  import_cmd->add_option("FILE", import_file, "The .jsonl file")->required();

  auto* reindex_cmd = cli.add_subcommand("reindex", "Rebuild the search index");
  reindex_cmd->add_option("--site", site_dir, "The site's folder (default: the current folder)");

  GenerateOptions generate;
  auto* generate_cmd = cli.add_subcommand("generate", "Write a synthetic multilingual corpus in the import format");
  generate_cmd->add_option("--articles", generate.articles, "How many articles (default 2000)");
  generate_cmd->add_option("--seed", generate.seed, "Random seed; the same seed gives the same corpus");
  generate_cmd->add_option("--output,-o", generate.output, "File to write (default: standard output)");

  auto* version_cmd = cli.add_subcommand("version", "Print qalam's version");

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
  if (import_cmd->parsed()) return run_import(site_dir, import_file);
  if (generate_cmd->parsed()) return run_generate(generate);
  if (reindex_cmd->parsed()) return run_reindex(site_dir);
  if (version_cmd->parsed()) return run_version();
  return exit_bad_input;
}
