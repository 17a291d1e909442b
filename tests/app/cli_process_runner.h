#pragma once

// Runs the built `sightline` binary (SIGHTLINE_BINARY) for the end-to-end CLI tests.
#include <QByteArray>
#include <QDebug>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace sightline::cli_test {

// What one run of the binary printed and returned (-2: crashed, -1: timed out).
struct Run {
  int code = -1;
  QString out;
  QString err;
};

inline Run runSightline(const QStringList& arguments) {
  QProcess process;
  process.start(QStringLiteral(SIGHTLINE_BINARY), arguments);
  Run run;
  if (!process.waitForFinished(120000)) {
    process.kill();
    process.waitForFinished();
    run.err = QStringLiteral("timed out");
    return run;
  }
  run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

inline QJsonObject parseObject(const QString& text) {
  QJsonParseError error;
  const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
  if (error.error != QJsonParseError::NoError)
    qWarning() << error.errorString() << text;
  return document.object();
}

inline bool writeFile(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

inline QJsonObject traceNamed(const QJsonArray& traces, const char* id) {
  for (const QJsonValue& trace : traces) {
    if (trace.toObject().value(QLatin1String("trace_id")).toString() == QLatin1String(id)) {
      return trace.toObject();
    }
  }
  return {};
}

}  // namespace sightline::cli_test
