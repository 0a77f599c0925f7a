// Counts as readers of a language write them: grouped by thousands in that language's
// way ("7,749" in English, "7.749" in Azerbaijani, "7 749" in Russian, with a no-break
// space).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace qalam {

std::string count_text(int64_t n, std::string_view lang);

}  // namespace qalam
