#include "importers/debt/sonarqube_pull.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

#include "importers/core/memory_byte_source.h"
#include "importers/debt/sonarqube_json_reader.h"
#include "model/debt/debt_writer.h"

namespace sightline {
namespace {

constexpr int kCancelPollMs = 100;

// Keeps every batch a page decodes to, until all pages are in and the source can be opened.
class PageRecords : public DebtSink {
 public:
  Status consume(DebtBatch&& batch) override {
    m_batches.push_back(std::move(batch));
    return Status::ok();
  }
  std::vector<DebtBatch>& batches() { return m_batches; }

 private:
  std::vector<DebtBatch> m_batches;
};

struct Answer {
  int status = 0;  // HTTP status, 0 when there was no answer
  QByteArray body;
  std::string error;  // set when the request failed
  bool cancelled = false;
};

// SonarQube's error answers: {"errors": [{"msg": "…"}]}.
std::string serverMessage(const QByteArray& body) {
  const QJsonArray errors = QJsonDocument::fromJson(body).object().value(u"errors").toArray();
  std::string messages;
  for (const QJsonValue& error : errors) {
    const QString text = error.toObject().value(u"msg").toString();
    if (text.isEmpty())
      continue;
    if (!messages.empty())
      messages += "; ";
    messages += text.toStdString();
  }
  return messages;
}

Answer fetch(QNetworkAccessManager& manager, const QUrl& url, const SonarQubePullRequest& request,
             std::uint64_t bytesLeft) {
  Answer answer;
  const std::string where = url.toString().toStdString();
  QNetworkRequest http(url);
  http.setRawHeader("Accept", "application/json");
  if (!request.token.empty())
    http.setRawHeader("Authorization", QByteArray("Bearer ") + request.token.c_str());
  http.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                    QNetworkRequest::NoLessSafeRedirectPolicy);
  std::unique_ptr<QNetworkReply> reply(manager.get(http));
  QEventLoop loop;
  bool timedOut = false;
  bool tooLarge = false;
  QTimer timeout;
  timeout.setSingleShot(true);
  QObject::connect(&timeout, &QTimer::timeout, &loop, [&] {
    timedOut = true;
    reply->abort();
  });
  QTimer cancelPoll;
  QObject::connect(&cancelPoll, &QTimer::timeout, &loop, [&] {
    if (request.cancel && request.cancel->load()) {
      answer.cancelled = true;
      reply->abort();
    }
  });
  QObject::connect(reply.get(), &QNetworkReply::downloadProgress, &loop,
                   [&](qint64 received, qint64) {
                     if (received > 0 && std::uint64_t(received) > bytesLeft) {
                       tooLarge = true;
                       reply->abort();
                     }
                   });
  QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
  timeout.start(request.timeoutMs);
  cancelPoll.start(kCancelPollMs);
  if (!reply->isFinished())
    loop.exec(QEventLoop::ExcludeUserInputEvents);
  if (answer.cancelled)
    return answer;
  if (timedOut) {
    answer.error = "SonarQube did not answer within " +
                   QString::number(request.timeoutMs / 1000.0, 'f', 1).toStdString() + " s (" +
                   where + ")";
    return answer;
  }
  if (tooLarge) {
    answer.error = "SonarQube's answers are larger than " + std::to_string(request.maxBytes >> 20) +
                   " MiB (" + where + ")";
    return answer;
  }
  answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  answer.body = reply->readAll();
  if (answer.status == 0) {
    answer.error = "cannot reach SonarQube at " + where + ": " + reply->errorString().toStdString();
    return answer;
  }
  if (answer.status == 401) {
    answer.error = "SonarQube refused the token (HTTP 401 at " + where + ")";
    return answer;
  }
  if (answer.status < 200 || answer.status >= 300) {
    const std::string message = serverMessage(answer.body);
    answer.error = (answer.status == 403 ? "SonarQube refused access to project " +
                                               request.projectKey + " (HTTP 403 at " + where + ")"
                                         : "SonarQube answered HTTP " +
                                               std::to_string(answer.status) + " at " + where) +
                   (message.empty() ? std::string() : ": " + message);
  }
  return answer;
}

// The component_tree URL of the project without paging: the source's path.
QUrl componentTreeUrl(const SonarQubePullRequest& request) {
  QUrl url(QString::fromStdString(request.baseUrl));
  QString path = url.path();
  if (!path.endsWith(u'/'))
    path += u'/';
  url.setPath(path + QStringLiteral("api/measures/component_tree"));
  QString metrics;
  for (const std::string& key : request.metricKeys) {
    if (!metrics.isEmpty())
      metrics += u',';
    metrics += QString::fromStdString(key);
  }
  QUrlQuery query;
  query.addQueryItem(QStringLiteral("component"), QString::fromStdString(request.projectKey));
  query.addQueryItem(QStringLiteral("metricKeys"), metrics);
  query.addQueryItem(QStringLiteral("qualifiers"), QString::fromStdString(request.qualifiers));
  url.setQuery(query);
  return url;
}

std::string checkRequest(const SonarQubePullRequest& request) {
  if (!QCoreApplication::instance())
    return "internal error: pulling from SonarQube needs a QCoreApplication";
  const QUrl base(QString::fromStdString(request.baseUrl), QUrl::StrictMode);
  if (!base.isValid() || (base.scheme() != u"http" && base.scheme() != u"https") ||
      base.host().isEmpty()) {
    return "expected the SonarQube server as an http:// or https:// URL, found \"" +
           request.baseUrl + "\"";
  }
  if (request.projectKey.empty())
    return "expected a SonarQube project key";
  if (request.metricKeys.empty())
    return "expected at least one metric key to pull";
  if (request.pageSize < 1 || request.pageSize > 500)
    return "expected a page size from 1 to 500 (SonarQube's maximum)";
  if (request.maxPages < 1 || request.timeoutMs < 1)
    return "expected a page cap and a timeout above 0";
  return {};
}

}  // namespace

