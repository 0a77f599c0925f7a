// Clock: the source of "now" for everything that depends on time (scheduling,
// sessions, cache ages). Passed in, never reached through a global, so tests use
// FakeClock and move time by hand.
//
// Thread-safety: SystemClock is stateless; FakeClock is safe to read and advance from
// several threads.
#pragma once

#include <atomic>
#include <chrono>

namespace qalam {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(TimePoint::duration(now_.load())); }
  void advance(std::chrono::system_clock::duration by) { now_ += by.count(); }

 private:
  std::atomic<TimePoint::rep> now_;
};

// The system's time moved forward by what tests ask (`qalam serve --test-clock`): the
// server's sessions, schedules and throttling see time pass without anyone editing
// the database behind its back.
class AdjustableClock final : public Clock {
 public:
  TimePoint now() const override {
    return std::chrono::system_clock::now() + TimePoint::duration(offset_.load());
  }
  void advance(std::chrono::system_clock::duration by) { offset_ += by.count(); }

 private:
  std::atomic<TimePoint::rep> offset_{0};
};

}  // namespace qalam
