#include "importers/live/pull_http_client.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/memory_byte_source.h"
#include "importers/live/http_library.h"

namespace sightline {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool fail(std::string* error, std::string message) {
  if (error)
    *error = std::move(message);
  return false;
}

// Splits "host", "host:port", "[v6]" or "[v6]:port"; port stays 0 when absent.
bool splitAuthority(const std::string& authority, PullUrl& url, std::string* error) {
  std::string portText;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string::npos)
      return fail(error, "missing ']' after an IPv6 address");
    url.host = authority.substr(1, close - 1);
    const std::string rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':')
        return fail(error, "unexpected text after ']'");
      portText = rest.substr(1);
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    url.host = authority.substr(0, colon);
    if (colon != std::string::npos)
      portText = authority.substr(colon + 1);
  }
  if (url.host.empty())
    return fail(error, "no host");
  if (authority.find('@') != std::string::npos)
    return fail(error, "user information in the URL is not supported");
  if (portText.empty())
    return true;
  int port = 0;
  const auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (ec != std::errc() || end != portText.data() + portText.size() || port < 1 || port > 65535)
    return fail(error, "bad port '" + portText + "'");
  url.port = port;
  return true;
}

// Inflates a gzip body into at most `limit` bytes.
bool inflateBody(std::string& body, std::uint64_t limit, std::string& error) {
  DecompressionOptions options;
  options.maxDecompressedBytes = limit;
  auto source = openDecompressed(std::make_unique<MemoryByteSource>(std::move(body)),
                                 Compression::Gzip, options);
  std::string out;
  for (auto chunk = source->next(); !chunk.empty(); chunk = source->next())
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  if (!source->status()) {
    error = "gzip: " + source->status().message();
    return false;
  }
  body = std::move(out);
  return true;
}

std::string describeError(httplib::Error error, const PullUrl& url) {
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect to " + url.hostPort() + " (connection refused or unreachable)";
    case httplib::Error::ConnectionTimeout:
      return "connecting to " + url.hostPort() + " timed out";
    case httplib::Error::Read:
      return "reading the answer from " + url.hostPort() + " failed (connection closed)";
    case httplib::Error::Write:
      return "sending the request to " + url.hostPort() + " failed";
    default:
      return httplib::to_string(error);
  }
}

}  // namespace

std::string PullUrl::hostPort() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string PullUrl::origin() const {
  return scheme + "://" + hostPort();
}

std::string PullUrl::text() const {
  return origin() + path;
}

std::optional<PullUrl> parsePullUrl(const std::string& text, std::string* error) {
  PullUrl url;
  const std::size_t schemeEnd = text.find("://");
  if (schemeEnd == std::string::npos) {
    fail(error, "'" + text + "' is not an http:// or https:// URL");
    return std::nullopt;
  }
  url.scheme = lower(text.substr(0, schemeEnd));
  if (url.scheme != "http" && url.scheme != "https") {
    fail(error, "'" + text + "': only http and https are supported");
    return std::nullopt;
  }
  std::string rest = text.substr(schemeEnd + 3);
  rest = rest.substr(0, rest.find('#'));
  const std::size_t pathStart = rest.find_first_of("/?");
  const std::string authority = rest.substr(0, pathStart);
  url.path = pathStart == std::string::npos ? "/" : rest.substr(pathStart);
  if (url.path.front() == '?')
    url.path.insert(0, "/");
  std::string why;
  if (!splitAuthority(authority, url, &why)) {
    fail(error, "'" + text + "': " + why);
    return std::nullopt;
  }
  if (url.port == 0)
    url.port = url.scheme == "https" ? 443 : 80;
  return url;
}

std::string formatSeconds(double seconds) {
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), seconds,
                                       std::chars_format::fixed);
  return ec == std::errc() ? std::string(buffer.data(), end) : std::to_string(seconds);
}

class PullHttpClient::Impl {
 public:
  explicit Impl(PullUrl url) : m_url(std::move(url)) {}

