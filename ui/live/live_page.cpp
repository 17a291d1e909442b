#include "ui/live/live_page.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "importers/live/live_api_key.h"
#include "importers/live/otlp_http_receiver.h"
#include "importers/live/pull_spec.h"
#include "model/store/workspace.h"
#include "model/store/workspace_setting.h"
#include "ui/live/live_snippets.h"

namespace sightline {

namespace {

constexpr int kDefaultHttpPort = 4318;
constexpr int kDefaultGrpcPort = 4317;
enum TargetColumn { KindColumn, UrlColumn, EveryColumn, StateColumn, StoredColumn, ErrorColumn };
// The spec a row was added with, kept on its URL cell.
constexpr int kSpecRole = Qt::UserRole + 1;
constexpr int kKindRole = Qt::UserRole + 2;
const char* const kApiKeySetting = "live.api_key";
const char* const kRequireKeySetting = "live.require_api_key";
// The pull targets, one per line: "scrape" or "pprof", a tab, the spec as entered.
const char* const kTargetsSetting = "live.pull_targets";

QPlainTextEdit* snippetView() {
  auto* view = new QPlainTextEdit;
  view->setReadOnly(true);
  view->setLineWrapMode(QPlainTextEdit::NoWrap);
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  view->setFont(mono);
  return view;
}

QWidget* withCopyButton(QPlainTextEdit* view, QWidget* parent) {
  auto* box = new QWidget(parent);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view);
  auto* copy = new QPushButton(QObject::tr("Copy"), box);
  QObject::connect(copy, &QPushButton::clicked, view,
                   [view] { QApplication::clipboard()->setText(view->toPlainText()); });
  auto* row = new QHBoxLayout;
  row->addStretch();
  row->addWidget(copy);
  layout->addLayout(row);
  return box;
}

QString rateText(double perSecond) {
  return QLocale().toString(perSecond, 'f', perSecond < 10 ? 1 : 0);
}

}  // namespace

LivePage::LivePage(QWidget* parent) : QWidget(parent) {
  buildUi();
  m_sampleTimer = new QTimer(this);
  m_sampleTimer->setInterval(1000);
  connect(m_sampleTimer, &QTimer::timeout, this, &LivePage::sample);
  m_clock.start();
  setStartable(false);
}

LivePage::~LivePage() {
  // The session's threads must end before the widgets they are reported to.
  m_session.reset();
}

