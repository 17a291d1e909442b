#pragma once

#include <cstdint>
#include <vector>

#include <QWidget>

class QHBoxLayout;
class QToolButton;

namespace sightline {

// The zoom path of the flame graph as clickable crumbs ("all › main › server.handle"), with a
// Back button that undoes the last zoom.
class ProfileBreadcrumb : public QWidget {
  Q_OBJECT
 public:
  struct Crumb {
    std::uint32_t node = 0;
    QString name;
  };

  explicit ProfileBreadcrumb(QWidget* parent = nullptr);

  void setPath(const std::vector<Crumb>& path, bool canGoBack);
  int crumbCount() const { return static_cast<int>(m_crumbs.size()); }
  QToolButton* crumbButton(int index) const { return m_crumbs.at(static_cast<size_t>(index)); }
  QToolButton* backButton() const { return m_back; }

 signals:
  void crumbClicked(std::uint32_t node);
  void backClicked();

 private:
  QToolButton* m_back = nullptr;
  QHBoxLayout* m_crumbLayout = nullptr;
  std::vector<QToolButton*> m_crumbs;
};

}  // namespace sightline
