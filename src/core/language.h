// The languages a Qalam site publishes in, and the choice of one from Accept-Language.
#pragma once

#include <array>
#include <string_view>

namespace qalam {

inline constexpr std::array<std::string_view, 3> site_languages = {"az", "en", "ru"};

bool is_site_language(std::string_view lang);

// The best of `site_languages` for an Accept-Language header (RFC 9110 q-values,
// "az-Latn-AZ" matches "az"); `fallback` when nothing matches.
std::string_view negotiate_language(std::string_view accept_language, std::string_view fallback);

}  // namespace qalam
