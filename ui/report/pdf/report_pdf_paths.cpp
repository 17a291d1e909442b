#include <memory>

#include "ui/report/pdf/report_pdf_painters.h"
#include "ui/report/pdf/report_pdf_parts.h"
#include "ui/report/report_path_bars.h"

namespace sightline::report_pdf {

void writeCriticalPaths(PdfDocumentBuilder& pdf, const ReportContent& content) {
  pdf.heading(QStringLiteral("Critical path per endpoint"), 2);
  auto chart = std::make_shared<PathBarChart>(pathBarChart(content));
  if (chart->groups.empty()) {
    pdf.paragraph(QStringLiteral("No traces."), kMuted);
    return;
  }
  pdf.paragraph(
      QStringLiteral("Each bar is the mean request of an endpoint, split into the time "
                     "each service owns on the trace's critical path (the chain of "
                     "spans the request's end waited for; parallel work off it is not "
                     "counted). Bars of one endpoint share a scale."));
  pdf.figure(pathLegendSize(*chart, pdf.width()), [chart](QPainter& painter, const QRectF& rect) {
    paintPathLegend(painter, rect, *chart);
  });
  for (std::size_t i = 0; i < chart->groups.size(); ++i) {
    const PathBarGroup& group = chart->groups[i];
    pdf.heading(group.endpoint + QStringLiteral(" — ") + pathBarSummary(group), 4);
    pdf.figure(pathBarsSize(group, pdf.width()), [chart, i](QPainter& painter, const QRectF& rect) {
      paintPathBars(painter, rect, chart->groups[i]);
    });
  }
  if (chart->omittedEndpoints > 0) {
    pdf.paragraph(QStringLiteral("%1 more endpoints with fewer traces are not drawn.")
                      .arg(chart->omittedEndpoints),
                  kMuted);
  }
}

}  // namespace sightline::report_pdf
