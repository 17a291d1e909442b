#include "model/diagnosis/endpoint_critical_path_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sightline {

namespace {

QString text(const std::string& utf8) {
  return QString::fromStdString(utf8);
}

bool readNanoseconds(const QJsonValue& value, std::uint64_t* out) {
  bool ok = false;
  *out = value.toString().toULongLong(&ok);
  return ok;
}

}  // namespace

std::string criticalPathsToJson(const std::vector<EndpointCriticalPath>& paths) {
  QJsonArray list;
  for (const EndpointCriticalPath& path : paths) {
    QJsonArray services;
    for (const auto& share : path.services) {
      services.append(QJsonObject{{QStringLiteral("service"), text(share.service)},
                                  {QStringLiteral("path_ns"), QString::number(share.pathNs)}});
    }
    list.append(QJsonObject{{QStringLiteral("service"), text(path.service)},
                            {QStringLiteral("operation"), text(path.operation)},
                            {QStringLiteral("traces"), static_cast<qint64>(path.traces)},
                            {QStringLiteral("duration_ns"), QString::number(path.durationNs)},
                            {QStringLiteral("services"), services}});
  }
  return QJsonDocument(list).toJson(QJsonDocument::Compact).toStdString();
}

bool criticalPathsFromJson(const std::string& json, std::vector<EndpointCriticalPath>* paths) {
  paths->clear();
  const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(json));
  if (!document.isArray())
    return false;
  for (const QJsonValue& value : document.array()) {
    const QJsonObject object = value.toObject();
    EndpointCriticalPath path;
    path.service = object.value(QStringLiteral("service")).toString().toStdString();
    path.operation = object.value(QStringLiteral("operation")).toString().toStdString();
    const qint64 traces = object.value(QStringLiteral("traces")).toInteger(-1);
    if (traces < 0 || traces > UINT32_MAX ||
        !readNanoseconds(object.value(QStringLiteral("duration_ns")), &path.durationNs)) {
      paths->clear();
      return false;
    }
    path.traces = static_cast<std::uint32_t>(traces);
    for (const QJsonValue& item : object.value(QStringLiteral("services")).toArray()) {
      const QJsonObject share = item.toObject();
      EndpointCriticalPath::ServiceShare entry;
      entry.service = share.value(QStringLiteral("service")).toString().toStdString();
      if (!readNanoseconds(share.value(QStringLiteral("path_ns")), &entry.pathNs)) {
        paths->clear();
        return false;
      }
      path.services.push_back(std::move(entry));
    }
    paths->push_back(std::move(path));
  }
  return true;
}

}  // namespace sightline
