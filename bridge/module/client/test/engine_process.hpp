// The real mactor engine as a child process of a test: `mactor serve` on
// loopback ports with its data in a temporary directory, and the signals
// the tests need (SIGKILL and restart on the same data, SIGSTOP/SIGCONT).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace mactor::bridge::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents when
// the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

struct HttpGetResult {
  long status = 0;  // 0: no answer
  std::string body;
};
HttpGetResult HttpGet(const std::string& url,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5));

class EngineProcess {
 public:
  // extra_args are added to `mactor serve`'s flags.
  explicit EngineProcess(std::vector<std::string> extra_args = {});
  ~EngineProcess();  // SIGKILL if still running

  // Starts the engine and waits until it is ready (GET /state answers
  // 200); aborts the test run with the engine's log if it does not come up.
  void Start();
  // SIGTERM and wait.
  void Stop();
  // SIGKILL and wait: nothing is flushed.
  void Kill();
  // Kill, then Start again on the same ports and data.
  void Restart();
  void Suspend();  // SIGSTOP
  void Resume();   // SIGCONT

  int bridge_port() const { return bridge_port_; }
  std::string status_url() const;
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  std::string log() const;  // the engine's stderr so far

  // An agent's record field meta.calls_applied (-1 if not found).
  long long AgentCallsApplied(const std::string& agent_id) const;
  // A session's durable watermark (-1 if unknown).
  long long SessionLastApplied(const std::string& session_id) const;

 private:
  void Wait();

  std::vector<std::string> extra_args_;
  TempDir dir_;
  int bridge_port_;
  int status_port_;
  pid_t pid_ = -1;
  int starts_ = 0;
};

// The engine binary: $MACTOR_BIN, else the path configured at build time.
std::string EngineBinary();

}  // namespace mactor::bridge::testing
