#include "fake_engine.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <strings.h>

namespace mactor::bridge::testing {

bool FakeConnection::Write(const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

bool FakeConnection::Read() {
  std::string buf;
  char tmp[4096];
  size_t head_end = std::string::npos;
  while (head_end == std::string::npos) {
    ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf.append(tmp, static_cast<size_t>(n));
    head_end = buf.find("\r\n\r\n");
  }
  head_ = buf.substr(0, head_end);
  size_t length = 0;
  for (size_t pos = 0; pos < head_.size();) {
    size_t eol = head_.find("\r\n", pos);
    std::string line = head_.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    if (strncasecmp(line.c_str(), "Content-Length:", 15) == 0) {
      length = std::strtoul(line.c_str() + 15, nullptr, 10);
    }
    if (eol == std::string::npos) break;
    pos = eol + 2;
  }
  body_ = buf.substr(head_end + 4);
  while (body_.size() < length) {
    ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    body_.append(tmp, static_cast<size_t>(n));
  }
  return true;
}

bool FakeConnection::StartChunked(const std::string& content_type) {
  return Write("HTTP/1.1 200 OK\r\nContent-Type: " + content_type +
               "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
}

bool FakeConnection::Chunk(const std::string& bytes) {
  char size[32];
  snprintf(size, sizeof size, "%zx\r\n", bytes.size());
  return Write(size + bytes + "\r\n");
}

bool FakeConnection::Answer(int status, const std::string& content_type,
                            const std::string& body) {
  return Write("HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + content_type +
               "\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\nConnection: close\r\n\r\n" + body);
}

FakeEngine::FakeEngine(std::function<void(FakeConnection&)> handler)
    : handler_(std::move(handler)) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      listen(listen_fd_, 16) != 0) {
    throw std::runtime_error("fake engine: cannot listen");
  }
  socklen_t len = sizeof a;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

FakeEngine::~FakeEngine() {
  stop_.store(true);
  thread_.join();
  close(listen_fd_);
}

void FakeEngine::Serve() {
  while (!stop_.load()) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    connections_.fetch_add(1);
    FakeConnection c(fd);
    if (c.Read()) handler_(c);
    close(fd);
  }
}

}  // namespace mactor::bridge::testing
