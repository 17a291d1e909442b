#include "ui/shell/older_workspace_prompt.h"

#include <QDir>
#include <QMessageBox>
#include <QPushButton>

#include "model/store/schema.h"

namespace sightline {

OlderWorkspaceChoice askAboutOlderWorkspace(QWidget* parent, const QString& path, int fileVersion) {
  QMessageBox box(QMessageBox::Question, QMessageBox::tr("Upgrade workspace?"),
                  QMessageBox::tr("%1 was written by an older Sightline (workspace version %2).")
                      .arg(QDir::toNativeSeparators(path))
                      .arg(fileVersion),
                  QMessageBox::NoButton, parent);
  box.setInformativeText(
      QMessageBox::tr("Upgrade it to version %1 to import into it; older Sightline versions "
                      "cannot open it afterwards. Opened read-only, the file is not changed "
                      "and nothing can be imported.")
          .arg(kSchemaVersion));
  QPushButton* upgrade = box.addButton(QMessageBox::tr("Upgrade"), QMessageBox::AcceptRole);
  upgrade->setObjectName(QStringLiteral("upgrade"));
  QPushButton* readOnly = box.addButton(QMessageBox::tr("Open Read-Only"), QMessageBox::ActionRole);
  readOnly->setObjectName(QStringLiteral("readOnly"));
  QPushButton* cancel = box.addButton(QMessageBox::Cancel);
  box.setDefaultButton(upgrade);
  box.setEscapeButton(cancel);
  box.exec();
  if (box.clickedButton() == upgrade)
    return OlderWorkspaceChoice::Upgrade;
  if (box.clickedButton() == readOnly)
    return OlderWorkspaceChoice::OpenReadOnly;
  return OlderWorkspaceChoice::Cancel;
}

}  // namespace sightline
