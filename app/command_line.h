#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <memory>
#include <optional>

#include "model/store/workspace.h"
#include "ui/shell/gui_entry.h"

namespace sightline::cli {

// Exit codes of every verb (DESIGN.md "Command line").
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;
inline constexpr int kExitUsage = 2;

// Where a command writes. The binary passes stdout/stderr; tests pass string buffers.
struct CommandIo {
  QTextStream& out;
  QTextStream& err;
  bool errIsTerminal = false;  // progress lines are only drawn on a terminal
};

// True when `word` is a headless verb (import, traces, trace, sql, top, flame, help, --help,
// --version).
bool isCommandVerb(const QString& word);
// Whether the verb lays out text (fonts: a QGuiApplication, offscreen is enough): `report`.
bool verbNeedsGui(const QString& verb);

// Runs a headless verb; arguments[0] is the verb. Returns the process exit code.
int runCommand(const QStringList& arguments, CommandIo& io);

// The top-level usage text (every verb, one line each).
QString mainUsage();

// Parses the arguments of the GUI mode (everything after the program name that does not
// start with a verb): files, --db W, --screenshot OUT.png, --view traces|waterfall.
// Returns false and fills `error` on a usage error.
bool parseGuiArguments(const QStringList& arguments, GuiOptions& options, QString& error);

// Runs `parser` over a verb's arguments (arguments[0] is the verb). Handles --help (usage to
// stdout, exit 0) and usage errors (message and usage to stderr, exit 2); returns nullopt when
// the verb should go on. The parser must not have addHelpOption(); this adds -h/--help.
std::optional<int> parseVerbArguments(QCommandLineParser& parser, const QStringList& arguments,
                                      const QString& usage, CommandIo& io);

// Prints "sightline VERB: message" and the verb's usage to stderr; returns kExitUsage.
int usageError(CommandIo& io, const QString& verb, const QString& message, const QString& usage);

// Prints "sightline VERB: message" to stderr; returns kExitBadInput.
int inputError(CommandIo& io, const QString& verb, const QString& message);

// Opens the workspace named by --db for a verb. ReadOnly refuses a file that does not exist
// (SQLite would create it). Prints the reason and returns null on failure (exit 1).
std::unique_ptr<Workspace> openCommandWorkspace(CommandIo& io, const QString& verb,
                                                const QString& path, Workspace::Mode mode);

}  // namespace sightline::cli
