// The heatmap and cost × debt delegates painted into images: the fill of each status (none
// for an absent figure, the selection a frame that keeps the colour), the separator before
// the runtime columns, readable text, percentile fills and the hatching of sparse cells.
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QtTest>

#include "model/debt/debt_thresholds.h"
#include "ui/debt/cost_debt_delegate.h"
#include "ui/debt/cost_debt_model.h"
#include "ui/debt/debt_colors.h"
#include "ui/debt/heatmap_delegate.h"

using namespace sightline;

namespace {

constexpr int kStatusRole = Qt::UserRole + 7;
const QRect kCell(0, 0, 120, 40);

// Paints index (0, column) of `model` with `delegate` into a white image the size of a cell.
QImage paintCell(QStyledItemDelegate& delegate, QAbstractItemModel& model, int column,
                 bool selected = false, int pixelSize = 13) {
  QImage image(kCell.size(), QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  QStyleOptionViewItem option;
  option.rect = kCell;
  option.state = QStyle::State_Enabled;
  if (selected)
    option.state |= QStyle::State_Selected;
  option.font = QFont(QStringLiteral("DejaVu Sans"));
  option.font.setPixelSize(pixelSize);
  option.fontMetrics = QFontMetrics(option.font);
  option.palette.setColor(QPalette::Highlight, QColor(0x30, 0x60, 0xc0));
  delegate.paint(&painter, option, model.index(0, column));
  painter.end();
  return image;
}

QStandardItemModel* statusModel(QObject* parent, const QVariant& status, const QString& text) {
  auto* model = new QStandardItemModel(1, 3, parent);
  for (int column = 0; column < 3; ++column) {
    auto* item = new QStandardItem(text);
    item->setData(status, kStatusRole);
    item->setData(int(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
    model->setItem(0, column, item);
  }
  return model;
}

// Pixels of `image` with exactly `color`.
int count(const QImage& image, const QColor& color) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x)
      n += image.pixelColor(x, y) == color;
  }
  return n;
}

}  // namespace

class TstDebtDelegates : public QObject {
  Q_OBJECT

 private slots:
  void fillPerStatus_data();
  void fillPerStatus();
  void selectionKeepsTheFill();
  void separatorBeforeTheRuntimeColumns();
  void textIsReadableOnEveryFill_data();
  void textIsReadableOnEveryFill();
  void textInTheViewsFont();
  void percentileFills_data();
  void percentileFills();
  void sparseCellsAreHatched();
};

void TstDebtDelegates::fillPerStatus_data() {
  QTest::addColumn<QVariant>("status");
  QTest::addColumn<QColor>("expected");
  QTest::newRow("bad") << QVariant(int(DebtCellStatus::Bad)) << QColor(0xef, 0x9a, 0x9a);
  QTest::newRow("warn") << QVariant(int(DebtCellStatus::Warn)) << QColor(0xff, 0xe0, 0x82);
  QTest::newRow("good") << QVariant(int(DebtCellStatus::Good)) << QColor(0xa5, 0xd6, 0xa7);
  QTest::newRow("absent") << QVariant(int(DebtCellStatus::Absent)) << QColor(Qt::white);
  QTest::newRow("name column") << QVariant() << QColor(Qt::white);
}

void TstDebtDelegates::fillPerStatus() {
  QFETCH(QVariant, status);
  QFETCH(QColor, expected);
  QObject owner;
  QStandardItemModel* model = statusModel(&owner, status, QStringLiteral("41.2 %"));
  HeatmapDelegate delegate(kStatusRole, -1);
  const QImage image = paintCell(delegate, *model, 1);
  // Away from the right-aligned text.
  QCOMPARE(image.pixelColor(4, 4), expected);
  QCOMPARE(image.pixelColor(10, 35), expected);
  if (status.isValid() && status.toInt() != int(DebtCellStatus::Absent))
    QCOMPARE(debt_colors::statusFill(DebtCellStatus(status.toInt())), expected);
}

void TstDebtDelegates::selectionKeepsTheFill() {
  QObject owner;
  QStandardItemModel* model = statusModel(&owner, int(DebtCellStatus::Bad), QStringLiteral("x"));
  HeatmapDelegate delegate(kStatusRole, -1);
  const QImage image = paintCell(delegate, *model, 1, true);
  QCOMPARE(image.pixelColor(1, 20), QColor(0x30, 0x60, 0xc0));  // the frame
  QCOMPARE(image.pixelColor(8, 8), debt_colors::statusFill(DebtCellStatus::Bad));
}

void TstDebtDelegates::separatorBeforeTheRuntimeColumns() {
  QObject owner;
  QStandardItemModel* model = statusModel(&owner, int(DebtCellStatus::Good), QStringLiteral("x"));
  HeatmapDelegate delegate(kStatusRole, 2);
  const QImage separated = paintCell(delegate, *model, 2);
  const QImage plain = paintCell(delegate, *model, 1);
  QCOMPARE(separated.pixelColor(1, 20), debt_colors::separator());
  QCOMPARE(plain.pixelColor(1, 20), debt_colors::statusFill(DebtCellStatus::Good));
}

