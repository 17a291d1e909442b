#pragma once

#include <span>
#include <vector>

#include "importers/core/importer.h"

namespace sightline {

// Decompressed bytes a file is sniffed from.
inline constexpr std::size_t kSniffBytes = 4096;

// Every format Sightline reads. The CLI, the Open dialog, drag-and-drop and the live
// receivers all go through this list.
const std::vector<FormatDescriptor>& importerRegistry();

// The format whose sniffer is most confident about `head` (decompressed first bytes), or
// null when none is.
const FormatDescriptor* detectFormat(std::span<const std::uint8_t> head);

// "All supported files (…);;OTLP traces (protobuf) (*.pb *.pb.gz …);;…" for QFileDialog,
// built from the registry (each extension also with .gz and .zst). Callers add "All files".
std::string openDialogFilter();

}  // namespace sightline
