#include <QtTest>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <sstream>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/memory_byte_source.h"
#include "importers/live/prometheus_scrape_submission.h"
#include "importers/live/prometheus_scraper.h"
#include "importers/live/pull_http_client.h"
#include "importers/prometheus/prometheus_text_reader.h"
#include "pull_test_server.h"

using namespace sightline;
using namespace sightline::test;
using namespace std::chrono_literals;

namespace {

std::string inflate(const CapturedAnswer& answer) {
  if (answer.contentEncoding != "gzip")
    return answer.body;
  auto source = openDecompressed(std::make_unique<MemoryByteSource>(answer.body));
  std::string out;
  for (auto chunk = source->next(); !chunk.empty(); chunk = source->next())
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  return out;
}

std::string number(double value) {
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

std::string sampleRow(const MetricSampleRecord& sample) {
  return sample.name + canonicalLabelText(sample.labels) + " " + number(sample.value) +
         (sample.timestampMs ? " @" + std::to_string(*sample.timestampMs) : "");
}

// Families and samples of batches, as comparable text; the synthetic series left out.
std::vector<std::string> rows(const std::vector<MetricBatch>& batches) {
  const auto& report = scrapeReportSeriesNames();
  const auto isReport = [&report](const std::string& name) {
    return std::find(report.begin(), report.end(), name) != report.end();
  };
  std::vector<std::string> out;
  for (const MetricBatch& batch : batches) {
    for (const MetricFamilyRecord& family : batch.newFamilies) {
      if (!isReport(family.name))
        out.push_back("family " + family.name + " " + metricTypeName(family.type) + " " +
                      family.unit + " " + family.help);
    }
    for (const MetricSampleRecord& sample : batch.samples) {
      if (!isReport(sample.name))
        out.push_back(sampleRow(sample));
    }
  }
  return out;
}

class CollectingSink : public MetricSink {
 public:
  Status consume(MetricBatch&& batch) override {
    batches.push_back(std::move(batch));
    return Status::ok();
  }
  std::vector<MetricBatch> batches;
};

// What a file import's reader makes of `body`, with `extra` labels added to every sample
// (sorted in by name): the expected result of a scrape.
std::vector<MetricBatch> fileReaderBatches(const std::string& body,
                                           const std::vector<MetricLabel>& extra = {}) {
  MemoryByteSource source(body, 1000);  // chunks split anywhere, as a file's may be
  CollectingSink sink;
  ReaderContext context;
  DecodeError error;
  if (!readPrometheusText(source, sink, context, error))
    qWarning("file reader: %s", error.message.c_str());
  for (MetricBatch& batch : sink.batches) {
    for (MetricSampleRecord& sample : batch.samples) {
      sample.labels.insert(sample.labels.end(), extra.begin(), extra.end());
      std::sort(sample.labels.begin(), sample.labels.end(),
                [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
    }
  }
  return sink.batches;
}

// The synthetic series of a submission: name → value (they carry the target labels).
std::map<std::string, double> reportValues(const LiveMetricSubmission& submission,
                                           std::string* labels = nullptr) {
  std::map<std::string, double> values;
  const auto& names = scrapeReportSeriesNames();
  for (const MetricBatch& batch : submission.batches) {
    for (const MetricSampleRecord& sample : batch.samples) {
      if (std::find(names.begin(), names.end(), sample.name) != names.end()) {
        values[sample.name] = sample.value;
        if (labels)
          *labels = canonicalLabelText(sample.labels);
      }
    }
  }
  return values;
}

std::uint64_t sampleCount(const LiveMetricSubmission& submission) {
  std::uint64_t count = 0;
  for (const MetricBatch& batch : submission.batches)
    count += batch.samples.size();
  return count;
}

// Stands in for the live metric writer: keeps each submission and acknowledges it at once
// (or refuses it, when told to).
struct FakeWriter {
  PrometheusScraper::Submit submit() {
    return [this](LiveMetricSubmission&& submission, LiveMetricWriter::Callback done) {
      std::unique_lock lock(mutex);
      if (refuse)
        return LiveSubmit::Behind;
      const std::uint64_t points = sampleCount(submission);
      submissions.push_back(std::move(submission));
      arrived.push_back(std::chrono::steady_clock::now());
      lock.unlock();
      changed.notify_all();
      done(LiveMetricAck{Status::ok(), points, 0});
      return LiveSubmit::Accepted;
    };
  }
  // Waits (at most `limit`) until `count` submissions arrived.
  bool waitFor(std::size_t count, std::chrono::milliseconds limit = 5000ms) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, limit, [&] { return submissions.size() >= count; });
  }
  std::vector<LiveMetricSubmission> taken() {
    std::lock_guard lock(mutex);
    return submissions;
  }

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<LiveMetricSubmission> submissions;
  std::vector<std::chrono::steady_clock::time_point> arrived;
  bool refuse = false;
};

double seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

std::vector<MetricLabel> parseLabels(const QString& text) {
  std::vector<MetricLabel> labels;
  for (const QString& pair : text.split(u',', Qt::SkipEmptyParts)) {
    const auto parts = pair.split(u'=');
    labels.push_back(MetricLabel{parts[0].toStdString(), parts.value(1).toStdString()});
  }
  std::sort(labels.begin(), labels.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
  return labels;
}

QString labelsText(const std::vector<MetricLabel>& labels) {
  QStringList parts;
  for (const MetricLabel& label : labels)
    parts << QString::fromStdString(label.name + "=" + label.value);
  return parts.join(u',');
}

}  // namespace

class TestPrometheusScraper : public QObject {
  Q_OBJECT

 private slots:
  // The scraper's parse of a real answer equals a file import's, whichever dialect the
  // Content-Type names.
  void parsesAnswersLikeAFileImport_data() {
    QTest::addColumn<QString>("capture");
    QTest::addColumn<bool>("openMetrics");
    QTest::newRow("node-exporter scrape (text, gzip)") << "node-exporter-scrape" << false;
    QTest::newRow("node-exporter text") << "node-exporter-text" << false;
    QTest::newRow("client_golang scrape (OpenMetrics, gzip)") << "go-client-scrape" << true;
    QTest::newRow("client_golang text") << "go-client-text" << false;
    QTest::newRow("prometheus scrape (text, gzip)") << "prometheus-scrape" << false;
  }
  void parsesAnswersLikeAFileImport() {
    QFETCH(QString, capture);
    QFETCH(bool, openMetrics);
    const CapturedAnswer answer = loadCapturedAnswer(capture.toStdString());
    const std::string body = inflate(answer);
    QVERIFY(body.size() > 1000);
    const ScrapeParse parse = parseScrapeBody(body, answer.contentType, 1000);
    QVERIFY2(parse.ok, parse.error.c_str());
    QCOMPARE(parse.openMetrics, openMetrics);
    const auto expected = rows(fileReaderBatches(body));
    QCOMPARE(rows(parse.batches), expected);
    std::uint64_t samples = 0;
    for (const MetricBatch& batch : parse.batches)
      samples += batch.samples.size();
    QCOMPARE(parse.samples, samples);
    QVERIFY(parse.samples > 50);
  }

  // Like Prometheus: OpenMetrics by Content-Type (its rules then apply: # EOF is required),
  // text 0.0.4 for text/plain, and the body decides without a known Content-Type.
  void dialectFollowsTheContentType() {
    const std::string text = "requests_total 7 1700000000000\n";
    ScrapeParse parse = parseScrapeBody(text, "text/plain; version=0.0.4; charset=utf-8");
    QVERIFY(parse.ok);
    QCOMPARE(*parse.batches.at(0).samples.at(0).timestampMs, 1700000000000);
    parse = parseScrapeBody(text, "");
    QVERIFY(parse.ok);
    QVERIFY(!parse.openMetrics);
    parse = parseScrapeBody(text, "application/openmetrics-text; version=1.0.0; charset=utf-8");
    QVERIFY(!parse.ok);
    QVERIFY2(parse.error.find("# EOF") != std::string::npos, parse.error.c_str());

    const std::string openMetrics =
        "# TYPE requests counter\nrequests_total 7 1700000000.5\n# EOF\n";
    parse = parseScrapeBody(openMetrics, "application/octet-stream");
    QVERIFY2(parse.ok, parse.error.c_str());
    QVERIFY(parse.openMetrics);
    QCOMPARE(*parse.batches.at(0).samples.at(0).timestampMs, 1700000000500);
  }

  // honor_labels: false, as Prometheus' mutateSampleLabels.
  void addsTargetLabels_data() {
    QTest::addColumn<QString>("exposed");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << ""
                          << "instance=127.0.0.1:9100,job=node";
    QTest::newRow("others kept") << "cpu=0,mode=idle"
                                 << "cpu=0,instance=127.0.0.1:9100,job=node,mode=idle";
    QTest::newRow("job clash") << "job=app"
                               << "exported_job=app,instance=127.0.0.1:9100,job=node";
    QTest::newRow("both clash") << "instance=pod-1:80,job=app"
                                << "exported_instance=pod-1:80,exported_job=app,"
                                   "instance=127.0.0.1:9100,job=node";
    QTest::newRow("empty value is no clash") << "job="
                                             << "instance=127.0.0.1:9100,job=node";
    QTest::newRow("exported_ taken")
        << "exported_job=x,job=app"
        << "exported_exported_job=app,exported_job=x,instance=127.0.0.1:9100,job=node";
  }
  void addsTargetLabels() {
    QFETCH(QString, exposed);
    QFETCH(QString, expected);
    std::vector<MetricLabel> labels = parseLabels(exposed);
    addTargetLabels(labels, ScrapeTargetLabels{"node", "127.0.0.1:9100"});
    QCOMPARE(labelsText(labels), expected);
  }

  void composesTheSyntheticSeries() {
    const ScrapeTargetLabels target{"node", "127.0.0.1:9100"};
    ScrapeSeriesCache cache;
    const std::string body =
        "# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 2\n# TYPE b counter\nb_total 5\n";
    ScrapeParse parse = parseScrapeBody(body, "text/plain");
    ScrapeComposition first = composeScrapeSubmission(&parse, target, cache, 1000, 0.25, 77);
    QCOMPARE(first.submission.defaultTimeMs, std::int64_t(1000));
    QCOMPARE(first.submission.bytes, std::uint64_t(77));
    std::string labels;
    auto values = reportValues(first.submission, &labels);
    QCOMPARE(labels, std::string("{instance=\"127.0.0.1:9100\",job=\"node\"}"));
    QCOMPARE(values["up"], 1.0);
    QCOMPARE(values["scrape_duration_seconds"], 0.25);
    QCOMPARE(values["scrape_samples_scraped"], 3.0);
    QCOMPARE(values["scrape_samples_post_metric_relabeling"], 3.0);
    QCOMPARE(values["scrape_series_added"], 3.0);
    // The report's families follow the parser's: indexes 2…6, declared once.
    const MetricBatch& report = first.submission.batches.back();
    QCOMPARE(report.newFamilies.size(), std::size_t(5));
    QCOMPARE(report.samples.front().family, std::uint32_t(2));
    QCOMPARE(report.samples.back().family, std::uint32_t(6));

    // One series more, one the same, one gone: one added.
    parse = parseScrapeBody("a{x=\"1\"} 1\na{x=\"3\"} 2\n", "text/plain");
    values = reportValues(composeScrapeSubmission(&parse, target, cache, 2000, 0.1, 1).submission);
    QCOMPARE(values["scrape_series_added"], 1.0);

    // A failed scrape: the synthetic series alone, up = 0.
    ScrapeComposition failed = composeScrapeSubmission(nullptr, target, cache, 3000, 0.5, 0);
    QCOMPARE(failed.submission.batches.size(), std::size_t(1));
    values = reportValues(failed.submission);
    QCOMPARE(values.size(), std::size_t(5));
    QCOMPARE(values["up"], 0.0);
    QCOMPARE(values["scrape_duration_seconds"], 0.5);
    QCOMPARE(values["scrape_samples_scraped"], 0.0);
    QCOMPARE(failed.report.up, false);

    // A target exposing `up` itself keeps its own: no second family of that name.
    parse = parseScrapeBody("# TYPE up gauge\nup{job=\"other\"} 1\n", "text/plain");
    ScrapeComposition own = composeScrapeSubmission(&parse, target, cache, 4000, 0.1, 1);
    int upFamilies = 0;
    for (const MetricBatch& batch : own.submission.batches) {
      for (const MetricFamilyRecord& family : batch.newFamilies)
        upFamilies += family.name == "up";
    }
    QCOMPARE(upFamilies, 1);
    QCOMPARE(own.submission.batches.back().samples.size(), std::size_t(4));
    QCOMPARE(own.submission.batches.back().samples.front().family, std::uint32_t(1));
  }

  // Three scrapes of node_exporter's real answer every 200 ms: Prometheus' request headers,
  // the file import's samples plus job/instance, the synthetic series, the timetable.
  void scrapesOnSchedule() {
    PullTestServer server;
    const CapturedAnswer answer = loadCapturedAnswer("node-exporter-scrape");
    server.serve("/metrics", answer);
    FakeWriter writer;
    PrometheusScrapeOptions options;
    options.url = server.url("/metrics");
    options.interval = 200ms;
    options.job = "node";
    options.userAgent = "Sightline/test";
    PrometheusScraper scraper(writer.submit(), options);
    const auto before = std::chrono::system_clock::now();
    QVERIFY(scraper.start());
    QVERIFY(writer.waitFor(3));
    const auto stopping = std::chrono::steady_clock::now();
    scraper.stop();
    QVERIFY(seconds(std::chrono::steady_clock::now() - stopping) < 0.1);

    const auto requests = server.requests();
    QVERIFY(requests.size() >= 3 && requests.size() <= 4);
    for (const RecordedRequest& request : requests) {
      QCOMPARE(request.path, std::string("/metrics"));
      const auto header = [&request](const char* name) {
        const auto found = request.headers.find(name);
        return found == request.headers.end() ? std::string("(none)") : found->second;
      };
      QCOMPARE(header("Accept"),
               std::string("application/openmetrics-text;version=1.0.0,application/"
                           "openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,"
                           "*/*;q=0.1"));
      QCOMPARE(header("Accept-Encoding"), std::string("gzip"));
      QCOMPARE(header("User-Agent"), std::string("Sightline/test"));
      // The timeout is cut to the interval.
      QCOMPARE(header("X-Prometheus-Scrape-Timeout-Seconds"), std::string("0.2"));
    }
    for (std::size_t i = 1; i < 3; ++i) {
      const double gap = seconds(requests[i].arrived - requests[i - 1].arrived);
      QVERIFY2(gap > 0.15 && gap < 0.35, std::to_string(gap).c_str());
    }

    const auto submissions = writer.taken();
    const std::string body = inflate(answer);
    const auto expected =
        rows(fileReaderBatches(body, {{"instance", scraper.instance()}, {"job", "node"}}));
    QCOMPARE(scraper.instance(), "127.0.0.1:" + std::to_string(server.port()));
    std::uint64_t points = 0;
    for (std::size_t i = 0; i < submissions.size(); ++i) {
      const LiveMetricSubmission& submission = submissions[i];
      QCOMPARE(rows(submission.batches), expected);
      QCOMPARE(submission.bytes, std::uint64_t(body.size()));
      QVERIFY(submission.defaultTimeMs >= unixMs(before));
      const auto values = reportValues(submission);
      QCOMPARE(values.at("up"), 1.0);
      QVERIFY(values.at("scrape_duration_seconds") > 0 &&
              values.at("scrape_duration_seconds") < 0.2);
      const double exposed = static_cast<double>(sampleCount(submission) - 5);
      QCOMPARE(values.at("scrape_samples_scraped"), exposed);
      QCOMPARE(values.at("scrape_samples_post_metric_relabeling"), exposed);
      QCOMPARE(values.at("scrape_series_added"), i == 0 ? exposed : 0.0);
      points += sampleCount(submission);
    }
    const PullHealth health = scraper.health();
    QCOMPARE(health.state, PullState::Up);
    QCOMPARE(health.target, options.url);
    QCOMPARE(health.lastError, std::string());
    QCOMPARE(health.attempts, std::uint64_t(submissions.size()));
    QCOMPARE(health.consecutiveFailures, std::uint64_t(0));
    QCOMPARE(health.stored, points);
    QVERIFY(health.lastAttemptUnixMs >= unixMs(before));
  }

  // An OpenMetrics answer (gzip) parsed as OpenMetrics: float-second timestamps, # EOF.
  void scrapesOpenMetrics() {
    PullTestServer server;
    const CapturedAnswer answer = loadCapturedAnswer("go-client-scrape");
    QVERIFY(answer.contentType.starts_with("application/openmetrics-text"));
    server.serve("/metrics", answer);
    FakeWriter writer;
    PrometheusScrapeOptions options;
    options.url = server.url("/metrics");
    PrometheusScraper scraper(writer.submit(), options);
    QVERIFY(scraper.start());
    QVERIFY(writer.waitFor(1));
    scraper.stop();
    QCOMPARE(scraper.job(), std::string("sightline"));
    const auto expected = rows(fileReaderBatches(
        inflate(answer), {{"instance", scraper.instance()}, {"job", "sightline"}}));
    QCOMPARE(rows(writer.taken().at(0).batches), expected);
    QCOMPARE(reportValues(writer.taken().at(0)).at("up"), 1.0);
  }

  // Nothing listens: up = 0 with the duration, health down with the reason, every time.
  void stoppedTargetIsDown() {
    FakeWriter writer;
    PrometheusScrapeOptions options;
    options.url = "http://127.0.0.1:" + std::to_string(closedPort()) + "/metrics";
    options.interval = 100ms;
    PrometheusScraper scraper(writer.submit(), options);
    QVERIFY(scraper.start());
    QVERIFY(writer.waitFor(2));
    scraper.stop();
    const auto submissions = writer.taken();
    for (const LiveMetricSubmission& submission : submissions) {
      QCOMPARE(submission.batches.size(), std::size_t(1));
      const auto values = reportValues(submission);
      QCOMPARE(values.at("up"), 0.0);
      QVERIFY(values.at("scrape_duration_seconds") >= 0);
      QCOMPARE(values.at("scrape_samples_scraped"), 0.0);
    }
    const PullHealth health = scraper.health();
    QCOMPARE(health.state, PullState::Down);
    QVERIFY2(health.lastError.find("cannot connect to 127.0.0.1:") == 0, health.lastError.c_str());
    QCOMPARE(health.consecutiveFailures, std::uint64_t(submissions.size()));
    QCOMPARE(health.failures, health.attempts);
    QCOMPARE(health.stored, std::uint64_t(5 * submissions.size()));  // the synthetic series
  }

  void httpErrorAndBadBodyAreDown_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("500") << 500 << "boom"
                         << "server returned HTTP status 500 Internal Server Error";
    QTest::newRow("404") << 404 << ""
                         << "server returned HTTP status 404 Not Found";
    QTest::newRow("not metrics") << 200 << "<html>hello</html>\n"
                                 << "bad answer: line 1: ";
  }
  void httpErrorAndBadBodyAreDown() {
    QFETCH(int, status);
    QFETCH(QString, body);
    QFETCH(QString, error);
    PullTestServer server;
    CapturedAnswer answer;
    answer.status = status;
    answer.contentType = "text/plain; version=0.0.4";
    answer.body = body.toStdString();
    server.serve("/metrics", answer);
    FakeWriter writer;
    PrometheusScraper scraper(writer.submit(), PrometheusScrapeOptions{server.url("/metrics")});
    QVERIFY(scraper.start());
    QVERIFY(writer.waitFor(1));
    scraper.stop();
    QCOMPARE(reportValues(writer.taken().at(0)).at("up"), 0.0);
    const PullHealth health = scraper.health();
    QCOMPARE(health.state, PullState::Down);
    QVERIFY2(health.lastError.starts_with(error.toStdString()), health.lastError.c_str());
  }

  // A target slower than the timeout: the scrape gives up at the timeout.
  void timeoutIsEnforced() {
    PullTestServer server;
    server.serve("/metrics", loadCapturedAnswer("node-exporter-text"), 3000ms);
    FakeWriter writer;
    PrometheusScrapeOptions options;
    options.url = server.url("/metrics");
    options.timeout = 300ms;
    PrometheusScraper scraper(writer.submit(), options);
    const auto start = std::chrono::steady_clock::now();
    QVERIFY(scraper.start());
    QVERIFY(writer.waitFor(1));
    const double took = seconds(std::chrono::steady_clock::now() - start);
    scraper.stop();
    QVERIFY2(took > 0.28 && took < 0.8, std::to_string(took).c_str());
    const auto values = reportValues(writer.taken().at(0));
    QCOMPARE(values.at("up"), 0.0);
    QVERIFY(values.at("scrape_duration_seconds") >= 0.28);
    QCOMPARE(scraper.health().lastError, std::string("timed out after 0.3 s"));
    QCOMPARE(server.requests().at(0).headers.find("X-Prometheus-Scrape-Timeout-Seconds")->second,
             std::string("0.3"));
  }

  // stop() between scrapes and during one returns at once; the interrupted scrape is not
  // stored nor counted.
  void stopIsPrompt() {
    PullTestServer server;
    server.serve("/metrics", loadCapturedAnswer("node-exporter-text"));
    server.serve("/slow", loadCapturedAnswer("node-exporter-text"), 3000ms);
    {
      FakeWriter writer;
      PrometheusScrapeOptions options{server.url("/metrics")};
      options.interval = 60000ms;
      PrometheusScraper scraper(writer.submit(), options);
      QVERIFY(scraper.start());
      QVERIFY(writer.waitFor(1));
      const auto stopping = std::chrono::steady_clock::now();
      scraper.stop();
      QVERIFY(seconds(std::chrono::steady_clock::now() - stopping) < 0.1);
      scraper.stop();  // again: nothing happens
    }
    FakeWriter writer;
    PrometheusScrapeOptions options{server.url("/slow")};
    options.interval = 20000ms;
    PrometheusScraper scraper(writer.submit(), options);
    QVERIFY(scraper.start());
    for (int i = 0; i < 200 && server.requests().size() < 2; ++i)
      QThread::msleep(5);
    QCOMPARE(server.requests().size(), std::size_t(2));
    const auto stopping = std::chrono::steady_clock::now();
    scraper.stop();
    QVERIFY(seconds(std::chrono::steady_clock::now() - stopping) < 0.5);
    QCOMPARE(writer.taken().size(), std::size_t(0));
    QCOMPARE(scraper.health().state, PullState::Never);
  }

  void refusedByTheWriter() {
    PullTestServer server;
    server.serve("/metrics", loadCapturedAnswer("node-exporter-text"));
    FakeWriter writer;
    writer.refuse = true;
    PrometheusScraper scraper(writer.submit(), PrometheusScrapeOptions{server.url("/metrics")});
    QVERIFY(scraper.start());
    for (int i = 0; i < 400 && scraper.health().storeFailures == 0; ++i)
      QThread::msleep(5);
    scraper.stop();
    const PullHealth health = scraper.health();
    QCOMPARE(health.state, PullState::Up);  // the target is fine
    QCOMPARE(health.storeFailures, std::uint64_t(1));
    QVERIFY(health.lastStoreError.find("behind") != std::string::npos);
    QCOMPARE(health.stored, std::uint64_t(0));
  }

  void badUrlIsRefused_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("error");
    QTest::newRow("no scheme") << "127.0.0.1:9100/metrics"
                               << "not an http:// or https:// URL";
    QTest::newRow("ftp") << "ftp://127.0.0.1/metrics"
                         << "only http and https";
    QTest::newRow("port") << "http://127.0.0.1:99999/metrics"
                          << "bad port '99999'";
    QTest::newRow("host") << "http:///metrics"
                          << "no host";
  }
  void badUrlIsRefused() {
    QFETCH(QString, url);
    QFETCH(QString, error);
    FakeWriter writer;
    PrometheusScraper scraper(writer.submit(), PrometheusScrapeOptions{url.toStdString()});
    const Status started = scraper.start();
    QVERIFY(!started);
    QVERIFY2(started.message().find(error.toStdString()) != std::string::npos,
             started.message().c_str());
    QCOMPARE(scraper.health().state, PullState::Never);
  }

  void parsesUrls_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("hostPort");
    QTest::addColumn<QString>("path");
    QTest::newRow("plain") << "http://127.0.0.1:9100/metrics"
                           << "127.0.0.1:9100"
                           << "/metrics";
    QTest::newRow("default port") << "http://localhost/metrics"
                                  << "localhost:80"
                                  << "/metrics";
    QTest::newRow("https") << "HTTPS://example.test"
                           << "example.test:443"
                           << "/";
    QTest::newRow("ipv6") << "http://[::1]:9090/debug/pprof/?x=1#top"
                          << "[::1]:9090"
                          << "/debug/pprof/?x=1";
    QTest::newRow("query only") << "http://h:1?a=b"
                                << "h:1"
                                << "/?a=b";
  }
  void parsesUrls() {
    QFETCH(QString, url);
    QFETCH(QString, hostPort);
    QFETCH(QString, path);
    const auto parsed = parsePullUrl(url.toStdString());
    QVERIFY(parsed);
    QCOMPARE(QString::fromStdString(parsed->hostPort()), hostPort);
    QCOMPARE(QString::fromStdString(parsed->path), path);
  }
};

QTEST_GUILESS_MAIN(TestPrometheusScraper)
#include "tst_prometheus_scraper.moc"
