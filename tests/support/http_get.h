#pragma once

#include <chrono>
#include <string>

namespace mks::test {

struct HttpResponse {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

// GET `url` (http:// or https://, host:port/path). The certificate is not checked: tests
// only fetch from servers they started themselves. Throws std::runtime_error on failure.
HttpResponse http_get(const std::string& url,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace mks::test
