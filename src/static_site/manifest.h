// The static export's manifest (OUT/.qalam-export.json): what the last run wrote, so
// that the next one renders only the pages whose change keys changed since and keeps
// the rest as they are.
//
//   {"version": 1, "fingerprint": "…", "position": 812,
//    "keys": ["article:1", …],
//    "pages": {"/en/articles/x": {"hash": "…", "keys": [0, 4, …]}, …},
//    "files": {"assets/style.css": {"hash": "…"}, …}}
//
// `fingerprint` names what shapes every page (qalam's version, the theme's files, the
// site's address and options): a run under another fingerprint renders everything.
// `position` is the change log's (Store::changes_since) when the run started.
#pragma once

#include <filesystem>
#include <map>
#include <unordered_map>
#include <string>
#include <vector>

#include "core/files.h"
#include "core/status.h"

namespace qalam::static_site {

struct PageEntry {
  std::string hash;             // of the page's bytes
  std::vector<uint32_t> keys;   // what it shows (store/change_keys.h), as indexes into Manifest::keys
  // A page that changes with time, not only with writes (the news sitemap's 48 hours):
  // rendered again by the first run after this Unix time; 0: only when its keys change.
  int64_t expires = 0;
};

struct FileEntry {
  std::string hash;
};

// Keys are shared by many pages (every page shows the settings): each is kept once, in
// `keys`, and pages name them by index; 130,000 pages of ~25 keys each stay small.
struct Manifest {
  std::string fingerprint;
  int64_t position = 0;
  std::vector<std::string> keys;
  std::map<std::string, PageEntry> pages;  // by address ("/en/articles/x")
  std::map<std::string, FileEntry> files;  // other files, by name in OUT ("assets/style.css")

  // The index of `key` in `keys`, added when new (`index` speeds the lookups up).
  uint32_t intern(const std::string& key, std::unordered_map<std::string, uint32_t>& index);
};

inline constexpr const char* manifest_file = ".qalam-export.json";

// The manifest of the export in `out`; not_found when there is none, invalid_argument
// (naming the file) when it cannot be read as one.
Result<Manifest> read_manifest(Files& files, const std::filesystem::path& out);
std::string serialize_manifest(const Manifest& manifest);

// A short hex digest of `bytes` (XXH3, 128 bits): which pages changed between runs.
std::string content_hash(std::string_view bytes);

}  // namespace qalam::static_site
