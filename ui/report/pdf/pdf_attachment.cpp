#include "ui/report/pdf/pdf_attachment.h"

#include <QRegularExpression>

namespace sightline {

namespace {

// A PDF literal string: ( ) and \ escaped, non-ASCII written as a UTF-16BE string with BOM.
QByteArray pdfString(const QString& text) {
  bool ascii = true;
  for (QChar c : text)
    ascii = ascii && c.unicode() >= 0x20 && c.unicode() < 0x7f;
  QByteArray bytes;
  if (ascii) {
    bytes = text.toLatin1();
  } else {
    bytes.append('\xfe').append('\xff');
    for (QChar c : text)
      bytes.append(static_cast<char>(c.unicode() >> 8))
          .append(static_cast<char>(c.unicode() & 0xff));
  }
  QByteArray out = "(";
  for (char c : bytes) {
    if (c == '(' || c == ')' || c == '\\')
      out.append('\\');
    out.append(c);
  }
  return out + ")";
}

// A PDF name for a MIME type: "application/json" → "/application#2Fjson".
QByteArray pdfName(const QByteArray& text) {
  QByteArray out = "/";
  for (unsigned char c : text) {
    if (c < 0x21 || c > 0x7e || c == '#' || c == '/' || c == '(' || c == ')' || c == '<' ||
        c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '%')
      out += '#' + QByteArray::number(c, 16).rightJustified(2, '0').toUpper();
    else
      out += static_cast<char>(c);
  }
  return out;
}

QByteArray xrefEntry(qsizetype offset) {
  return QByteArray::number(offset).rightJustified(10, '0') + " 00000 n \n";
}

}  // namespace

bool attachFileToPdf(QByteArray& pdf, const QString& fileName, const QByteArray& content,
                     const QByteArray& mimeType, const QString& description, QString* error) {
  auto fail = [error](const char* why) {
    if (error)
      *error = QString::fromLatin1(why);
    return false;
  };
  const qsizetype startxref = pdf.lastIndexOf("startxref");
  const qsizetype trailerAt = pdf.lastIndexOf("trailer", startxref);
  if (startxref < 0 || trailerAt < 0)
    return fail("no trailer");
  const QString trailer = QString::fromLatin1(pdf.mid(trailerAt, startxref - trailerAt));
  const QRegularExpressionMatch size =
      QRegularExpression(QStringLiteral("/Size\\s+(\\d+)")).match(trailer);
  const QRegularExpressionMatch root =
      QRegularExpression(QStringLiteral("/Root\\s+(\\d+)\\s+(\\d+)\\s+R")).match(trailer);
  const QRegularExpressionMatch info =
      QRegularExpression(QStringLiteral("/Info\\s+(\\d+)\\s+(\\d+)\\s+R")).match(trailer);
  bool ok = false;
  const qsizetype previousXref =
      pdf.mid(startxref + 9, 32).trimmed().split('\n').first().trimmed().toLongLong(&ok);
  if (!size.hasMatch() || !root.hasMatch() || !ok)
    return fail("the trailer has no /Size, /Root or startxref offset");

  // The catalog's dictionary, as last written.
  const QByteArray rootHeader =
      "\n" + root.captured(1).toLatin1() + " " + root.captured(2).toLatin1() + " obj";
  const qsizetype rootAt = pdf.lastIndexOf(rootHeader);
  if (rootAt < 0)
    return fail("no catalog object");
  const qsizetype dictStart = pdf.indexOf("<<", rootAt);
  const qsizetype endobj = pdf.indexOf("endobj", rootAt);
  const qsizetype dictEnd = pdf.lastIndexOf(">>", endobj);
  if (dictStart < 0 || endobj < 0 || dictEnd < dictStart)
    return fail("the catalog is not a dictionary");
  const QByteArray catalogBody = pdf.mid(dictStart + 2, dictEnd - dictStart - 2);
  if (catalogBody.contains("/Names"))
    return fail("the catalog already has /Names");

  const int fileObject = size.captured(1).toInt();
  const int specObject = fileObject + 1;
  const QByteArray fileRef = QByteArray::number(fileObject) + " 0 R";
  const QByteArray specRef = QByteArray::number(specObject) + " 0 R";
  const QByteArray name = pdfString(fileName);

  if (!pdf.endsWith('\n'))
    pdf.append('\n');
  const qsizetype fileAt = pdf.size();
  pdf += QByteArray::number(fileObject) + " 0 obj\n<< /Type /EmbeddedFile /Subtype " +
         pdfName(mimeType) + " /Length " + QByteArray::number(content.size()) +
         " /Params << /Size " + QByteArray::number(content.size()) + " >> >>\nstream\n" + content +
         "\nendstream\nendobj\n";
  const qsizetype specAt = pdf.size();
  pdf += QByteArray::number(specObject) + " 0 obj\n<< /Type /Filespec /F " + name + " /UF " + name +
         " /Desc " + pdfString(description) + " /EF << /F " + fileRef + " >> >>\nendobj\n";
  const qsizetype catalogAt = pdf.size();
  pdf += root.captured(1).toLatin1() + " " + root.captured(2).toLatin1() + " obj\n<<" +
         catalogBody + " /Names << /EmbeddedFiles << /Names [" + name + " " + specRef +
         "] >> >> /PageMode /UseAttachments >>\nendobj\n";
  const qsizetype xrefAt = pdf.size();
  pdf += "xref\n" + root.captured(1).toLatin1() + " 1\n" + xrefEntry(catalogAt) +
         QByteArray::number(fileObject) + " 2\n" + xrefEntry(fileAt) + xrefEntry(specAt);
  pdf += "trailer\n<< /Size " + QByteArray::number(specObject + 1) + " /Root " +
         root.captured(1).toLatin1() + " " + root.captured(2).toLatin1() + " R";
  if (info.hasMatch())
    pdf += " /Info " + info.captured(1).toLatin1() + " " + info.captured(2).toLatin1() + " R";
  pdf += " /Prev " + QByteArray::number(previousXref) + " >>\nstartxref\n" +
         QByteArray::number(xrefAt) + "\n%%EOF\n";
  return true;
}

}  // namespace sightline
