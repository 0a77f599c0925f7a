#include "static_site/manifest.h"

#include <xxhash.h>

#include <boost/json.hpp>

namespace qalam::static_site {
namespace json = boost::json;

std::string content_hash(std::string_view bytes) {
  // XXH3's 128 bits: a page's identity between two runs, not a defence against anyone
  // (the pages are the site's own). BLAKE2b took 14 instructions a byte, an eighth of
  // an export's; XXH3 takes well under one.
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits(bytes.data(), bytes.size()));
  const auto& digest = canonical.digest;
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
  for (const json::value& k : keys->as_array()) {
    if (!k.is_string()) return bad("a key is not text");
    m.keys.emplace_back(k.as_string());
  }
  for (const auto& [address, entry] : pages->as_object()) {
    const json::object* e = entry.if_object();
    const json::value* hash = e ? e->if_contains("hash") : nullptr;
    const json::value* page_keys = e ? e->if_contains("keys") : nullptr;
    if (!hash || !hash->is_string() || !page_keys || !page_keys->is_array()) return bad("a page without its hash");
    PageEntry p;
    p.hash = std::string(hash->as_string());
    if (const json::value* expires = e->if_contains("expires")) {
      if (!expires->is_int64()) return bad("a page's expiry is not a time");
      p.expires = expires->as_int64();
    }
    for (const json::value& k : page_keys->as_array()) {
      if (!k.is_int64() || k.as_int64() < 0 || static_cast<size_t>(k.as_int64()) >= m.keys.size()) {
        return bad("a page names an unknown key");
      }
      p.keys.push_back(static_cast<uint32_t>(k.as_int64()));
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

uint32_t Manifest::intern(const std::string& key, std::unordered_map<std::string, uint32_t>& index) {
  if (index.empty() && !keys.empty()) {
    for (uint32_t i = 0; i < keys.size(); ++i) index.emplace(keys[i], i);
  }
  // Found before anything is built: emplace makes the node (a copy of the key) first,
  // and most keys of a page are known already.
  if (auto it = index.find(key); it != index.end()) return it->second;
  const auto i = static_cast<uint32_t>(keys.size());
  index.emplace(key, i);
  keys.push_back(key);
  return i;
}

std::string serialize_manifest(const Manifest& m) {
  // Written piece by piece: a document object of every page would cost more memory
  // than the export itself on a large site.
  size_t estimate = 256 + m.keys.size() * 24 + m.files.size() * 96;
  for (const auto& [address, entry] : m.pages) estimate += address.size() + 64 + entry.keys.size() * 6;
  std::string out;
  out.reserve(estimate);  // one allocation, not a doubling at 100,000 pages
  out += "{\"version\":1,\"fingerprint\":" + json::serialize(json::value(m.fingerprint)) +
                    ",\"position\":" + std::to_string(m.position) + ",\"keys\":[";
  for (size_t i = 0; i < m.keys.size(); ++i) {
    if (i) out += ',';
    out += json::serialize(json::value(m.keys[i]));
  }
  out += "],\"pages\":{";
  bool first = true;
  for (const auto& [address, entry] : m.pages) {
    if (!first) out += ',';
    first = false;
    out += json::serialize(json::value(address)) + ":{\"hash\":\"" + entry.hash + "\",\"keys\":[";
    for (size_t i = 0; i < entry.keys.size(); ++i) {
      if (i) out += ',';
      out += std::to_string(entry.keys[i]);
    }
    out += "]";
    if (entry.expires) out += ",\"expires\":" + std::to_string(entry.expires);
    out += "}";
  }
  out += "},\"files\":{";
  first = true;
  for (const auto& [name, entry] : m.files) {
    if (!first) out += ',';
    first = false;
    out += json::serialize(json::value(name)) + ":{\"hash\":" + json::serialize(json::value(entry.hash)) + "}";
  }
  out += "}}";
  return out;
}

}  // namespace qalam::static_site
