#include "cli/version_text.h"

#include <jconfig.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>
#include <png.h>
#include <zlib.h>

#include <boost/version.hpp>

#include "agent/screen/tesseract_library.h"
#include "agent/vsphere/libxml2_library.h"
#include "codecs/video/ffmpeg_library.h"

extern "C" {
#include <lua.h>
}

#define MKS_STRINGIFY_VALUE(x) #x
#define MKS_STRINGIFY(x) MKS_STRINGIFY_VALUE(x)

namespace mks::cli {

std::string version_text() {
  std::string text = std::string("mksagent ") + MKS_VERSION + "\n";
  const auto line = [&text](const std::string& library, const std::string& version) {
    text += "  " + library + std::string(16 - std::min<std::size_t>(library.size(), 15), ' ') +
            version + "\n";
  };
#if MKS_LAZY_OPENSSL
  line("OpenSSL", OPENSSL_FULL_VERSION_STR " (opened for TLS and hashing)");
#else
  line("OpenSSL", OpenSSL_version(OPENSSL_VERSION_STRING));
#endif
  line("Lua", std::string(LUA_RELEASE).substr(4));      // "Lua 5.4.4"
  const png_uint_32 png = png_access_version_number();  // e.g. 10639 for 1.6.39
  line("libpng", std::to_string(png / 10000) + "." + std::to_string(png / 100 % 100) + "." +
                     std::to_string(png % 100));
  line("zlib", zlibVersion());
  line("libjpeg-turbo", MKS_STRINGIFY(LIBJPEG_TURBO_VERSION));
  line("Boost", std::to_string(BOOST_VERSION / 100000) + "." +
                    std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                    std::to_string(BOOST_VERSION % 100));
  line("FFmpeg", codecs::video::ffmpeg_build_version() + " (opened when recording)");
  line("tesseract", screen::tesseract_build_version() + " (opened for OCR)");
  line("libxml2", vsphere::libxml2_build_version() + " (opened for vCenter)");
  return text;
}

}  // namespace mks::cli