void LivePage::buildUi() {
  auto* receivers = new QGroupBox(tr("Receivers"), this);
  auto* form = new QFormLayout(receivers);
  m_httpEnabled = new QCheckBox(tr("OTLP/HTTP"), receivers);
  m_httpEnabled->setChecked(true);
  m_httpAddress = new QLineEdit(QStringLiteral("127.0.0.1:%1").arg(kDefaultHttpPort), receivers);
  m_httpAddress->setToolTip(
      tr("host:port; port 0 picks a free port. POST /v1/traces and "
         "/v1/metrics, protobuf or JSON, gzip."));
  form->addRow(m_httpEnabled, m_httpAddress);
  m_grpcEnabled = new QCheckBox(tr("OTLP/gRPC"), receivers);
  m_grpcEnabled->setChecked(true);
  m_grpcAddress = new QLineEdit(QStringLiteral("127.0.0.1:%1").arg(kDefaultGrpcPort), receivers);
  m_grpcAddress->setToolTip(
      tr("host:port; port 0 picks a free port. The trace and metrics "
         "services' Export, gzip."));
  form->addRow(m_grpcEnabled, m_grpcAddress);

  m_allowRemote = new QCheckBox(tr("Allow other machines to connect"), receivers);
  m_remoteWarning = new QLabel(receivers);
  m_remoteWarning->setStyleSheet(QStringLiteral("color: #b00020;"));
  m_remoteWarning->setWordWrap(true);
  m_remoteWarning->hide();
  form->addRow(m_allowRemote);
  form->addRow(m_remoteWarning);

  auto* keyRow = new QHBoxLayout;
  m_requireKey = new QCheckBox(tr("Require API key"), receivers);
  m_apiKey = new QLineEdit(receivers);
  m_apiKey->setReadOnly(true);
  m_apiKey->setToolTip(
      tr("Senders pass it as 'Authorization: Bearer KEY' or 'x-api-key: KEY'. "
         "Kept in the workspace."));
  m_newKey = new QPushButton(tr("New key"), receivers);
  keyRow->addWidget(m_apiKey, 1);
  keyRow->addWidget(m_newKey);
  form->addRow(m_requireKey, keyRow);

  m_cors = new QLineEdit(receivers);
  m_cors->setPlaceholderText(tr("off (browser apps: list allowed origins, comma-separated)"));
  form->addRow(tr("CORS origins"), m_cors);

  auto* pullers = new QGroupBox(tr("Pull from running services"), this);
  auto* pullLayout = new QVBoxLayout(pullers);
  m_targets = new QTableWidget(0, 6, pullers);
  m_targets->setHorizontalHeaderLabels(
      {tr("Kind"), tr("URL"), tr("Every"), tr("Status"), tr("Stored"), tr("Last error")});
  m_targets->horizontalHeader()->setStretchLastSection(true);
  m_targets->setColumnWidth(UrlColumn, 300);
  m_targets->setColumnWidth(StoredColumn, 130);
  m_targets->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_targets->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_targets->verticalHeader()->hide();
  m_targets->setMinimumHeight(110);
  pullLayout->addWidget(m_targets);
  auto* pullButtons = new QHBoxLayout;
  m_addScrape = new QPushButton(tr("Add Prometheus target…"), pullers);
  m_addPprof = new QPushButton(tr("Add pprof source…"), pullers);
  m_removeTarget = new QPushButton(tr("Remove"), pullers);
  pullButtons->addWidget(m_addScrape);
  pullButtons->addWidget(m_addPprof);
  pullButtons->addWidget(m_removeTarget);
  pullButtons->addStretch();
  pullLayout->addLayout(pullButtons);
  connect(m_addScrape, &QPushButton::clicked, this,
          [this] { askForTarget(LiveTargetHealth::Kind::Scrape); });
  connect(m_addPprof, &QPushButton::clicked, this,
          [this] { askForTarget(LiveTargetHealth::Kind::Pprof); });
  connect(m_removeTarget, &QPushButton::clicked, this,
          [this] { removeTarget(m_targets->currentRow()); });

  auto* controls = new QHBoxLayout;
  m_start = new QPushButton(tr("Start"), this);
  m_state = new QLabel(tr("Stopped"), this);
  m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
  controls->addWidget(m_start);
  controls->addWidget(m_state, 1);

  m_counters = new QLabel(this);
  m_counters->setTextFormat(Qt::RichText);

  auto* snippets = new QTabWidget(this);
  m_collectorSnippet = snippetView();
  m_sdkSnippet = snippetView();
  snippets->addTab(withCopyButton(m_collectorSnippet, snippets), tr("OpenTelemetry Collector"));
  snippets->addTab(withCopyButton(m_sdkSnippet, snippets), tr("SDK environment"));

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(receivers);
  layout->addWidget(pullers);
  layout->addLayout(controls);
  layout->addWidget(m_counters);
  layout->addWidget(new QLabel(tr("Point your apps at Sightline:"), this));
  layout->addWidget(snippets, 1);

  connect(m_start, &QPushButton::clicked, this, &LivePage::toggle);
  connect(m_allowRemote, &QCheckBox::toggled, this, &LivePage::updateWarnings);
  connect(m_httpAddress, &QLineEdit::textChanged, this, &LivePage::updateWarnings);
  connect(m_grpcAddress, &QLineEdit::textChanged, this, &LivePage::updateWarnings);
  connect(m_requireKey, &QCheckBox::toggled, this, [this](bool on) {
    if (on)
      ensureApiKey();
    keepSetting(kRequireKeySetting, on ? "1" : "0");
    updateSnippets();
  });
  connect(m_newKey, &QPushButton::clicked, this, [this] {
    m_apiKey->clear();
    ensureApiKey();
    updateSnippets();
  });
  updateSnippets();
  sample();
}

