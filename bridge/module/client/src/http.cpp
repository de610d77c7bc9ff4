#include "mactor/bridge/http.hpp"

#include <curl/curl.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <strings.h>

namespace mactor::bridge {

void EnsureCurlInitialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer::State {
  CURL* easy = nullptr;
  CURLM* multi = nullptr;
  std::atomic<bool> woken{false};

  // Per request.
  HttpResponse* resp = nullptr;
  const std::function<bool(std::string_view)>* on_body = nullptr;
  bool body_stopped = false;
};

namespace {

size_t OnWrite(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<Transfer::State*>(user);
  size_t len = size * n;
  if (s->on_body != nullptr && *s->on_body) {
    // Only a successful answer is streamed; an error body is kept whole.
    if (s->resp->status >= 200 && s->resp->status < 300) {
      if (!(*s->on_body)(std::string_view(data, len))) {
        s->body_stopped = true;
        return 0;  // makes libcurl end the transfer
      }
      return len;
    }
  }
  if (s->resp->body.size() < (64u << 20)) s->resp->body.append(data, len);
  return len;
}

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' ||
                        v.back() == ' ' || v.back() == '\t')) {
    v.remove_suffix(1);
  }
  return v;
}

bool HeaderIs(std::string_view line, const char* name, std::string_view* value) {
  size_t n = std::strlen(name);
  if (line.size() <= n || line[n] != ':' ||
      strncasecmp(line.data(), name, n) != 0) {
    return false;
  }
  *value = Trim(line.substr(n + 1));
  return true;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<Transfer::State*>(user);
  std::string_view line(data, size * n);
  std::string_view v;
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (after a 100 Continue, say): forget the last one.
    s->resp->content_type.clear();
    s->resp->message_content_type.clear();
    s->resp->expected_sequence = 0;
    long status = 0;
    size_t sp = line.find(' ');
    if (sp != std::string_view::npos) status = std::strtol(line.data() + sp + 1, nullptr, 10);
    s->resp->status = status;
  } else if (HeaderIs(line, "Content-Type", &v)) {
    s->resp->content_type.assign(v);
  } else if (HeaderIs(line, "Message-Content-Type", &v)) {
    s->resp->message_content_type.assign(v);
  } else if (HeaderIs(line, "Mactor-Expected-Sequence", &v)) {
    s->resp->expected_sequence = std::strtoull(std::string(v).c_str(), nullptr, 10);
  }
  return size * n;
}

}  // namespace

Transfer::Transfer() : s_(new State) {
  EnsureCurlInitialized();
  s_->easy = curl_easy_init();
  s_->multi = curl_multi_init();
}

Transfer::~Transfer() {
  if (s_->easy != nullptr) curl_easy_cleanup(s_->easy);
  if (s_->multi != nullptr) curl_multi_cleanup(s_->multi);
  delete s_;
}

void Transfer::Wake() {
  s_->woken.store(true);
  curl_multi_wakeup(s_->multi);
}

HttpResponse Transfer::Post(const HttpRequest& req,
                            const std::function<bool(std::string_view)>& on_body,
                            const std::function<bool()>& keep_going) {
  HttpResponse resp;
  if (s_->easy == nullptr || s_->multi == nullptr) {
    resp.error = "libcurl could not be initialized";
    return resp;
  }
  CURL* e = s_->easy;
  s_->resp = &resp;
  s_->on_body = &on_body;
  s_->body_stopped = false;

  curl_slist* headers = nullptr;
  std::string ct = "Content-Type: " + req.content_type;
  headers = curl_slist_append(headers, ct.c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  for (const auto& h : req.headers) headers = curl_slist_append(headers, h.c_str());

  // Options are set anew for every request; the handle keeps its
  // connection cache, so the connection is reused.
  curl_easy_setopt(e, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(e, CURLOPT_POST, 1L);
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, req.body.data());
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(req.body.size()));
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnWrite);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, s_);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, s_);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(req.timeout.count()));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(req.connect_timeout.count()));
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(e, CURLOPT_NOPROXY, "*");  // loopback or cluster-local

  CURLcode result = CURLE_OK;
  bool done = false;
  curl_multi_add_handle(s_->multi, e);
  while (!done) {
    int running = 0;
    CURLMcode mc = curl_multi_perform(s_->multi, &running);
    if (mc != CURLM_OK) {
      resp.error = curl_multi_strerror(mc);
      break;
    }
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(s_->multi, &left)) {
      if (m->msg == CURLMSG_DONE && m->easy_handle == e) {
        result = m->data.result;
        done = true;
      }
    }
    if (done) break;
    if (s_->woken.load() || (keep_going && !keep_going())) {
      resp.aborted = true;
      resp.error = "request abandoned";
      break;
    }
    curl_multi_poll(s_->multi, nullptr, 0, 100, nullptr);
  }
  curl_multi_remove_handle(s_->multi, e);
  curl_slist_free_all(headers);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, nullptr);
  s_->resp = nullptr;
  s_->on_body = nullptr;

  if (done) {
    if (result == CURLE_OK) {
      resp.completed = true;
    } else if (s_->body_stopped) {
      resp.aborted = true;
      resp.error = "stream abandoned";
    } else {
      resp.timed_out = result == CURLE_OPERATION_TIMEDOUT;
      resp.error = curl_easy_strerror(result);
    }
  }
  return resp;
}

}  // namespace mactor::bridge
