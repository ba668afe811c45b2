#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "agent/errors.h"

namespace mks::audit {

// A file of the audit trail cannot be read, written, parsed or signed.
class AuditError : public AgentError {
  using AgentError::AgentError;
};

// Lower-case hex SHA-256 (OpenSSL EVP). sha256_file streams in 64 KiB blocks, so a
// multi-gigabyte video is never held in memory; throws AuditError when it cannot be read.
std::string sha256_hex(std::string_view bytes);
std::string sha256_file(const std::filesystem::path& file);

// "2026-11-23T14:05:01.234Z": now, UTC, milliseconds.
std::string utc_now();

}  // namespace mks::audit