void LivePage::setWorkspacePath(const QString& path, bool readOnly) {
  stop();
  m_path = path;
  m_readOnly = readOnly;
  m_apiKey->clear();
  m_targets->setRowCount(0);
  bool requireKey = false;
  if (!path.isEmpty()) {
    Status status;
    if (auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status)) {
      restoreTargets(*workspace);
      std::optional<std::string> key, require;
      if (readWorkspaceSetting(*workspace, kApiKeySetting, &key) && key)
        m_apiKey->setText(QString::fromStdString(*key));
      if (readWorkspaceSetting(*workspace, kRequireKeySetting, &require) && require)
        requireKey = *require == "1";
    }
  }
  {
    const QSignalBlocker blocker(m_requireKey);
    m_requireKey->setChecked(requireKey && !m_apiKey->text().isEmpty());
  }
  setStartable(!path.isEmpty() && !readOnly);
  m_state->setText(readOnly ? tr("This workspace is open read-only: nothing can be received.")
                            : tr("Stopped"));
  updateSnippets();
}

void LivePage::ensureApiKey() {
  if (!m_apiKey->text().isEmpty())
    return;
  const std::string key = generateApiKey();
  m_apiKey->setText(QString::fromStdString(key));
  if (const Status status = keepSetting(kApiKeySetting, key); !status)
    m_state->setText(tr("The key could not be kept in the workspace: %1")
                         .arg(QString::fromStdString(status.message())));
}

Status LivePage::keepSetting(const char* key, const std::string& value) {
  if (m_path.isEmpty() || m_readOnly)
    return Status::ok();  // nothing to keep it in
  Status status;
  if (auto workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status))
    status = writeWorkspaceSetting(*workspace, key, value);
  return status;
}

bool LivePage::isRunning() const {
  return m_session && m_session->running();
}

LiveSessionConfig LivePage::configFromUi(QString* error) const {
  LiveSessionConfig config;
  if (m_httpEnabled->isChecked()) {
    LiveListenAddress address;
    if (!parseListenAddress(m_httpAddress->text().trimmed().toStdString(), kDefaultHttpPort,
                            &address)) {
      *error = tr("'%1' is not an address: use host:port").arg(m_httpAddress->text());
      return config;
    }
    config.otlpHttp = address;
  }
  for (int row = 0; row < m_targets->rowCount(); ++row) {
    const QTableWidgetItem* item = m_targets->item(row, UrlColumn);
    const auto spec = parsePullSpec(item->data(kSpecRole).toString().toStdString());
    if (!spec)
      continue;  // checked when the row was added
    if (item->data(kKindRole).toInt() == static_cast<int>(LiveTargetHealth::Kind::Scrape))
      config.addScrape(*spec);
    else
      config.addPprof(*spec);
  }
  if (m_grpcEnabled->isChecked()) {
    LiveListenAddress address;
    if (!parseListenAddress(m_grpcAddress->text().trimmed().toStdString(), kDefaultGrpcPort,
                            &address)) {
      *error = tr("'%1' is not an address: use host:port").arg(m_grpcAddress->text());
      return config;
    }
    config.otlpGrpc = address;
  }
  if (!config.otlpHttp && !config.otlpGrpc && config.scrapes.empty() && config.pprofs.empty())
    *error = tr("Choose at least one receiver or add a target to pull from.");
  config.allowRemote = m_allowRemote->isChecked();
  if (m_requireKey->isChecked())
    config.apiKey = m_apiKey->text().toStdString();
  for (const QString& origin : m_cors->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    if (!origin.trimmed().isEmpty())
      config.corsOrigins.push_back(origin.trimmed().toStdString());
  }
  return config;
}

