#include "ui/metrics/metric_page.h"

#include <algorithm>
#include <cstring>

#include <QButtonGroup>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>

#include "model/text/timestamp_text.h"
#include "ui/metrics/metric_bucket_chart.h"
#include "ui/metrics/metric_chart_view.h"
#include "ui/metrics/metric_compare_model.h"
#include "ui/metrics/metric_family_tree_model.h"
#include "ui/metrics/metric_label_chips.h"
#include "ui/metrics/metric_red_chart.h"
#include "ui/metrics/metric_red_model.h"
#include "ui/metrics/metric_series_table_model.h"
#include "ui/widgets/qcustomplot_include.h"

namespace sightline {

MetricPage::MetricPage(QWidget* parent)
    : QWidget(parent),
      m_loader(new MetricLoader(this)),
      m_tabs(new QTabWidget),
      m_familyModel(new MetricFamilyTreeModel(this)),
      m_familyProxy(new QSortFilterProxyModel(this)),
      m_familyTree(new QTreeView),
      m_familySearch(new QLineEdit),
      m_familyHeader(new QLabel),
      m_chips(new MetricLabelChips),
      m_seriesModel(new MetricSeriesTableModel(this)),
      m_modeButtons(new QButtonGroup(this)),
      m_chart(new MetricChartView),
      m_bucketSnapshotBox(new QComboBox),
      m_bucketChart(new MetricBucketChart),
      m_redModel(new MetricRedModel(this)),
      m_redChart(new MetricRedChart),
      m_redMessage(new QLabel),
      m_compareModel(new MetricCompareModel(this)),
      m_baselineBox(new QComboBox),
      m_currentBox(new QComboBox),
      m_compareSearch(new QLineEdit),
      m_compareMessage(new QLabel) {
  buildLayout();
  connectSignals();
  updateFamilyHeader();
}

MetricPage::~MetricPage() = default;

void MetricPage::connectSignals() {
  connect(m_loader, &MetricLoader::familiesListed, this, &MetricPage::onFamiliesListed);
  connect(m_loader, &MetricLoader::familyLoaded, this, &MetricPage::onFamilyLoaded);
  connect(m_loader, &MetricLoader::redLoaded, this, &MetricPage::onRedLoaded);
  connect(m_loader, &MetricLoader::compared, this, &MetricPage::onCompared);
  connect(m_loader, &MetricLoader::failed, this, &MetricPage::loadFailed);

  connect(m_familySearch, &QLineEdit::textChanged, this, [this](const QString& text) {
    m_familyProxy->setFilterFixedString(text.trimmed());
    if (!text.trimmed().isEmpty())
      m_familyTree->expandAll();
  });
  connect(m_familyTree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            const qlonglong id = current.data(MetricFamilyTreeModel::FamilyIdRole).toLongLong();
            if (id != 0 && id != m_currentId)
              openFamily(id);
          });
  connect(m_chips, &MetricLabelChips::matchersChanged, this,
          [this](const std::vector<LabelMatcher>& matchers) {
            m_seriesModel->setMatchers(matchers);
            updateChart();
            updateBucketChart();
          });
  connect(m_seriesTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    updateChart();
    updateBucketChart();
  });
  connect(m_seriesTable, &QTableView::customContextMenuRequested, this,
          &MetricPage::showSeriesContextMenu);
  connect(m_modeButtons, &QButtonGroup::idClicked, this,
          [this](int id) { setChartMode(static_cast<ChartMode>(id)); });
  connect(m_bucketSnapshotBox, &QComboBox::activated, this, &MetricPage::setBucketSnapshot);

  connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
    if (m_tabs->currentWidget() == m_compareTab && m_compareModel->rowCount() == 0)
      requestComparison();
  });
  connect(m_baselineBox, &QComboBox::activated, this, [this] { requestComparison(); });
  connect(m_currentBox, &QComboBox::activated, this, [this] { requestComparison(); });
  connect(m_compareSearch, &QLineEdit::textChanged, m_compareProxy,
          [this](const QString& text) { m_compareProxy->setFilterFixedString(text.trimmed()); });
}

bool MetricPage::isBusy() const {
  return m_loader->isBusy();
}

int MetricPage::familyCount() const {
  return static_cast<int>(m_families.size());
}

