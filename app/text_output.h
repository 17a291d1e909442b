#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace sightline::cli {

// The columns `text` takes in a terminal: two for East Asian wide characters (CJK), none
// for combining marks, one for the rest.
qsizetype displayWidth(const QString& text);

// Lays out rows under a header as aligned columns separated by two spaces; columns whose
// `rightAligned` entry is true are padded on the left. The last column is never padded.
// Widths are display widths (displayWidth).
QString formatTable(const QStringList& header, const QList<QStringList>& rows,
                    const QList<bool>& rightAligned);

}  // namespace sightline::cli
