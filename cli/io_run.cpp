#include "cli/io_run.h"

namespace mks::cli {

void run_until_done(boost::asio::io_context& io, const bool& done,
                    std::chrono::milliseconds grace) {
  while (!done && io.run_one() > 0) {
  }
  if (done) io.run_for(grace);
}

}  // namespace mks::cli
