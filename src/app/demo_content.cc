#include "app/demo_content.h"

namespace qalam::app {

Status load_demo_content(store::Store& store) {
  QALAM_RETURN_IF_ERROR(store.settings().put("site.title", "Qalam Analytics"));
  QALAM_RETURN_IF_ERROR(store.settings().put(
      "site.tagline", "Analysis of the South Caucasus in Azerbaijani, English and Russian"));
  return Status::ok_status();
}

}  // namespace qalam::app
