#include "ui/debt/sonarqube_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QUrl>
#include <QVBoxLayout>

namespace sightline {

QString sonarQubeConnectionProblem(const SonarQubeConnection& connection) {
  const QUrl url(connection.baseUrl.trimmed(), QUrl::StrictMode);
  if (connection.baseUrl.trimmed().isEmpty())
    return SonarQubeDialog::tr("Enter the server's URL, e.g. https://sonarqube.example.com");
  if (!url.isValid() || url.host().isEmpty() ||
      (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
    return SonarQubeDialog::tr("The URL must be http:// or https:// with a host name");
  if (connection.projectKeys.isEmpty())
    return SonarQubeDialog::tr("Enter at least one project key");
  return {};
}

SonarQubeDialog::SonarQubeDialog(const SonarQubeConnection& initial, QWidget* parent)
    : QDialog(parent),
      m_url(new QLineEdit(initial.baseUrl)),
      m_token(new QLineEdit(initial.token)),
      m_projects(new QLineEdit(initial.projectKeys.join(QStringLiteral(", ")))),
      m_problem(new QLabel) {
  setWindowTitle(tr("Connect to SonarQube"));
  m_url->setPlaceholderText(QStringLiteral("https://sonarqube.example.com"));
  m_token->setEchoMode(QLineEdit::Password);
  m_token->setPlaceholderText(
      tr("a user token (My Account → Security); empty for public projects"));
  m_projects->setPlaceholderText(tr("project keys, one per service: shop-checkout, shop-cart"));
  m_problem->setStyleSheet(QStringLiteral("color: #b71c1c"));
  m_problem->setWordWrap(true);

  auto* note = new QLabel(
      tr("Reads each project's measures (api/measures/component_tree, every page) and stores "
         "them as an import would; the token is used for this pull only and not kept."));
  note->setWordWrap(true);
  auto* form = new QFormLayout;
  form->addRow(tr("Server URL"), m_url);
  form->addRow(tr("Token"), m_token);
  form->addRow(tr("Projects"), m_projects);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  m_connect = buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
  m_connect->setDefault(true);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  for (QLineEdit* edit : {m_url, m_token, m_projects})
    connect(edit, &QLineEdit::textChanged, this, &SonarQubeDialog::validate);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(note);
  layout->addLayout(form);
  layout->addWidget(m_problem);
  layout->addWidget(buttons);
  resize(560, sizeHint().height());
  validate();
}

SonarQubeConnection SonarQubeDialog::connection() const {
  SonarQubeConnection connection;
  connection.baseUrl = m_url->text().trimmed();
  connection.token = m_token->text().trimmed();
  static const QRegularExpression kSeparators(QStringLiteral("[,\\s]+"));
  connection.projectKeys = m_projects->text().split(kSeparators, Qt::SkipEmptyParts);
  return connection;
}

void SonarQubeDialog::validate() {
  const QString problem = sonarQubeConnectionProblem(connection());
  m_problem->setText(problem);
  m_connect->setEnabled(problem.isEmpty());
}

}  // namespace sightline
