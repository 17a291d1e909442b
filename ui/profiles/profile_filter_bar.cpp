#include "ui/profiles/profile_filter_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QTimer>
#include <QToolButton>

namespace sightline {

namespace {

// Typing pauses this long before the (worker-side) tree is rebuilt.
constexpr int kDebounceMs = 300;

QLineEdit* makeEdit(const QString& placeholder, const QString& toolTip) {
  auto* edit = new QLineEdit;
  edit->setPlaceholderText(placeholder);
  edit->setToolTip(toolTip);
  edit->setClearButtonEnabled(true);
  return edit;
}

std::string toStd(const QLineEdit* edit) {
  return edit->text().trimmed().toStdString();
}

}  // namespace

QString regexForFunction(const QString& name) {
  static const QString kSpecial = QStringLiteral("\\^$.|?*+()[]{}/");
  QString escaped;
  escaped.reserve(name.size() + 8);
  escaped += QLatin1Char('^');
  for (QChar c : name) {
    if (kSpecial.contains(c))
      escaped += QLatin1Char('\\');
    escaped += c;
  }
  escaped += QLatin1Char('$');
  return escaped;
}

ProfileFilterBar::ProfileFilterBar(QWidget* parent)
    : QWidget(parent),
      m_focus(makeEdit(tr("focus"), tr("Keep only samples with a matching frame (pprof -focus)"))),
      m_ignore(makeEdit(tr("ignore"), tr("Drop samples with a matching frame (pprof -ignore)"))),
      m_hide(makeEdit(tr("hide"), tr("Remove matching frames from the stacks (pprof -hide)"))),
      m_show(makeEdit(tr("show"), tr("Keep only matching frames in the stacks (pprof -show)"))),
      m_tagFocus(makeEdit(tr("tag focus"),
                          tr("Keep only samples whose labels match: key=regex[,regex…], or "
                             "regex against key:value (pprof -tagfocus)"))),
      m_tagIgnore(
          makeEdit(tr("tag ignore"), tr("Drop samples whose labels match (pprof -tagignore)"))),
      m_error(new QLabel),
      m_debounce(new QTimer(this)) {
  m_error->setStyleSheet(QStringLiteral("color: #c62828"));
  m_error->hide();
  auto* reset = new QToolButton;
  reset->setText(tr("Reset"));
  reset->setToolTip(tr("Clear every filter"));
  m_debounce->setSingleShot(true);
  m_debounce->setInterval(kDebounceMs);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 0, 4, 0);
  layout->addWidget(new QLabel(tr("Filter:")));
  for (QLineEdit* edit : {m_focus, m_ignore, m_hide, m_show, m_tagFocus, m_tagIgnore}) {
    layout->addWidget(edit, 1);
    connect(edit, &QLineEdit::textChanged, this, &ProfileFilterBar::onEdited);
    connect(edit, &QLineEdit::returnPressed, this, &ProfileFilterBar::applyNow);
  }
  layout->addWidget(reset);
  layout->addWidget(m_error, 2);

  connect(m_debounce, &QTimer::timeout, this, &ProfileFilterBar::applyNow);
  connect(reset, &QToolButton::clicked, this, [this] { setFilter({}); });
}

ProfileFilter ProfileFilterBar::filter() const {
  ProfileFilter filter;
  filter.focus = toStd(m_focus);
  filter.ignore = toStd(m_ignore);
  filter.hide = toStd(m_hide);
  filter.show = toStd(m_show);
  filter.tagFocus = toStd(m_tagFocus);
  filter.tagIgnore = toStd(m_tagIgnore);
  return filter;
}

QString ProfileFilterBar::errorText() const {
  return m_valid ? QString() : m_error->text();
}

QLineEdit* ProfileFilterBar::edit(Field field) const {
  switch (field) {
    case Field::Focus:
      return m_focus;
    case Field::Ignore:
      return m_ignore;
    case Field::Hide:
      return m_hide;
    case Field::Show:
      return m_show;
    case Field::TagFocus:
      return m_tagFocus;
    case Field::TagIgnore:
      return m_tagIgnore;
  }
  return m_focus;
}

void ProfileFilterBar::setFilter(const ProfileFilter& filter) {
  const std::pair<QLineEdit*, const std::string*> fields[] = {
      {m_focus, &filter.focus}, {m_ignore, &filter.ignore},     {m_hide, &filter.hide},
      {m_show, &filter.show},   {m_tagFocus, &filter.tagFocus}, {m_tagIgnore, &filter.tagIgnore}};
  for (const auto& [edit, text] : fields) {
    const QSignalBlocker blocker(edit);
    edit->setText(QString::fromStdString(*text));
  }
  applyNow();
}

void ProfileFilterBar::setField(Field field, const QString& regex, bool append) {
  QLineEdit* target = edit(field);
  QString text = regex;
  if (append && !target->text().trimmed().isEmpty())
    text = target->text().trimmed() + QLatin1Char('|') + regex;
  {
    const QSignalBlocker blocker(target);
    target->setText(text);
  }
  applyNow();
}

void ProfileFilterBar::onEdited() {
  // Show a regex error while typing, but rebuild only when the typing pauses.
  validate();
  m_debounce->start();
}

bool ProfileFilterBar::validate() {
  const ProfileFilter all = filter();
  ProfileFilter tagFocus;
  tagFocus.tagFocus = all.tagFocus;
  ProfileFilter tagIgnore;
  tagIgnore.tagIgnore = all.tagIgnore;
  const std::pair<QLineEdit*, ProfileFilter> fields[] = {
      {m_focus, ProfileFilter{all.focus, {}, {}, {}}},
      {m_ignore, ProfileFilter{{}, all.ignore, {}, {}}},
      {m_hide, ProfileFilter{{}, {}, all.hide, {}}},
      {m_show, ProfileFilter{{}, {}, {}, all.show}},
      {m_tagFocus, tagFocus},
      {m_tagIgnore, tagIgnore}};
  QStringList errors;
  for (const auto& [edit, single] : fields) {
    // Each field is checked alone so that the red marks the field that is wrong.
    const Status status = validateFilter(single);
    edit->setStyleSheet(
        status ? QString()
               : QStringLiteral("QLineEdit { border: 1px solid #c62828; color: #c62828; }"));
    if (!status)
      errors << QString::fromStdString(status.message());
  }
  m_valid = errors.isEmpty();
  m_error->setText(errors.join(QStringLiteral("; ")));
  m_error->setToolTip(m_error->text());
  m_error->setVisible(!m_valid);
  return m_valid;
}

void ProfileFilterBar::applyNow() {
  m_debounce->stop();
  if (!validate())
    return;
  const ProfileFilter current = filter();
  if (current.focus == m_applied.focus && current.ignore == m_applied.ignore &&
      current.hide == m_applied.hide && current.show == m_applied.show &&
      current.tagFocus == m_applied.tagFocus && current.tagIgnore == m_applied.tagIgnore) {
    return;
  }
  m_applied = current;
  emit filterChanged(current);
}

}  // namespace sightline
