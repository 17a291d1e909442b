#include "app/flame_command.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QFile>
#include <QSaveFile>

#include "app/profile_source.h"
#include "model/profiles/call_tree.h"
#include "model/text/profile_value_text.h"
#include "ui/report/html/flame_svg.h"

namespace sightline::cli {

namespace {

constexpr int kMinWidth = 200;
constexpr int kMaxWidth = 100000;

QString subtitleOf(const CallTree& tree, const ProfileFilter& filter) {
  const std::string& unit = tree.sampleType.unit;
  QString subtitle =
      QStringLiteral("%1 (%2), total %3")
          .arg(QString::fromStdString(tree.sampleType.type), QString::fromStdString(unit),
               formatScaledValue(tree.total(), unit, "auto"));
  if (tree.differential) {
    subtitle += QStringLiteral(", base total %1; red: self share grew, blue: shrank")
                    .arg(formatScaledValue(tree.baseTotal(), unit, "auto"));
  }
  const std::pair<const char*, const std::string*> filters[] = {
      {"focus", &filter.focus}, {"ignore", &filter.ignore},     {"hide", &filter.hide},
      {"show", &filter.show},   {"tagfocus", &filter.tagFocus}, {"tagignore", &filter.tagIgnore}};
  for (const auto& [name, value] : filters) {
    if (!value->empty())
      subtitle +=
          QStringLiteral("; %1=%2").arg(QLatin1String(name), QString::fromStdString(*value));
  }
  return subtitle;
}

}  // namespace

QString flameUsage() {
  return QStringLiteral(
             "Usage: sightline flame (--db W [--profile ID] | FILE) --svg OUT.svg [options]\n"
             "\n"
             "Writes a flame graph of a profile as a standalone SVG file (tooltips on every box,\n"
             "colours by package; no scripts). With --diff-base, a differential flame graph:\n"
             "widths from the profile, colours by the change of each function's self share\n"
             "(red grew, blue shrank). Boxes narrower than 0.1 px are drawn merged per run of\n"
             "siblings, or left out when even the run is narrower.\n"
             "\n"
             "Options:\n"
             "  --svg OUT          the SVG file to write ('-' for stdout)\n"
             "  --db W             the workspace file\n"
             "  --profile ID       the profile of W (needed when W holds several)\n"
             "  --sample-type T    e.g. cpu, samples, alloc_space (default: pprof's default)\n"
             "  --diff-base BASE   base profile of a differential graph (a FILE, or with --db a\n"
             "                     profile id)\n") +
         ProfileOptions::filterUsage() +
         QStringLiteral(
             "  --width PX         width of the image in pixels (default 1200)\n"
             "  -h, --help         show this help\n"
             "\n"
             "Exit codes: 0 success, 1 the input cannot be read or OUT cannot be written,\n"
             "2 usage error.\n");
}

int runFlameCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("flame");
  QCommandLineParser parser;
  const ProfileOptions options;
  const QCommandLineOption svg(QStringLiteral("svg"), QString(), QStringLiteral("OUT"));
  const QCommandLineOption width(QStringLiteral("width"), QString(), QStringLiteral("PX"));
  options.addTo(parser);
  parser.addOptions({svg, width});
  if (auto exit = parseVerbArguments(parser, arguments, flameUsage(), io))
    return *exit;
  if (!parser.isSet(svg) || parser.value(svg).isEmpty())
    return usageError(io, verb, QStringLiteral("--svg OUT.svg is required"), flameUsage());

  FlameSvgOptions svgOptions;
  if (parser.isSet(width)) {
    bool ok = false;
    svgOptions.width = parser.value(width).toInt(&ok);
    if (!ok || svgOptions.width < kMinWidth || svgOptions.width > kMaxWidth) {
      return usageError(io, verb,
                        QStringLiteral("--width expects pixels from %1 to %2, not '%3'")
                            .arg(kMinWidth)
                            .arg(kMaxWidth)
                            .arg(parser.value(width)),
                        flameUsage());
    }
  }

  int exitCode = kExitOk;
  const std::optional<ProfileInput> input =
      loadProfileInput(parser, options, io, verb, flameUsage(), exitCode);
  if (!input)
    return exitCode;

  const CallTree tree =
      input->base
          ? buildDiffCallTree(input->profile, *input->base, input->sampleType, input->filter)
          : buildCallTree(input->profile, input->sampleType, input->filter);
  svgOptions.title = (tree.differential ? QStringLiteral("Differential flame graph: ")
                                        : QStringLiteral("Flame graph: ")) +
                     input->description;
  svgOptions.subtitle = subtitleOf(tree, input->filter);

  const QString outPath = parser.value(svg);
  if (outPath == QLatin1String("-")) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    writeFlameSvg(buffer, tree, svgOptions);
    io.out << QString::fromUtf8(buffer.data());
    io.out.flush();
    return kExitOk;
  }
  // Written aside and renamed, so that a failed run never leaves half an SVG behind.
  QSaveFile file(outPath);
  if (!file.open(QIODevice::WriteOnly))
    return inputError(io, verb,
                      QStringLiteral("cannot write '%1': %2").arg(outPath, file.errorString()));
  const FlameSvgStats stats = writeFlameSvg(file, tree, svgOptions);
  if (!file.commit())
    return inputError(io, verb,
                      QStringLiteral("cannot write '%1': %2").arg(outPath, file.errorString()));
  io.out << QStringLiteral(
                "wrote %1: %2 frames, %3 merged boxes, %4 frames too narrow to draw alone\n")
                .arg(outPath)
                .arg(stats.frames)
                .arg(stats.merged)
                .arg(stats.omitted);
  io.out.flush();
  return kExitOk;
}

}  // namespace sightline::cli
