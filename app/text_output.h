#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace sightline::cli {

// Lays out rows under a header as aligned columns separated by two spaces; columns whose
// `rightAligned` entry is true are padded on the left. The last column is never padded.
QString formatTable(const QStringList& header, const QList<QStringList>& rows,
                    const QList<bool>& rightAligned);

}  // namespace sightline::cli
