#pragma once

#include <algorithm>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstddef>
#include <functional>

namespace mks::fleet {

using BoundedTask = std::function<boost::asio::awaitable<void>(std::size_t)>;

namespace detail {
// A free function, not a lambda: GCC 12 mishandles lambdas that are coroutines.
inline boost::asio::awaitable<void> bounded_worker(std::size_t* next, std::size_t count,
                                                   const BoundedTask* task) {
  while (*next < count) co_await (*task)((*next)++);
}
}  // namespace detail

// Runs task(0) … task(count - 1) with at most `concurrency` under way at once, on one
// executor, and returns when all are done. A task's exception ends only its worker: tasks
// report their own failures.
inline boost::asio::awaitable<void> for_each_bounded(boost::asio::any_io_executor executor,
                                                     std::size_t count, int concurrency,
                                                     BoundedTask task) {
  namespace asio = boost::asio;
  const std::size_t workers = std::min<std::size_t>(std::max(1, concurrency), count);
  if (workers == 0) co_return;
  std::size_t next = 0;
  std::size_t running = workers;
  asio::steady_timer all_done(executor, asio::steady_timer::time_point::max());
  // Each worker takes the next index when its task is done; the last one to end wakes us.
  for (std::size_t w = 0; w < workers; ++w) {
    asio::co_spawn(executor, detail::bounded_worker(&next, count, &task),
                   [&running, &all_done](std::exception_ptr) {
                     if (--running == 0) all_done.cancel();
                   });
  }
  boost::system::error_code ec;
  co_await all_done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

}  // namespace mks::fleet