  PullAnswer get(const PullRequest& request) {
    PullAnswer answer;
    httplib::Client client(m_url.origin());
    const auto timeout = std::max(request.timeout, std::chrono::milliseconds(1));
    // The watchdog ends the request at its deadline; the library's own timeouts (per
    // connect, per read) are a little longer, so that the deadline is the one that shows.
    const auto socketTimeout = timeout + std::chrono::milliseconds(500);
    client.set_connection_timeout(socketTimeout);
    client.set_read_timeout(socketTimeout);
    client.set_write_timeout(socketTimeout);
    client.set_keep_alive(false);
    client.set_follow_location(true);
    // Inflated below with a size cap: a gzip bomb from a target stops at the cap.
    client.set_decompress(false);
    {
      std::lock_guard lock(m_mutex);
      if (m_aborted) {
        answer.error = "stopped";
        return answer;
      }
      m_done = false;
      m_timedOut = false;
    }
    std::thread watchdog([this, &client, deadline = std::chrono::steady_clock::now() + timeout] {
      watch(client, deadline);
    });

    httplib::Headers headers;
    for (const auto& [name, value] : request.headers)
      headers.emplace(name, value);
    std::string encoding;
    bool tooLarge = false;
    const auto result = client.Get(
        request.path, headers,
        [&](const httplib::Response& response) {
          answer.status = response.status;
          answer.reason = response.reason;
          answer.contentType = response.get_header_value("Content-Type");
          answer.goPprof = response.has_header("X-Go-Pprof");
          encoding = lower(response.get_header_value("Content-Encoding"));
          return !interrupted();
        },
        [&](const char* data, std::size_t length) {
          if (answer.body.size() + length > request.maxBodyBytes) {
            tooLarge = true;
            return false;
          }
          answer.body.append(data, length);
          return !interrupted();
        });
    bool timedOut = false;
    bool aborted = false;
    {
      std::lock_guard lock(m_mutex);
      m_done = true;
      timedOut = m_timedOut;
      aborted = m_aborted;
    }
    m_wake.notify_all();
    watchdog.join();

    if (aborted)
      answer.error = "stopped";
    else if (timedOut)
      answer.error = "timed out after " + formatSeconds(timeout.count() / 1000.0) + " s";
    else if (tooLarge)
      answer.error = "answer larger than " + std::to_string(request.maxBodyBytes) + " bytes";
    else if (!result)
      answer.error = describeError(result.error(), m_url);
    if (!answer.error.empty()) {
      answer.body.clear();
      return answer;
    }
    answer.received = true;
    if (encoding == "gzip" && !inflateBody(answer.body, request.maxBodyBytes, answer.error)) {
      answer.received = false;
      answer.body.clear();
    }
    return answer;
  }

  void abort() {
    std::lock_guard lock(m_mutex);
    m_aborted = true;
    m_wake.notify_all();
  }

 private:
  bool interrupted() {
    std::lock_guard lock(m_mutex);
    return m_aborted || m_timedOut;
  }

  // Ends the request at its deadline or on abort(). cpp-httplib's stop() shuts the socket
  // of a request in flight but does nothing to one still connecting, so it is repeated
  // until the request returns.
  void watch(httplib::Client& client, std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(m_mutex);
    m_wake.wait_until(lock, deadline, [this] { return m_done || m_aborted; });
    if (m_done)
      return;
    if (!m_aborted)
      m_timedOut = true;
    while (!m_done) {
      lock.unlock();
      client.stop();
      lock.lock();
      m_wake.wait_for(lock, std::chrono::milliseconds(20), [this] { return m_done; });
    }
  }

  PullUrl m_url;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_aborted = false;
  bool m_done = true;
  bool m_timedOut = false;
};

PullHttpClient::PullHttpClient(PullUrl url) : m_impl(std::make_unique<Impl>(std::move(url))) {}

PullHttpClient::~PullHttpClient() = default;

PullAnswer PullHttpClient::get(const PullRequest& request) {
  return m_impl->get(request);
}

void PullHttpClient::abort() {
  m_impl->abort();
}

}  // namespace sightline
