#pragma once

#include <QByteArray>
#include <QString>

namespace sightline {

// Attaches a file to a finished PDF (Qt 6.4's QPdfWriter cannot): appends an incremental
// update with an /EmbeddedFile stream, its /Filespec, and a new version of the document
// catalog whose /Names /EmbeddedFiles tree lists it, so that viewers (and `pdfdetach -list`)
// show the attachment and every byte of the original stays where it was. False with `error`
// set when `pdf` is not a PDF this can extend (no trailer, a catalog that already has /Names).
bool attachFileToPdf(QByteArray& pdf, const QString& fileName, const QByteArray& content,
                     const QByteArray& mimeType, const QString& description, QString* error);

}  // namespace sightline
