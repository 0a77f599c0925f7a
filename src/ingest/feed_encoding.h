// A feed's bytes made UTF-8 before anything parses them. Which encoding, in order:
// a byte-order mark; UTF-16/32 recognised from how "<?xml" is spelled; the XML
// declaration's encoding; the HTTP charset; else valid UTF-8 is UTF-8, and anything
// else is guessed (ICU's charset detector, with Thai TIS-620 added, the candidate
// whose letters agree on one script winning a close call). ISO-8859-1 and ASCII are
// read as windows-1252, as browsers do. Bytes the encoding cannot hold become U+FFFD
// and are counted.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace qalam::ingest {

struct DecodedFeed {
  std::string utf8;      // without a byte-order mark
  std::string encoding;  // the name used: "UTF-8", "UTF-16BE", "windows-1252", "Big5" …
  bool guessed = false;  // nothing declared the encoding; it was detected
  size_t replaced = 0;   // bytes or sequences the encoding could not read
};

// `http_charset` is the Content-Type's charset parameter, or empty.
Result<DecodedFeed> decode_feed(std::string_view bytes, std::string_view http_charset = {});

}  // namespace qalam::ingest
