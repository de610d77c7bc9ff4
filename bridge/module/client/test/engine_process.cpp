#include "engine_process.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "mactor/bridge/http.hpp"

#ifndef MACTOR_BIN
#define MACTOR_BIN "mactor"
#endif

namespace mactor::bridge::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base != nullptr ? base : "/tmp") + "/mactorbridge-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    throw std::runtime_error("bind failed");
  }
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

namespace {
size_t Collect(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}
}  // namespace

HttpGetResult HttpGet(const std::string& url, std::chrono::milliseconds timeout) {
  EnsureCurlInitialized();
  HttpGetResult r;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  if (curl_easy_perform(c) == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  }
  curl_easy_cleanup(c);
  return r;
}

std::string EngineBinary() {
  const char* env = std::getenv("MACTOR_BIN");
  return env != nullptr && *env != '\0' ? env : MACTOR_BIN;
}

EngineProcess::EngineProcess(std::vector<std::string> extra_args)
    : extra_args_(std::move(extra_args)),
      bridge_port_(FreePort()),
      status_port_(FreePort()) {}

EngineProcess::~EngineProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGCONT);
    Kill();
  }
}

std::string EngineProcess::status_url() const {
  return "http://127.0.0.1:" + std::to_string(status_port_);
}

std::string EngineProcess::log() const {
  std::ifstream in(dir_.path() + "/engine.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void EngineProcess::Start() {
  std::string bin = EngineBinary();
  if (access(bin.c_str(), X_OK) != 0) {
    throw std::runtime_error("engine binary " + bin +
                             " not found: build it (make build) or set MACTOR_BIN");
  }
  std::vector<std::string> args = {
      bin, "serve",
      "--listen", "127.0.0.1:" + std::to_string(bridge_port_),
      "--http", "127.0.0.1:" + std::to_string(status_port_),
      "--data", dir_.path() + "/data",
      "--log-level", "warn"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::string logfile = dir_.path() + "/engine.log";
  ++starts_;
  // Everything the child needs is prepared before fork: between fork and
  // exec only async-signal-safe calls are allowed.
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fd = open(logfile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("engine exited at start:\n" + log());
    }
    if (HttpGet(status_url() + "/state", std::chrono::milliseconds(500)).status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  throw std::runtime_error("engine did not become ready:\n" + log());
}

void EngineProcess::Wait() {
  int st = 0;
  while (waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

void EngineProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGCONT);
  kill(pid_, SIGTERM);
  for (int i = 0; i < 300; ++i) {
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Kill();
}

void EngineProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  Wait();
}

void EngineProcess::Restart() {
  Kill();
  Start();
}

void EngineProcess::Suspend() {
  if (pid_ <= 0) return;
  kill(pid_, SIGSTOP);
  // The signal is delivered asynchronously: wait until the engine has
  // really stopped, or it may still answer the test's next request.
  int st = 0;
  while (waitpid(pid_, &st, WUNTRACED) < 0 && errno == EINTR) {
  }
}

void EngineProcess::Resume() {
  if (pid_ <= 0) return;
  kill(pid_, SIGCONT);
}

namespace {
long long FindNumber(const std::string& body, const std::string& field) {
  // protojson writes 64-bit integers as strings; accept both forms.
  std::regex re("\"" + field + "\"\\s*:\\s*\"?([0-9]+)\"?");
  std::smatch m;
  if (std::regex_search(body, m, re)) return std::stoll(m[1].str());
  return -1;
}
}  // namespace

long long EngineProcess::AgentCallsApplied(const std::string& agent_id) const {
  auto r = HttpGet(status_url() + "/state/agent/" + agent_id);
  if (r.status != 200) return -1;
  return FindNumber(r.body, "calls_applied");
}

long long EngineProcess::SessionLastApplied(const std::string& session_id) const {
  auto r = HttpGet(status_url() + "/state/session/" + session_id);
  if (r.status != 200) return -1;
  return FindNumber(r.body, "last_applied_sequence");
}

}  // namespace mactor::bridge::testing