bool LivePage::start(bool interactive) {
  if (isRunning() || m_path.isEmpty() || m_readOnly)
    return isRunning();
  QString error;
  const LiveSessionConfig config = configFromUi(&error);
  if (!error.isEmpty()) {
    m_state->setText(error);
    return false;
  }
  m_session = std::make_unique<LiveSession>(m_path.toStdString());
  if (Status s = m_session->start(config); !s) {
    m_session.reset();
    const QString message = QString::fromStdString(s.message());
    m_state->setText(tr("Not started: %1").arg(message));
    // A port in use is the common failure: offer one that is free.
    const bool grpcFailed = message.startsWith(QLatin1String("OTLP/gRPC"));
    const std::optional<LiveListenAddress>& failed = grpcFailed ? config.otlpGrpc : config.otlpHttp;
    QLineEdit* failedEdit = grpcFailed ? m_grpcAddress : m_httpAddress;
    if (interactive && failed && message.contains(QLatin1String("in use"))) {
      const int freePort = findFreePort(failed->host);
      if (freePort > 0) {
        QMessageBox box(QMessageBox::Warning, tr("Port in use"), message, QMessageBox::Cancel,
                        this);
        QPushButton* use = box.addButton(tr("Use port %1").arg(freePort), QMessageBox::AcceptRole);
        box.exec();
        if (box.clickedButton() == use) {
          LiveListenAddress address = *failed;
          address.port = freePort;
          failedEdit->setText(QString::fromStdString(formatListenAddress(address)));
          return start(interactive);
        }
      }
    }
    return false;
  }
  m_rates.clear();
  m_emittedTotals = m_session->totals();
  m_lastEmitMs = m_clock.elapsed();
  m_sampleTimer->start();
  m_start->setText(tr("Stop"));
  setSettingsEditable(false);
  QStringList listening;
  if (!m_session->otlpHttpUrl().empty())
    listening << tr("OTLP/HTTP on %1").arg(QString::fromStdString(m_session->otlpHttpUrl()));
  if (!m_session->otlpGrpcAddress().empty())
    listening << tr("OTLP/gRPC on %1").arg(QString::fromStdString(m_session->otlpGrpcAddress()));
  if (m_targets->rowCount() > 0)
    listening << tr("pulling from %n target(s)", nullptr, m_targets->rowCount());
  m_state->setText(tr("Receiving: %1").arg(listening.join(QStringLiteral(", "))));
  updateSnippets();
  sample();
  emit runningChanged(true);
  return true;
}

void LivePage::stop() {
  if (!m_session)
    return;
  m_sampleTimer->stop();
  // Answers the requests in flight once committed, then commits the queue: short (a group
  // commit), so it is done here rather than on a worker the window would have to wait for.
  m_session->stop();
  sample();
  const LiveTotals last = m_session->totals();
  m_session.reset();
  m_start->setText(tr("Start"));
  setSettingsEditable(true);
  m_state->setText(tr("Stopped after %n span(s)", nullptr, static_cast<int>(last.spans)));
  // Whatever arrived since the last refresh is shown now.
  emit dataArrived(last, last.spans != m_emittedTotals.spans, last.points != m_emittedTotals.points,
                   last.profiles != m_emittedTotals.profiles);
  m_emittedTotals = last;
  updateSnippets();
  emit runningChanged(false);
}

void LivePage::toggle() {
  if (isRunning())
    stop();
  else
    start();
}

LiveTotals LivePage::totals() const {
  return m_session ? m_session->totals() : LiveTotals{};
}

void LivePage::sample() {
  const LiveTotals now = totals();
  const qint64 nowMs = m_clock.isValid() ? m_clock.elapsed() : 0;
  if (m_session)
    m_rates.add(nowMs, now);
  const QLocale locale;
  const auto number = [&locale](std::uint64_t n) {
    return locale.toString(static_cast<qulonglong>(n));
  };
  m_counters->setText(
      tr("<b>%1</b> spans/s &nbsp; <b>%2</b> points/s &nbsp; %3 spans (%4 duplicates), %5 "
         "points, %6 profiles stored &nbsp; %7 requests &nbsp; <span style='color:%9'>%8 "
         "rejected</span> &nbsp; <span style='color:%11'>%10 failed pulls</span>")
          .arg(rateText(m_rates.spansPerSecond()), rateText(m_rates.pointsPerSecond()),
               number(now.spans), number(now.duplicateSpans), number(now.points),
               number(now.profiles), number(now.requests), number(now.rejected),
               now.rejected > 0 ? QStringLiteral("#b00020") : QStringLiteral("inherit"))
          .arg(number(now.errors),
               now.errors > 0 ? QStringLiteral("#b00020") : QStringLiteral("inherit")));
  if (!m_session)
    return;
  updateTargets(m_session->targets());
  const bool spans = now.spans != m_emittedTotals.spans;
  const bool points = now.points != m_emittedTotals.points;
  const bool profiles = now.profiles != m_emittedTotals.profiles;
  if ((spans || points || profiles) && nowMs - m_lastEmitMs >= m_refreshIntervalMs) {
    m_emittedTotals = now;
    m_lastEmitMs = nowMs;
    emit dataArrived(now, spans, points, profiles);
  }
}

bool LivePage::addTarget(LiveTargetHealth::Kind kind, const QString& spec, QString* error) {
  if (!appendTarget(kind, spec, error))
    return false;
  keepTargets();
  return true;
}

void LivePage::removeTarget(int row) {
  if (row < 0 || row >= m_targets->rowCount())
    return;
  m_targets->removeRow(row);
  keepTargets();
}

