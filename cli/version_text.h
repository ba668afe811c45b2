#pragma once

#include <string>

namespace mks::cli {

// What `mksagent --version` prints: the version, then one line per library with the version
// in use (loaded now) or built against (FFmpeg, tesseract and libxml2 are opened only by the
// commands that need them, so asking for their version does not load them).
std::string version_text();

}  // namespace mks::cli
