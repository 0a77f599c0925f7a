#include "core/link_rule.h"

namespace qalam {
namespace {

bool starts_with_folded(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

bool is_allowed_link(std::string_view url) {
  if (url.empty() || url.size() > 2000) return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`') return false;
  }
  if (url.starts_with("/media/") || url.starts_with("/assets/")) {
    return url.find("/../") == std::string_view::npos && !url.ends_with("/..");
  }
  std::string_view rest;
  if (starts_with_folded(url, "https://")) {
    rest = url.substr(8);
  } else if (starts_with_folded(url, "http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  // A host must follow: not empty, not another slash, no user:password@ in front.
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  return !authority.empty() && authority.find('@') == std::string_view::npos && authority.front() != ':';
}

std::string network_name(std::string_view network) {
  static constexpr std::pair<std::string_view, std::string_view> known[] = {
      {"x", "X"},           {"twitter", "X"},          {"facebook", "Facebook"}, {"instagram", "Instagram"},
      {"youtube", "YouTube"}, {"telegram", "Telegram"}, {"linkedin", "LinkedIn"}, {"tiktok", "TikTok"},
      {"vk", "VK"},         {"threads", "Threads"},    {"mastodon", "Mastodon"}, {"bluesky", "Bluesky"},
      {"whatsapp", "WhatsApp"}, {"github", "GitHub"}};
  std::string key(network);
  for (char& c : key) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  for (const auto& [k, name] : known) {
    if (key == k) return std::string(name);
  }
  std::string out(network);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::string social_label(std::string_view network, std::string_view handle) {
  std::string name = network_name(network);
  if (handle.empty()) return name;
  if (name.empty()) return std::string(handle);
  return name + " · " + std::string(handle);
}

}  // namespace qalam
