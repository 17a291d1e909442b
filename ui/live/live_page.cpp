#include "ui/live/live_page.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "importers/live/live_api_key.h"
#include "importers/live/otlp_http_receiver.h"
#include "model/store/workspace.h"
#include "model/store/workspace_setting.h"
#include "ui/live/live_snippets.h"

namespace sightline {

namespace {

constexpr int kDefaultHttpPort = 4318;
const char* const kApiKeySetting = "live.api_key";
const char* const kRequireKeySetting = "live.require_api_key";

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
  layout->addLayout(controls);
  layout->addWidget(m_counters);
  layout->addWidget(new QLabel(tr("Point your apps at Sightline:"), this));
  layout->addWidget(snippets, 1);

  connect(m_start, &QPushButton::clicked, this, &LivePage::toggle);
  connect(m_allowRemote, &QCheckBox::toggled, this, &LivePage::updateWarnings);
  connect(m_httpAddress, &QLineEdit::textChanged, this, &LivePage::updateWarnings);
  connect(m_requireKey, &QCheckBox::toggled, this, [this](bool on) {
    if (on)
      ensureApiKey();
    if (!m_path.isEmpty() && !m_readOnly) {
      Status status;
      if (auto workspace =
              Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status)) {
        writeWorkspaceSetting(*workspace, kRequireKeySetting, on ? "1" : "0");
      }
    }
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
  bool requireKey = false;
  if (!path.isEmpty()) {
    Status status;
    if (auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status)) {
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
  if (m_path.isEmpty() || m_readOnly)
    return;
  Status status;
  if (auto workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status))
    status = writeWorkspaceSetting(*workspace, kApiKeySetting, key);
  if (!status)
    m_state->setText(tr("The key could not be kept in the workspace: %1")
                         .arg(QString::fromStdString(status.message())));
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
  if (!config.otlpHttp && !config.otlpGrpc)
    *error = tr("Choose at least one receiver.");
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
    if (interactive && config.otlpHttp && message.contains(QLatin1String("in use"))) {
      const int freePort = findFreePort(config.otlpHttp->host);
      if (freePort > 0) {
        QMessageBox box(QMessageBox::Warning, tr("Port in use"), message, QMessageBox::Cancel,
                        this);
        QPushButton* use = box.addButton(tr("Use port %1").arg(freePort), QMessageBox::AcceptRole);
        box.exec();
        if (box.clickedButton() == use) {
          LiveListenAddress address = *config.otlpHttp;
          address.port = freePort;
          m_httpAddress->setText(QString::fromStdString(formatListenAddress(address)));
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
  for (QWidget* w : std::initializer_list<QWidget*>{m_httpEnabled, m_httpAddress, m_allowRemote,
                                                    m_requireKey, m_newKey, m_cors})
    w->setEnabled(false);
  QStringList listening;
  if (!m_session->otlpHttpUrl().empty())
    listening << tr("OTLP/HTTP on %1").arg(QString::fromStdString(m_session->otlpHttpUrl()));
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
  for (QWidget* w : std::initializer_list<QWidget*>{m_httpEnabled, m_httpAddress, m_allowRemote,
                                                    m_requireKey, m_newKey, m_cors})
    w->setEnabled(true);
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
  m_counters->setText(
      tr("<b>%1</b> spans/s &nbsp; <b>%2</b> points/s &nbsp; %3 spans stored (%4 duplicates) "
         "&nbsp; %5 requests &nbsp; <span style='color:%7'>%6 rejected</span>")
          .arg(rateText(m_rates.spansPerSecond()), rateText(m_rates.pointsPerSecond()),
               locale.toString(static_cast<qulonglong>(now.spans)),
               locale.toString(static_cast<qulonglong>(now.duplicateSpans)),
               locale.toString(static_cast<qulonglong>(now.requests)),
               locale.toString(static_cast<qulonglong>(now.rejected)),
               now.rejected > 0 ? QStringLiteral("#b00020") : QStringLiteral("inherit")));
  if (!m_session)
    return;
  const bool spans = now.spans != m_emittedTotals.spans;
  const bool points = now.points != m_emittedTotals.points;
  const bool profiles = now.profiles != m_emittedTotals.profiles;
  if ((spans || points || profiles) && nowMs - m_lastEmitMs >= m_refreshIntervalMs) {
    m_emittedTotals = now;
    m_lastEmitMs = nowMs;
    emit dataArrived(now, spans, points, profiles);
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
  const bool parsed =
      parseListenAddress(m_httpAddress->text().trimmed().toStdString(), kDefaultHttpPort, &address);
  const bool remote = parsed && !isLoopbackHost(address.host);
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

void LivePage::setStartable(bool startable) {
  m_start->setEnabled(startable);
}

}  // namespace sightline
