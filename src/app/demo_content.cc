#include "app/demo_content.h"

#include <sstream>

#include "app/commands.h"
#include "ingest/corpus_generator.h"

namespace qalam::app {

std::string_view demo_seed_jsonl();  // demo/seed.jsonl, embedded at build time

Status load_demo_content(store::Store& store, int64_t generated_articles) {
  QALAM_RETURN_IF_ERROR(store.settings().put("site.title", "Qalam Analytics"));
  QALAM_RETURN_IF_ERROR(store.settings().put(
      "site.tagline", "Analysis of the South Caucasus in Azerbaijani, English and Russian"));
  if (import_text(store, demo_seed_jsonl(), "demo/seed.jsonl") != exit_ok) {
    return Status::internal("the demo seed content did not import");
  }
  std::ostringstream corpus;
  ingest::generate_corpus({generated_articles, 42, ""}, corpus);
  if (import_text(store, corpus.str(), "generated corpus") != exit_ok) {
    return Status::internal("the generated demo corpus did not import");
  }
  return Status::ok_status();
}

}  // namespace qalam::app
