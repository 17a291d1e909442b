#include "app/profile_source.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <memory>
#include <vector>

#include "importers/pprof/profile_file_reader.h"
#include "model/profiles/profile_queries.h"

namespace sightline::cli {

namespace {

// Everything one load needs to report an error the way the verb does.
struct Context {
  CommandIo& io;
  const QString& verb;
  const QString& usage;
  int& exitCode;

  std::nullopt_t usageFailure(const QString& message) const {
    exitCode = usageError(io, verb, message, usage);
    return std::nullopt;
  }
  std::nullopt_t inputFailure(const QString& message) const {
    exitCode = inputError(io, verb, message);
    return std::nullopt;
  }
};

bool isProfileId(const QString& text) {
  static const QRegularExpression kDigits(QStringLiteral("^[0-9]+$"));
  return kDigits.match(text).hasMatch();
}

// One line per profile: "  ID  SOURCE  (types)", without a final newline.
QString profileListing(const std::vector<ProfileSummary>& profiles) {
  QStringList lines;
  for (const ProfileSummary& summary : profiles) {
    QStringList types;
    for (const ProfileValueType& type : summary.sampleTypes)
      types.append(QString::fromStdString(type.type));
    lines.append(
        QStringLiteral("  %1  %2  (%3)")
            .arg(summary.id)
            .arg(QString::fromStdString(summary.sourcePath), types.join(QStringLiteral(", "))));
  }
  return lines.join(QLatin1Char('\n'));
}

struct Loaded {
  ProfileData data;
  QString description;
};

std::optional<Loaded> loadFromFile(const Context& context, const QString& path) {
  std::string error;
  std::optional<ProfileData> data = readProfileFile(path.toStdString(), &error);
  if (!data)
    return context.inputFailure(QString::fromStdString(error));
  return Loaded{std::move(*data), QFileInfo(path).fileName()};
}

std::optional<Loaded> loadFromWorkspace(const Context& context, Workspace& workspace,
                                        const QString& workspacePath, const QString& wantedId) {
  Status status;
  const std::vector<ProfileSummary> profiles = listProfiles(workspace, &status);
  if (!status.isOk()) {
    return context.inputFailure(QStringLiteral("cannot list the profiles of '%1': %2")
                                    .arg(workspacePath, QString::fromStdString(status.message())));
  }
  const ProfileSummary* chosen = nullptr;
  if (wantedId.isEmpty()) {
    if (profiles.empty())
      return context.inputFailure(QStringLiteral("no profiles in '%1'").arg(workspacePath));
    if (profiles.size() > 1) {
      return context.usageFailure(
          QStringLiteral("'%1' holds %2 profiles; choose one with --profile ID:\n%3")
              .arg(workspacePath)
              .arg(profiles.size())
              .arg(profileListing(profiles)));
    }
    chosen = &profiles.front();
  } else {
    if (!isProfileId(wantedId)) {
      return context.usageFailure(
          QStringLiteral("a profile id is a number, not '%1'").arg(wantedId));
    }
    const std::int64_t id = wantedId.toLongLong();
    for (const ProfileSummary& summary : profiles) {
      if (summary.id == id)
        chosen = &summary;
    }
    if (!chosen) {
      if (profiles.empty())
        return context.inputFailure(QStringLiteral("no profiles in '%1'").arg(workspacePath));
      return context.inputFailure(QStringLiteral("no profile %1 in '%2'; it holds:\n%3")
                                      .arg(wantedId, workspacePath, profileListing(profiles)));
    }
  }
  std::optional<ProfileData> data = loadProfile(workspace, chosen->id, &status);
  if (!data) {
    return context.inputFailure(QStringLiteral("cannot load profile %1: %2")
                                    .arg(chosen->id)
                                    .arg(QString::fromStdString(status.message())));
  }
  const QString source = QFileInfo(QString::fromStdString(chosen->sourcePath)).fileName();
  return Loaded{std::move(*data), QStringLiteral("profile %1 (%2)").arg(chosen->id).arg(source)};
}

}  // namespace

void ProfileOptions::addTo(QCommandLineParser& parser) const {
  parser.addOptions(
      {db, profile, sampleType, diffBase, focus, ignore, hide, show, tagFocus, tagIgnore});
}

QString ProfileOptions::filterUsage() {
  return QStringLiteral(
      "  --focus R          only samples with a frame matching the regex R\n"
      "  --ignore R         drop samples with a frame matching R\n"
      "  --hide R           remove frames matching R from the stacks\n"
      "  --show R           keep only frames matching R in the stacks\n"
      "  --tagfocus T       only samples whose labels match T: KEY=REGEX[,REGEX...], or\n"
      "                     REGEX matched against KEY:VALUE (string labels, like pprof)\n"
      "  --tagignore T      drop samples whose labels match T\n");
}

QString sampleTypeList(const ProfileData& profile) {
  QStringList types;
  for (const ProfileValueType& type : profile.sampleTypes) {
    types.append(QString::fromStdString(type.type) + QLatin1Char('/') +
                 QString::fromStdString(type.unit));
  }
  return types.join(QStringLiteral(", "));
}

std::optional<ProfileInput> loadProfileInput(const QCommandLineParser& parser,
                                             const ProfileOptions& options, CommandIo& io,
                                             const QString& verb, const QString& usage,
                                             int& exitCode) {
  const Context context{io, verb, usage, exitCode};
  const QStringList positional = parser.positionalArguments();
  const bool fromWorkspace = parser.isSet(options.db);
  if (fromWorkspace && !positional.isEmpty()) {
    return context.usageFailure(
        QStringLiteral("give either --db W or a FILE, not both (unexpected '%1')")
            .arg(positional.first()));
  }
  if (!fromWorkspace && positional.isEmpty())
    return context.usageFailure(QStringLiteral("expected --db W or a profile FILE"));
  if (positional.size() > 1) {
    return context.usageFailure(
        QStringLiteral("expected one profile FILE, got %1").arg(positional.size()));
  }
  if (!fromWorkspace && parser.isSet(options.profile))
    return context.usageFailure(QStringLiteral("--profile needs --db"));

  ProfileInput input;
  input.filter.focus = parser.value(options.focus).toStdString();
  input.filter.ignore = parser.value(options.ignore).toStdString();
  input.filter.hide = parser.value(options.hide).toStdString();
  input.filter.show = parser.value(options.show).toStdString();
  input.filter.tagFocus = parser.value(options.tagFocus).toStdString();
  input.filter.tagIgnore = parser.value(options.tagIgnore).toStdString();
  if (const Status valid = validateFilter(input.filter); !valid.isOk())
    return context.usageFailure(QString::fromStdString(valid.message()));

  std::unique_ptr<Workspace> workspace;
  std::optional<Loaded> loaded;
  const QString workspacePath = parser.value(options.db);
  if (fromWorkspace) {
    workspace = openCommandWorkspace(io, verb, workspacePath, Workspace::Mode::ReadOnly);
    if (!workspace) {
      exitCode = kExitBadInput;
      return std::nullopt;
    }
    loaded = loadFromWorkspace(context, *workspace, workspacePath, parser.value(options.profile));
  } else {
    loaded = loadFromFile(context, positional.first());
  }
  if (!loaded)
    return std::nullopt;
  input.profile = std::move(loaded->data);
  input.description = loaded->description;
  if (input.profile.sampleTypes.empty())
    return context.inputFailure(QStringLiteral("%1 has no sample types").arg(input.description));

  if (parser.isSet(options.sampleType)) {
    const QString wanted = parser.value(options.sampleType);
    input.sampleType = input.profile.sampleTypeIndex(wanted.toStdString());
    if (input.sampleType < 0) {
      return context.usageFailure(
          QStringLiteral("no sample type '%1' in %2; it has: %3")
              .arg(wanted, input.description, sampleTypeList(input.profile)));
    }
  } else {
    input.sampleType = input.profile.effectiveDefaultSampleType();
  }

  if (parser.isSet(options.diffBase)) {
    const QString base = parser.value(options.diffBase);
    std::optional<Loaded> baseLoaded;
    if (fromWorkspace && isProfileId(base)) {
      baseLoaded = loadFromWorkspace(context, *workspace, workspacePath, base);
    } else {
      baseLoaded = loadFromFile(context, base);
    }
    if (!baseLoaded)
      return std::nullopt;
    const std::string& typeName = input.profile.sampleTypes[input.sampleType].type;
    if (baseLoaded->data.sampleTypeIndex(typeName) < 0) {
      return context.inputFailure(
          QStringLiteral("the diff base %1 has no sample type '%2'; it has: %3")
              .arg(baseLoaded->description, QString::fromStdString(typeName),
                   sampleTypeList(baseLoaded->data)));
    }
    input.base = std::move(baseLoaded->data);
    input.description += QStringLiteral(" minus ") + baseLoaded->description;
  }
  return input;
}

}  // namespace sightline::cli