SonarQubePullResult pullSonarQube(Workspace& workspace, const SonarQubePullRequest& request) {
  SonarQubePullResult result;
  if (std::string problem = checkRequest(request); !problem.empty()) {
    result.error = std::move(problem);
    return result;
  }
  const QUrl endpoint = componentTreeUrl(request);
  result.url = endpoint.toString().toStdString();
  QNetworkAccessManager manager;
  PageRecords records;
  QCryptographicHash hash(QCryptographicHash::Sha256);
  std::uint64_t bytes = 0;
  for (int page = 1;; ++page) {
    if (page > request.maxPages) {
      result.error = "SonarQube has more than " + std::to_string(request.maxPages) +
                     " pages of components for " + request.projectKey + " (" + result.url +
                     "); nothing was stored";
      return result;
    }
    QUrl pageUrl = endpoint;
    QUrlQuery query(pageUrl);
    query.addQueryItem(QStringLiteral("ps"), QString::number(request.pageSize));
    query.addQueryItem(QStringLiteral("p"), QString::number(page));
    pageUrl.setQuery(query);
    const Answer answer = fetch(manager, pageUrl, request, request.maxBytes - bytes);
    if (answer.cancelled) {
      result.outcome = SonarQubePullResult::Outcome::Cancelled;
      result.error = result.url + ": cancelled";
      return result;
    }
    if (!answer.error.empty()) {
      result.error = answer.error;
      return result;
    }
    bytes += std::uint64_t(answer.body.size());
    if (bytes > request.maxBytes) {
      result.error = "SonarQube's answers are larger than " +
                     std::to_string(request.maxBytes >> 20) + " MiB (" + result.url + ")";
      return result;
    }
    hash.addData(answer.body);
    SonarQubeJsonReader reader;
    reader.setIncludeBaseComponent(page == 1);
    MemoryByteSource source(answer.body.toStdString());
    ReaderContext context;
    context.debt = &records;
    context.cancel = request.cancel;
    context.sourcePath = pageUrl.toString().toStdString();
    DecodeError error;
    if (!reader.read(source, context, error)) {
      result.error = "page " + std::to_string(page) + " of " + context.sourcePath + ": " +
                     error.message + "; nothing was stored";
      return result;
    }
    const SonarQubeReadStats& stats = reader.stats();
    result.pages = page;
    result.components += stats.components;
    result.skippedValues += stats.skippedValues;
    // Without paging (an api/measures/component answer) there is one page.
    int expected = page;
    if (stats.paging && stats.paging->total > 0) {
      const std::uint64_t size =
          stats.paging->pageSize > 0 ? stats.paging->pageSize : std::uint64_t(request.pageSize);
      expected = int(std::min<std::uint64_t>((stats.paging->total + size - 1) / size,
                                             std::uint64_t(request.maxPages) + 1));
    }
    if (request.onPage)
      request.onPage(page, std::max(expected, page));
    // A page past the first without components ends the tree whatever the total says.
    if (page >= expected || (page > 1 && stats.components == 0))
      break;
  }
  const std::string sha256 = hash.result().toHex().toStdString();
  if (auto existing = workspace.findSourceBySha256(sha256)) {
    result.outcome = SonarQubePullResult::Outcome::Skipped;
    result.sourceId = existing->id;
    return result;
  }
  DebtWriter writer(workspace, SourceDescription{result.url, "sonarqube-json", sha256, bytes});
  for (DebtBatch& batch : records.batches()) {
    if (Status status = writer.consume(std::move(batch)); !status) {
      writer.abort();
      result.error = result.url + ": " + status.message();
      return result;
    }
  }
  if (Status status = writer.finish(); !status) {
    writer.abort();
    result.error = result.url + ": " + status.message();
    return result;
  }
  result.outcome = SonarQubePullResult::Outcome::Imported;
  result.sourceId = writer.stats().sourceId;
  result.measures = writer.stats().measures;
  return result;
}

}  // namespace sightline
