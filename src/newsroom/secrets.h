// Secrets through libsodium: random tokens, their hashes (what the database keeps),
// argon2id password hashes at libsodium's interactive limits, constant-time equality.
//
// Thread-safety: all functions may be called from any thread (sodium_init runs once).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace qalam::newsroom {

// 256 random bits as 43 characters of unpadded base64url.
std::string random_token();
// BLAKE2b-256 of the token, hex: what sessions, API tokens and links are stored as.
std::string token_hash(std::string_view token);
// An argon2id hash in libsodium's self-describing text form.
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace qalam::newsroom
