#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <optional>

#include "app/command_line.h"
#include "model/profiles/call_tree.h"
#include "model/profiles/profile_data.h"

namespace sightline::cli {

// The options shared by the profile verbs (top, flame): where the profile comes from
// (--db W [--profile ID] or a FILE), which sample type, the base of a diff and pprof's
// four filters.
struct ProfileOptions {
  QCommandLineOption db{QStringLiteral("db"), QString(), QStringLiteral("W")};
  QCommandLineOption profile{QStringLiteral("profile"), QString(), QStringLiteral("ID")};
  QCommandLineOption sampleType{QStringLiteral("sample-type"), QString(), QStringLiteral("T")};
  QCommandLineOption diffBase{QStringLiteral("diff-base"), QString(), QStringLiteral("BASE")};
  QCommandLineOption focus{QStringLiteral("focus"), QString(), QStringLiteral("R")};
  QCommandLineOption ignore{QStringLiteral("ignore"), QString(), QStringLiteral("R")};
  QCommandLineOption hide{QStringLiteral("hide"), QString(), QStringLiteral("R")};
  QCommandLineOption show{QStringLiteral("show"), QString(), QStringLiteral("R")};
  QCommandLineOption tagFocus{QStringLiteral("tagfocus"), QString(), QStringLiteral("T")};
  QCommandLineOption tagIgnore{QStringLiteral("tagignore"), QString(), QStringLiteral("T")};

  void addTo(QCommandLineParser& parser) const;
  // The usage lines of the filter options (--focus … --tagignore), as `top` and `flame` print
  // them.
  static QString filterUsage();
};

// A profile ready for analysis: the data, the sample type chosen, the filter and, for a
// diff, the base profile.
struct ProfileInput {
  ProfileData profile;
  std::optional<ProfileData> base;
  int sampleType = 0;
  ProfileFilter filter;
  QString description;  // "cpu.pb.gz" or "profile 3 (cpu.pb.gz)", for titles
};

// Reads what the parsed options name: with --db, the workspace's profile --profile ID (or
// its only profile; several without --profile are a usage error that lists them); else the
// one positional FILE (pprof or collapsed stacks, raw/gzip/zstd). --diff-base is a file, or
// with --db a profile id. --sample-type must name one of the profile's types (usage error
// listing them otherwise); without it pprof's default is used. Invalid filter regexes are
// usage errors. On failure the message is printed and the exit code is returned in
// `exitCode` (kExitUsage or kExitBadInput).
std::optional<ProfileInput> loadProfileInput(const QCommandLineParser& parser,
                                             const ProfileOptions& options, CommandIo& io,
                                             const QString& verb, const QString& usage,
                                             int& exitCode);

// "cpu/nanoseconds, samples/count" for messages.
QString sampleTypeList(const ProfileData& profile);

}  // namespace sightline::cli
