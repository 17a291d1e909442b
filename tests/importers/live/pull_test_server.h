#pragma once

// The targets of the pullers' tests: answers captured from real servers
// (tests/data/live-targets/, see its README) served again by an in-process cpp-httplib
// server on 127.0.0.1 at a port of its own, which records what each request sent.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "importers/live/http_library.h"

namespace sightline::test {

inline const std::string kLiveTargets = SIGHTLINE_TEST_DATA_DIR "/live-targets/";

inline std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// One captured answer: its status, the headers that matter here and the body as sent.
struct CapturedAnswer {
  int status = 200;
  std::string contentType;
  std::string contentEncoding;
  bool goPprof = false;
  std::string body;
};

// NAME.body and NAME.headers (curl -D) from tests/data/live-targets/.
inline CapturedAnswer loadCapturedAnswer(const std::string& name) {
  CapturedAnswer answer;
  answer.body = readBytes(kLiveTargets + name + ".body");
  std::istringstream headers(readBytes(kLiveTargets + name + ".headers"));
  std::string line;
  if (std::getline(headers, line)) {
    const std::size_t space = line.find(' ');
    answer.status = std::stoi(line.substr(space + 1, 3));
  }
  while (std::getline(headers, line)) {
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos)
      continue;
    std::string name = line.substr(0, colon);
    for (char& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string value = line.substr(line.find_first_not_of(' ', colon + 1));
    if (name == "content-type")
      answer.contentType = value;
    else if (name == "content-encoding")
      answer.contentEncoding = value;
    else if (name == "x-go-pprof")
      answer.goPprof = true;
  }
  return answer;
}

struct RecordedRequest {
  std::string path;
  httplib::Params params;
  httplib::Headers headers;
  std::chrono::steady_clock::time_point arrived;
};

class PullTestServer {
 public:
  PullTestServer() {
    m_server.Get(".*", [this](const httplib::Request& request, httplib::Response& response) {
      handle(request, response);
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    // Connections wait in the backlog until the thread accepts them.
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
  }
  ~PullTestServer() {
    {
      std::lock_guard lock(m_mutex);
      m_closing = true;
    }
    m_wake.notify_all();
    m_server.stop();
    m_thread.join();
  }

  int port() const { return m_port; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }
  // Answers GET `path` (any query) with `answer`, after `delay`.
  void serve(const std::string& path, CapturedAnswer answer,
             std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
    std::lock_guard lock(m_mutex);
    m_routes[path] = Route{std::make_shared<CapturedAnswer>(std::move(answer)), delay};
  }
  std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }

 private:
  struct Route {
    std::shared_ptr<CapturedAnswer> answer;
    std::chrono::milliseconds delay{0};
  };

  void handle(const httplib::Request& request, httplib::Response& response) {
    Route route;
    {
      std::unique_lock lock(m_mutex);
      m_requests.push_back(RecordedRequest{request.path, request.params, request.headers,
                                           std::chrono::steady_clock::now()});
      const auto found = m_routes.find(request.path);
      if (found == m_routes.end()) {
        response.status = 404;
        return;
      }
      route = found->second;
      // A slow target; the server's destructor cuts the wait short.
      m_wake.wait_for(lock, route.delay, [this] { return m_closing; });
    }
    const std::shared_ptr<CapturedAnswer> answer = route.answer;
    response.status = answer->status;
    if (!answer->contentEncoding.empty())
      response.set_header("Content-Encoding", answer->contentEncoding);
    if (answer->goPprof)
      response.set_header("X-Go-Pprof", "1");
    if (answer->body.empty()) {
      response.set_content("", answer->contentType);
      return;
    }
    // A content provider of known length: cpp-httplib's server would gzip a text/plain
    // body given with set_content() a second time.
    response.set_content_provider(
        answer->body.size(), answer->contentType,
        [answer](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          sink.write(answer->body.data() + offset, length);
          return true;
        });
  }

  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_closing = false;
  std::map<std::string, Route> m_routes;
  std::vector<RecordedRequest> m_requests;
};

// A port that nothing listens on (bound, then closed).
inline int closedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace sightline::test