void TstDebtDelegates::textIsReadableOnEveryFill_data() {
  QTest::addColumn<int>("status");
  QTest::newRow("bad") << int(DebtCellStatus::Bad);
  QTest::newRow("warn") << int(DebtCellStatus::Warn);
  QTest::newRow("good") << int(DebtCellStatus::Good);
}

void TstDebtDelegates::textIsReadableOnEveryFill() {
  QFETCH(int, status);
  const auto s = DebtCellStatus(status);
  // WCAG contrast ratio of the text colour on the fill.
  auto luminance = [](const QColor& c) {
    auto channel = [](double v) {
      return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
  };
  const double fill = luminance(debt_colors::statusFill(s));
  const double text = luminance(debt_colors::statusText(s));
  QVERIFY((fill + 0.05) / (text + 0.05) >= 4.5);
  // And the text is painted in that colour.
  QObject owner;
  QStandardItemModel* model = statusModel(&owner, status, QStringLiteral("88.8 %"));
  HeatmapDelegate delegate(kStatusRole, -1);
  const QImage image = paintCell(delegate, *model, 1);
  QVERIFY(count(image, debt_colors::statusText(s)) > 0);
}

// The delegate draws in the font the view hands it (and so with the view's fallbacks for
// names in Chinese), not in a font of its own: a larger view font, wider text.
void TstDebtDelegates::textInTheViewsFont() {
  QObject owner;
  QStandardItemModel* model =
      statusModel(&owner, int(DebtCellStatus::Bad), QString::fromUtf8("支付 41.2 %"));
  HeatmapDelegate delegate(kStatusRole, -1);
  auto textWidth = [&](int pixelSize) {
    const QImage image = paintCell(delegate, *model, 1, false, pixelSize);
    int left = image.width();
    int right = -1;
    for (int y = 0; y < image.height(); ++y) {
      for (int x = 0; x < image.width(); ++x) {
        if (image.pixelColor(x, y) != debt_colors::statusFill(DebtCellStatus::Bad)) {
          left = std::min(left, x);
          right = std::max(right, x);
        }
      }
    }
    return right - left;
  };
  const int small = textWidth(9);
  const int large = textWidth(18);
  QVERIFY2(large > small * 3 / 2, qPrintable(QStringLiteral("%1 → %2").arg(small).arg(large)));
}

void TstDebtDelegates::percentileFills_data() {
  QTest::addColumn<double>("percentile");
  QTest::addColumn<QColor>("expected");
  QTest::newRow("lowest") << 0.0 << QColor(0xff, 0xf7, 0xec);
  QTest::newRow("highest") << 1.0 << QColor(0x99, 0x00, 0x00);
  QTest::newRow("middle stop") << 0.4 << QColor(0xfc, 0x8d, 0x59);
  QTest::newRow("clamped") << 3.0 << QColor(0x99, 0x00, 0x00);
}

void TstDebtDelegates::percentileFills() {
  QFETCH(double, percentile);
  QFETCH(QColor, expected);
  QCOMPARE(debt_colors::percentileFill(percentile), expected);
  CostDebtMatrix matrix;
  matrix.units = {{"checkout", "internal/pricing", 41.2}};
  matrix.entries = {"checkout POST /checkout"};
  CostDebtCell cell;
  cell.percentile = percentile;
  matrix.cells = {cell};
  CostDebtModel model;
  model.setMatrix(matrix);
  CostDebtDelegate delegate;
  const QImage image = paintCell(delegate, model, CostDebtModel::kFirstEntryColumn);
  QCOMPARE(image.pixelColor(4, 4), expected);
  // The unit's column paints as an ordinary cell.
  QCOMPARE(paintCell(delegate, model, CostDebtModel::kUnitColumn).pixelColor(2, 2),
           QColor(Qt::white));
}

void TstDebtDelegates::sparseCellsAreHatched() {
  CostDebtMatrix matrix;
  matrix.units = {{"checkout", "internal/pricing", std::nullopt}};
  matrix.entries = {"a", "b"};
  CostDebtCell firm;
  firm.percentile = 0.2;
  CostDebtCell sparse = firm;
  sparse.entry = 1;
  sparse.sparse = true;
  matrix.cells = {firm, sparse};
  CostDebtModel model;
  model.setMatrix(matrix);
  CostDebtDelegate delegate;
  const QColor fill = debt_colors::percentileFill(0.2);
  const QImage solid = paintCell(delegate, model, CostDebtModel::kFirstEntryColumn);
  const QImage hatched = paintCell(delegate, model, CostDebtModel::kFirstEntryColumn + 1);
  const int cellPixels = (kCell.width() - 2) * (kCell.height() - 2);
  // Solid: the fill everywhere but the text; hatched: diagonal lines over at least a tenth of
  // the cell, the fill still showing through most of it.
  const int solidFill = count(solid, fill);
  const int hatchedFill = count(hatched, fill);
  QVERIFY(solidFill > cellPixels * 9 / 10);
  QVERIFY2(hatchedFill < solidFill - cellPixels / 10,
           qPrintable(QStringLiteral("%1 of %2").arg(hatchedFill).arg(solidFill)));
  QVERIFY(hatchedFill > cellPixels / 2);
}

QTEST_MAIN(TstDebtDelegates)
#include "tst_debt_delegates.moc"
