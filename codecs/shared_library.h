#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace mks::codecs {

// A library the program needs only for some commands, or it is absent: the one line says
// what needs it and which Debian package has it.
class MissingLibraryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Shared libraries opened with dlopen on first use rather than at start-up, so a command loads
// only what it uses: FFmpeg when it records, tesseract when a screen needs OCR, libxml2 for
// vCenter. (Linked the usual way, FFmpeg alone put 135 libraries in front of every command.)
// The sonames come from the headers the program was built with; the handles stay open for
// the life of the process.
class SharedLibraries {
 public:
  // Opens every one of `sonames`; `purpose` and `package` make the error's line
  // ("recording needs FFmpeg (libavformat.so.59: …): install libavformat59").
  SharedLibraries(const std::vector<std::string>& sonames, std::string purpose,
                  std::string package);

  // The address of `name` in the first library that has it; throws MissingLibraryError.
  void* symbol(const char* name) const;

  // A function of the libraries, typed like its declaration: function<decltype(&f)>("f").
  template <typename Function>
  Function function(const char* name) const {
    return reinterpret_cast<Function>(symbol(name));
  }

 private:
  std::vector<void*> handles_;
  std::string purpose_;
  std::string package_;
};

}  // namespace mks::codecs