void LivePage::keepTargets() {
  std::string lines;
  for (int row = 0; row < m_targets->rowCount(); ++row) {
    const QTableWidgetItem* item = m_targets->item(row, UrlColumn);
    const bool scrape =
        item->data(kKindRole).toInt() == static_cast<int>(LiveTargetHealth::Kind::Scrape);
    lines += std::string(scrape ? "scrape" : "pprof") + "\t" +
             item->data(kSpecRole).toString().toStdString() + "\n";
  }
  if (const Status status = keepSetting(kTargetsSetting, lines); !status)
    m_state->setText(tr("The targets could not be kept in the workspace: %1")
                         .arg(QString::fromStdString(status.message())));
}

// Targets a workspace kept are listed again; a line this version cannot read is skipped.
void LivePage::restoreTargets(Workspace& workspace) {
  std::optional<std::string> kept;
  if (!readWorkspaceSetting(workspace, kTargetsSetting, &kept) || !kept)
    return;
  for (const QString& line : QString::fromStdString(*kept).split(QLatin1Char('\n'))) {
    const QString kind = line.section(QLatin1Char('\t'), 0, 0);
    const QString spec = line.section(QLatin1Char('\t'), 1);
    if (kind == QLatin1String("scrape"))
      appendTarget(LiveTargetHealth::Kind::Scrape, spec, nullptr);
    else if (kind == QLatin1String("pprof"))
      appendTarget(LiveTargetHealth::Kind::Pprof, spec, nullptr);
  }
}

bool LivePage::appendTarget(LiveTargetHealth::Kind kind, const QString& spec, QString* error) {
  std::string why;
  const auto parsed = parsePullSpec(spec.trimmed().toStdString(), &why);
  if (!parsed) {
    if (error)
      *error = QString::fromStdString(why);
    return false;
  }
  // Listed already (e.g. kept in the workspace and given again with --scrape): once is enough.
  for (int row = 0; row < m_targets->rowCount(); ++row) {
    const QTableWidgetItem* item = m_targets->item(row, UrlColumn);
    if (item->data(kKindRole).toInt() == static_cast<int>(kind) &&
        item->data(kSpecRole).toString() == spec.trimmed())
      return true;
  }
  const int row = m_targets->rowCount();
  m_targets->insertRow(row);
  const bool scrape = kind == LiveTargetHealth::Kind::Scrape;
  m_targets->setItem(row, KindColumn,
                     new QTableWidgetItem(scrape ? tr("Prometheus") : tr("pprof")));
  auto* url = new QTableWidgetItem(QString::fromStdString(parsed->url));
  url->setData(kSpecRole, spec.trimmed());
  url->setData(kKindRole, static_cast<int>(kind));
  m_targets->setItem(row, UrlColumn, url);
  const QString every = parsed->interval
                            ? QStringLiteral("%1 s").arg(parsed->interval->count() / 1000.0)
                            : (scrape ? tr("15 s") : tr("60 s"));
  m_targets->setItem(row, EveryColumn, new QTableWidgetItem(every));
  for (int column : {StateColumn, StoredColumn, ErrorColumn})
    m_targets->setItem(row, column, new QTableWidgetItem());
  m_targets->item(row, StateColumn)->setText(tr("not started"));
  return true;
}

void LivePage::askForTarget(LiveTargetHealth::Kind kind) {
  const bool scrape = kind == LiveTargetHealth::Kind::Scrape;
  bool ok = false;
  const QString spec = QInputDialog::getText(
      this, scrape ? tr("Add Prometheus target") : tr("Add pprof source"),
      scrape ? tr("Metrics URL, optionally with the interval (e.g. "
                  "http://127.0.0.1:9100/metrics,15s):")
             : tr("The program's /debug/pprof/ URL, optionally with how often (e.g. "
                  "http://127.0.0.1:6060/debug/pprof/,60s):"),
      QLineEdit::Normal, QString(), &ok);
  if (!ok || spec.trimmed().isEmpty())
    return;
  QString error;
  if (!addTarget(kind, spec, &error))
    QMessageBox::warning(this, tr("Not a target"), error);
}

