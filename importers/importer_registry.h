#pragma once

#include <span>
#include <vector>

#include "importers/importer.h"

namespace sightline {

// Every format Sightline reads. The CLI, the Open dialog, drag-and-drop and the live
// receivers all go through this list.
const std::vector<FormatDescriptor>& importerRegistry();

// The format whose sniffer is most confident about `head` (decompressed first bytes), or
// null when none is.
const FormatDescriptor* detectFormat(std::span<const std::uint8_t> head);

// "OTLP traces (*.pb *.json …);;…" for QFileDialog, built from the registry.
std::string openDialogFilter();

}  // namespace sightline
