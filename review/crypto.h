// Password hashing, random tokens and SHA-256, all from libsodium (Debian libsodium-dev): a
// well-kept library rather than code of our own.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace cuomin::review {

// Cost of Argon2id: OWASP ASVS asks for at least 19 MiB and 2 passes.
struct PasswordCost {
  unsigned long long ops = 2;
  size_t mem_bytes = size_t{19} << 20;
};

// libsodium's encoded Argon2id string ($argon2id$v=19$m=...).
Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost = {});
bool VerifyPassword(std::string_view hash, std::string_view password);

// `bytes` random bytes as lower-case hex.
std::string RandomHex(size_t bytes);
// Lower-case hex SHA-256.
std::string Sha256Hex(std::string_view data);
// Compares in time independent of where they differ.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace cuomin::review
