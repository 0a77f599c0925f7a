#include "static_site/manifest.h"

#include <sodium.h>

#include <boost/json.hpp>
#include <unordered_map>

namespace qalam::static_site {
namespace json = boost::json;

std::string content_hash(std::string_view bytes) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                     nullptr, 0);
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

Result<Manifest> read_manifest(Files& files, const std::filesystem::path& out) {
  const std::filesystem::path path = out / manifest_file;
  auto text = files.read(path);
  if (!text.ok()) return text.status();
  auto bad = [&](std::string_view why) {
    return Status::invalid(path.string() + ": not a manifest of qalam export-static (" + std::string(why) + ")");
  };
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec || !v.is_object()) return bad("not JSON");
  const json::object& o = v.as_object();
  const json::value* version = o.if_contains("version");
  if (!version || !version->is_int64() || version->as_int64() != 1) return bad("unknown version");
  Manifest m;
  const json::value* fingerprint = o.if_contains("fingerprint");
  const json::value* position = o.if_contains("position");
  const json::value* keys = o.if_contains("keys");
  const json::value* pages = o.if_contains("pages");
  const json::value* other = o.if_contains("files");
  if (!fingerprint || !fingerprint->is_string() || !position || !position->is_int64() || !keys ||
      !keys->is_array() || !pages || !pages->is_object() || !other || !other->is_object()) {
    return bad("a field is missing");
  }
  m.fingerprint = std::string(fingerprint->as_string());
  m.position = position->as_int64();
  std::vector<std::string> key_table;
  for (const json::value& k : keys->as_array()) {
    if (!k.is_string()) return bad("a key is not text");
    key_table.emplace_back(k.as_string());
  }
  for (const auto& [address, entry] : pages->as_object()) {
    const json::object* e = entry.if_object();
    const json::value* hash = e ? e->if_contains("hash") : nullptr;
    const json::value* page_keys = e ? e->if_contains("keys") : nullptr;
    if (!hash || !hash->is_string() || !page_keys || !page_keys->is_array()) return bad("a page without its hash");
    PageEntry p;
    p.hash = std::string(hash->as_string());
    for (const json::value& k : page_keys->as_array()) {
      if (!k.is_int64() || k.as_int64() < 0 || static_cast<size_t>(k.as_int64()) >= key_table.size()) {
        return bad("a page names an unknown key");
      }
      p.keys.push_back(key_table[static_cast<size_t>(k.as_int64())]);
    }
    m.pages.emplace(std::string(address), std::move(p));
  }
  for (const auto& [name, entry] : other->as_object()) {
    const json::object* e = entry.if_object();
    const json::value* hash = e ? e->if_contains("hash") : nullptr;
    if (!hash || !hash->is_string()) return bad("a file without its hash");
    m.files.emplace(std::string(name), FileEntry{std::string(hash->as_string())});
  }
  return m;
}

std::string serialize_manifest(const Manifest& m) {
  // Keys are shared by many pages: written once, named by their index.
  std::unordered_map<std::string, int64_t> index;
  json::array keys;
  json::object pages;
  for (const auto& [address, entry] : m.pages) {
    json::array page_keys;
    for (const std::string& k : entry.keys) {
      auto [it, added] = index.emplace(k, static_cast<int64_t>(keys.size()));
      if (added) keys.emplace_back(k);
      page_keys.push_back(it->second);
    }
    pages[address] = json::object{{"hash", entry.hash}, {"keys", std::move(page_keys)}};
  }
  json::object files;
  for (const auto& [name, entry] : m.files) files[name] = json::object{{"hash", entry.hash}};
  json::object out{{"version", 1},   {"fingerprint", m.fingerprint}, {"position", m.position},
                   {"keys", keys},   {"pages", std::move(pages)},    {"files", std::move(files)}};
  return json::serialize(out);
}

}  // namespace qalam::static_site
