#include "ingest/feed_item_keys.h"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "core/text.h"

namespace qalam::ingest {
namespace {

bool is_tracking(std::string_view key) {
  std::string k(key);
  std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
  static constexpr std::array<std::string_view, 6> prefixes = {"utm_", "wt_", "at_", "mc_", "ns_", "pk_"};
  for (auto p : prefixes) {
    if (k.rfind(p, 0) == 0) return true;
  }
  static constexpr std::array<std::string_view, 13> names = {"fbclid", "gclid", "dclid", "msclkid", "yclid",
                                                             "igshid", "cmp",   "ito",   "xtor",    "ocid",
                                                             "ncid",   "sr_share", "_ga"};
  return std::find(names.begin(), names.end(), k) != names.end();
}

}  // namespace

std::string canonical_link(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::string(url);
  std::string host(parsed->encoded_host());
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  std::string out = "//" + host;
  if (parsed->has_port() && parsed->port() != "80" && parsed->port() != "443") out += ":" + std::string(parsed->port());
  std::string path(parsed->encoded_path());
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path == "/") path.clear();
  out += path;
  std::vector<std::pair<std::string, std::string>> params;
  for (auto p : parsed->encoded_params()) {
    if (is_tracking(p.key)) continue;
    params.emplace_back(std::string(p.key), p.has_value ? std::string(p.value) : std::string());
  }
  std::sort(params.begin(), params.end());
  for (size_t i = 0; i < params.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += params[i].first;
    if (!params[i].second.empty()) out += "=" + params[i].second;
  }
  return out;
}

std::string title_key(std::string_view title) {
  std::string key;
  for (const std::string& word : split_words(fold(title))) {
    if (!key.empty()) key += ' ';
    key += word;
  }
  return key;
}

}  // namespace qalam::ingest
