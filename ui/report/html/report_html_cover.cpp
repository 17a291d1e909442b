#include <QFileInfo>
#include <QLocale>
#include <QStringList>

#include "model/text/byte_size_text.h"
#include "model/text/timestamp_text.h"
#include "ui/report/html/report_html_parts.h"
#include "ui/report/report_rows.h"
#include "ui/report/report_text.h"

namespace sightline::report_html {

namespace {

// Sources listed unfolded; a longer list is folded under a summary.
constexpr std::size_t kUnfoldedSources = 12;

// "45 files: 2 with traces (12,806 spans), 10 profiles, 20 metric snapshots, 13 other".
QString sourcesSummary(const std::vector<ReportSource>& sources) {
  std::size_t traces = 0, profiles = 0, snapshots = 0, debt = 0, other = 0;
  std::uint64_t spans = 0;
  for (const ReportSource& source : sources) {
    if (source.spans > 0) {
      ++traces;
      spans += source.spans;
    } else if (source.profiles > 0) {
      ++profiles;
    } else if (source.snapshots > 0) {
      ++snapshots;
    } else if (source.debtRecords > 0) {
      ++debt;
    } else {
      ++other;
    }
  }
  QStringList parts;
  if (traces > 0) {
    parts << QStringLiteral("%1 with traces (%2 spans)")
                 .arg(traces)
                 .arg(QLocale::c().toString(static_cast<qulonglong>(spans)));
  }
  if (profiles > 0)
    parts << QStringLiteral("%1 profile files").arg(profiles);
  if (snapshots > 0)
    parts << QStringLiteral("%1 metric snapshots").arg(snapshots);
  if (debt > 0)
    parts << QStringLiteral("%1 code-quality inputs").arg(debt);
  if (other > 0)
    parts << QStringLiteral("%1 other").arg(other);
  return QStringLiteral("%1 files: ").arg(sources.size()) + parts.join(QStringLiteral(", ")) +
         QStringLiteral(" (unfold for names, sizes and SHA-256)");
}

void writeSources(HtmlWriter& html, const std::vector<ReportSource>& sources) {
  html.element("h3", QStringLiteral("Sources (%1)").arg(sources.size()));
  // A long list folds: its summary says what kinds of files there are.
  const bool folded = sources.size() > kUnfoldedSources;
  if (folded) {
    html.start("details");
    html.element("summary", sourcesSummary(sources));
  }
  html.start("table", {{"class", QStringLiteral("sources")}});
  html.start("thead");
  html.start("tr");
  html.element("th", QStringLiteral("#"), {{"class", QStringLiteral("num")}});
  html.element("th", QStringLiteral("File"));
  html.element("th", QStringLiteral("Format"));
  html.element("th", QStringLiteral("Size"), {{"class", QStringLiteral("num")}});
  html.element("th", QStringLiteral("Contents"));
  html.element("th", QStringLiteral("SHA-256"));
  html.end();
  html.end();
  html.start("tbody");
  for (const ReportSource& source : sources) {
    const QString path = reportText(source.path, 2000);
    html.start("tr");
    html.element("td", QString::number(source.id), {{"class", QStringLiteral("num")}});
    html.start("td", {{"class", QStringLiteral("name")}, {"title", path}});
    html.text(reportText(QFileInfo(QString::fromStdString(source.path)).fileName()));
    if (source.status != "ok")
      html.element("div", reportText(source.status), {{"class", QStringLiteral("worse")}});
    html.end();
    html.element("td", reportText(source.kind));
    html.element("td", formatFileSize(source.bytes), {{"class", QStringLiteral("num")}});
    html.element("td", sourceContents(source));
    html.element("td", reportText(source.sha256, 80), {{"class", QStringLiteral("id")}});
    html.end();
  }
  html.end();
  html.end();
  if (folded)
    html.end();
}

}  // namespace

void writeCover(HtmlWriter& html, const ReportContent& content,
                const ReportRenderOptions& options) {
  html.start("header", {{"id", QStringLiteral("cover")}});
  html.element(
      "h1", content.title.empty() ? QStringLiteral("Performance review") : dataText(content.title));
  QString meta = options.generator;
  if (options.generatedAtUnixNano > 0)
    meta += QStringLiteral(" · generated ") + formatUtcTimestamp(options.generatedAtUnixNano);
  html.element("p", meta, {{"class", QStringLiteral("meta")}});
  html.start("dl", {{"class", QStringLiteral("numbers")}});
  if (content.hasBaseline) {
    html.element("dt", QStringLiteral("Before (baseline)"));
    html.element("dd", reportText(describeCompareSide(content.baselineSide.side)) +
                           QStringLiteral(": ") + sideWindow(content.baselineSide));
    html.element("dt", QStringLiteral("After (target)"));
    html.element("dd", reportText(describeCompareSide(content.targetSide.side)) +
                           QStringLiteral(": ") + sideWindow(content.targetSide));
  } else {
    html.element("dt", QStringLiteral("Time window"));
    html.element("dd", sideWindow(content.targetSide));
  }
  html.end();
  writeSources(html, content.sources);
  html.end();
}

}  // namespace sightline::report_html
