#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

class QLabel;
class QLineEdit;
class QPushButton;

namespace sightline {

// What "Connect to SonarQube…" asks for: the server, a user token and the project keys (one
// per service, separated by commas or spaces).
struct SonarQubeConnection {
  QString baseUrl;
  QString token;
  QStringList projectKeys;
};

// Why `connection` cannot be used ("" when it can): an http(s) URL with a host and at least
// one project key.
QString sonarQubeConnectionProblem(const SonarQubeConnection& connection);

class SonarQubeDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SonarQubeDialog(const SonarQubeConnection& initial, QWidget* parent = nullptr);

  SonarQubeConnection connection() const;

  QLineEdit* urlEdit() const { return m_url; }
  QLineEdit* tokenEdit() const { return m_token; }
  QLineEdit* projectsEdit() const { return m_projects; }
  QPushButton* connectButton() const { return m_connect; }
  QLabel* problemLabel() const { return m_problem; }

 private:
  void validate();

  QLineEdit* m_url = nullptr;
  QLineEdit* m_token = nullptr;
  QLineEdit* m_projects = nullptr;
  QPushButton* m_connect = nullptr;
  QLabel* m_problem = nullptr;
};

}  // namespace sightline