void MetricPage::setWorkspacePath(const QString& path) {
  m_path = path;
  m_loader->setWorkspacePath(path);
  m_families.clear();
  m_snapshots.clear();
  m_familyModel->setFamilies({});
  m_currentId = 0;
  clearFamily();
  m_redModel->setServices({});
  m_redChart->setServices({});
  m_compareModel->setChanges({});
  fillSnapshotBoxes();
  refresh();
}

void MetricPage::refresh() {
  if (m_path.isEmpty())
    return;
  // An import may have added snapshots: the comparison table is read again when needed.
  m_compareTable.reset();
  m_loader->listFamilies();
}

std::int64_t MetricPage::showcaseFamily(const std::vector<MetricFamilySummary>& families,
                                        MetricType preferred) {
  // Request counters and latency histograms are what people look at first.
  const MetricFamilySummary* best = nullptr;
  int bestScore = -1;
  for (const MetricFamilySummary& family : families) {
    int score = 0;
    if (family.type == preferred)
      score += 4;
    if (family.name.find("request") != std::string::npos)
      score += 2;
    if (family.name.ends_with("_total") || family.name.find("duration") != std::string::npos)
      score += 1;
    if (score > bestScore || (score == bestScore && family.series > best->series)) {
      best = &family;
      bestScore = score;
    }
  }
  return best ? best->id : 0;
}

void MetricPage::onFamiliesListed(const MetricLoader::Catalog& catalog) {
  m_families = catalog.families;
  m_snapshots = catalog.snapshots;
  {
    const QSignalBlocker blocker(m_familyTree->selectionModel());
    m_familyModel->setFamilies(catalog.families);
  }
  fillSnapshotBoxes();
  if (m_families.empty()) {
    m_currentId = 0;
    clearFamily();
  } else if (!m_familyModel->family(m_currentId)) {
    openFamily(showcaseFamily(m_families));
  } else {
    // The same family again: its series may have new snapshots.
    openFamily(m_currentId);
  }
  m_loader->loadRed(m_families);
  if (m_tabs->currentWidget() == m_compareTab || m_comparisonWanted)
    requestComparison();
  emit familiesListed(familyCount());
}

void MetricPage::openFamily(std::int64_t id) {
  if (!m_familyModel->family(id))
    return;
  const bool sameFamily = id == m_currentId;
  m_currentId = id;
  {
    // Keep the tree's current row on the family without reopening it.
    const QModelIndex index = m_familyProxy->mapFromSource(m_familyModel->indexOfFamily(id));
    const QSignalBlocker blocker(m_familyTree->selectionModel());
    m_familyTree->expand(index.parent());
    m_familyTree->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_familyTree->scrollTo(index);
  }
  if (!sameFamily)
    m_chips->clear();
  m_loader->loadFamily(id);
  updateFamilyHeader();
}

bool MetricPage::openFamily(const QString& name) {
  for (const MetricFamilySummary& family : m_families) {
    if (QString::fromStdString(family.name) == name) {
      openFamily(family.id);
      return true;
    }
  }
  return false;
}

bool MetricPage::showSeries(const QString& series, std::int64_t fromMs, std::int64_t toMs) {
  Status status;
  const auto selector = parseSeriesSelector(series.toStdString(), &status);
  if (!selector)
    return false;
  // A histogram's or summary's samples (x_bucket, x_count…) belong to family x.
  const MetricFamilySummary* family = nullptr;
  for (const char* suffix : {"", "_bucket", "_count", "_sum", "_total", "_created", "_info"}) {
    const std::string& name = selector->metricName;
    if (!name.ends_with(suffix))
      continue;
    const std::string base = name.substr(0, name.size() - std::strlen(suffix));
    for (const MetricFamilySummary& candidate : m_families) {
      if (candidate.name == base)
        family = &candidate;
    }
    if (family)
      break;
  }
  if (!family)
    return false;
  const std::int64_t id = family->id;
  m_tabs->setCurrentWidget(m_browserTab);
  openFamily(id);
  m_seriesTable->clearSelection();
  m_chips->clear();
  QStringList chips;
  for (const LabelMatcher& matcher : selector->matchers) {
    if (matcher.name != "le" && matcher.name != "quantile" && matcher.name != "__name__")
      chips << chipText(matcher);
  }
  if (!chips.isEmpty())
    m_chips->addChips(chips.join(QStringLiteral(", ")));
  disconnect(m_seriesRange);
  m_seriesRange = connect(this, &MetricPage::familyShown, this, [this, id, fromMs, toMs] {
    disconnect(m_seriesRange);
    if (m_currentId != id)
      return;
    m_chart->plot()->xAxis->setRange(static_cast<double>(fromMs) / 1000.0,
                                     static_cast<double>(toMs) / 1000.0);
    replotIfSized(m_chart->plot());
  });
  return true;
}