void LivePage::updateTargets(const std::vector<LiveTargetHealth>& targets) {
  // The session lists scrapes, then pprof sources; the table may interleave them.
  std::size_t scrapeIndex = 0, pprofIndex = 0;
  std::vector<const LiveTargetHealth*> scrapes, pprofs;
  for (const LiveTargetHealth& target : targets)
    (target.kind == LiveTargetHealth::Kind::Scrape ? scrapes : pprofs).push_back(&target);
  for (int row = 0; row < m_targets->rowCount(); ++row) {
    const bool scrape = m_targets->item(row, UrlColumn)->data(kKindRole).toInt() ==
                        static_cast<int>(LiveTargetHealth::Kind::Scrape);
    auto& list = scrape ? scrapes : pprofs;
    std::size_t& index = scrape ? scrapeIndex : pprofIndex;
    if (index >= list.size())
      continue;
    const PullHealth& health = list[index++]->health;
    QTableWidgetItem* state = m_targets->item(row, StateColumn);
    switch (health.state) {
      case PullState::Up:
        state->setText(tr("● up"));
        state->setForeground(QColor(0x1b, 0x8a, 0x3a));
        break;
      case PullState::Down:
        state->setText(tr("● down"));
        state->setForeground(QColor(0xb0, 0x00, 0x20));
        break;
      case PullState::Never:
        state->setText(tr("waiting"));
        state->setForeground(palette().color(QPalette::PlaceholderText));
        break;
    }
    m_targets->item(row, StoredColumn)
        ->setText(scrape ? tr("%n sample(s)", nullptr, static_cast<int>(health.stored))
                         : tr("%n profile(s)", nullptr, static_cast<int>(health.stored)));
    const QString error =
        QString::fromStdString(health.lastError.empty() ? health.lastStoreError : health.lastError);
    m_targets->item(row, ErrorColumn)->setText(error);
    m_targets->item(row, ErrorColumn)->setToolTip(error);
  }
}

void LivePage::updateSnippets() {
  LiveSnippetTarget target;
  if (isRunning()) {
    target.otlpHttpUrl = QString::fromStdString(m_session->otlpHttpUrl());
    target.otlpGrpcAddress = QString::fromStdString(m_session->otlpGrpcAddress());
  } else {
    // What starting would give (port 0 is only known once listening).
    LiveListenAddress address;
    if (m_httpEnabled->isChecked() &&
        parseListenAddress(m_httpAddress->text().trimmed().toStdString(), kDefaultHttpPort,
                           &address)) {
      target.otlpHttpUrl =
          QStringLiteral("http://") + QString::fromStdString(formatListenAddress(address));
    }
  }
  if (m_requireKey->isChecked())
    target.apiKey = m_apiKey->text();
  m_collectorSnippet->setPlainText(collectorSnippet(target));
  m_sdkSnippet->setPlainText(sdkEnvironmentSnippet(target));
}

void LivePage::updateWarnings() {
  LiveListenAddress address;
  bool remote = false;
  if (m_grpcEnabled->isChecked() &&
      parseListenAddress(m_grpcAddress->text().trimmed().toStdString(), kDefaultGrpcPort, &address))
    remote = !isLoopbackHost(address.host);
  if (m_httpEnabled->isChecked() &&
      parseListenAddress(m_httpAddress->text().trimmed().toStdString(), kDefaultHttpPort, &address))
    remote = remote || !isLoopbackHost(address.host);
  if (remote && m_allowRemote->isChecked()) {
    m_remoteWarning->setText(
        tr("Other machines can send data to this workspace%1.")
            .arg(m_requireKey->isChecked() ? QString() : tr(" — without an API key")));
    m_remoteWarning->show();
  } else if (remote) {
    m_remoteWarning->setText(
        tr("%1 is not a loopback address: check \"Allow other machines\" to listen on it.")
            .arg(QString::fromStdString(address.host)));
    m_remoteWarning->show();
  } else {
    m_remoteWarning->hide();
  }
  updateSnippets();
}

void LivePage::setSettingsEditable(bool editable) {
  // What a running session was started with can't change under it.
  for (QWidget* w : std::initializer_list<QWidget*>{
           m_httpEnabled, m_httpAddress, m_grpcEnabled, m_grpcAddress, m_allowRemote, m_requireKey,
           m_newKey, m_cors, m_addScrape, m_addPprof, m_removeTarget})
    w->setEnabled(editable);
}

void LivePage::setStartable(bool startable) {
  m_start->setEnabled(startable);
}

}  // namespace sightline