void MetricPage::onFamilyLoaded(const std::shared_ptr<const MetricFamilyData>& data) {
  if (data->family.id != m_currentId)
    return;
  if (!data->error.isEmpty()) {
    clearFamily();
    m_familyHeader->setText(data->error.toHtmlEscaped());
    return;
  }
  const bool newFamily = !m_data || m_data->family.id != data->family.id;
  m_data = data;
  {
    const QSignalBlocker blocker(m_seriesTable->selectionModel());
    m_seriesModel->setSeries(data->series, data->family.name, data->family.unit);
    m_seriesModel->setMatchers(m_chips->matchers());
  }
  const std::vector<ChartMode> modes = chartModesFor(data->family.type, data->family.name);
  if (newFamily || std::find(modes.begin(), modes.end(), m_mode) == modes.end())
    m_mode = modes.front();
  m_modes = modes;
  rebuildModeButtons();
  {
    const QSignalBlocker blocker(m_bucketSnapshotBox);
    const int previous = newFamily ? -1 : m_bucketSnapshotBox->currentIndex();
    m_bucketSnapshotBox->clear();
    for (std::int64_t timeMs : data->table.snapshotTimesMs)
      m_bucketSnapshotBox->addItem(formatLocalTimestampMs(timeMs));
    const int last = m_bucketSnapshotBox->count() - 1;
    m_bucketSnapshotBox->setCurrentIndex(previous >= 0 && previous <= last ? previous : last);
  }
  const bool histogram =
      data->family.type == MetricType::Histogram || data->family.type == MetricType::GaugeHistogram;
  m_bucketPane->setVisible(histogram);
  updateFamilyHeader();
  updateChart();
  updateBucketChart();
  emit familyShown();
}

void MetricPage::clearFamily() {
  m_data.reset();
  m_modes.clear();
  m_seriesModel->setSeries({});
  rebuildModeButtons();
  m_chart->setChart({});
  m_bucketChart->setBuckets({}, {});
  m_bucketPane->hide();
  m_bucketSnapshotBox->clear();
  updateFamilyHeader();
}

void MetricPage::updateFamilyHeader() {
  const MetricFamilySummary* family = m_familyModel->family(m_currentId);
  if (!family) {
    m_familyHeader->setText(
        m_path.isEmpty() || !m_families.empty()
            ? tr("No metric family open.")
            : tr("No metrics in this workspace: import Prometheus exposition files (File › "
                 "Import…) or drop them on the window. Several files (or a folder) make a time "
                 "series."));
    return;
  }
  QString text = QStringLiteral("<b>%1</b> &nbsp;<span style='color:#555'>%2</span>")
                     .arg(QString::fromStdString(family->name).toHtmlEscaped(),
                          QString::fromLatin1(metricTypeName(family->type)));
  if (!family->unit.empty())
    text += QStringLiteral(" · %1").arg(QString::fromStdString(family->unit).toHtmlEscaped());
  text += QStringLiteral(" · ") + tr("%n series", nullptr, static_cast<int>(family->series)) +
          QStringLiteral(" · ") + tr("%n snapshot(s)", nullptr, snapshotCount());
  if (!family->help.empty()) {
    text += QStringLiteral("<br><span style='color:#555'>%1</span>")
                .arg(QString::fromStdString(family->help).toHtmlEscaped());
  }
  m_familyHeader->setText(text);
}

void MetricPage::fillSnapshotBoxes() {
  for (QComboBox* box : {m_baselineBox, m_currentBox}) {
    const QSignalBlocker blocker(box);
    box->clear();
    for (std::size_t i = 0; i < m_snapshots.size(); ++i) {
      box->addItem(tr("#%1 · %2").arg(i + 1).arg(formatLocalTimestampMs(m_snapshots[i].timeMs)));
    }
    // The first snapshot against the last: the whole span the workspace covers.
    box->setCurrentIndex(box == m_baselineBox ? 0 : box->count() - 1);
  }
}

}  // namespace sightline
