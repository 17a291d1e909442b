#include "ui/profiles/flame_graph_data.h"

#include "ui/profiles/flame_graph_colors.h"
#include "ui/profiles/flame_graph_layout.h"

namespace sightline {

std::shared_ptr<const FlameGraphData> prepareFlameGraph(std::shared_ptr<const CallTree> tree) {
  if (!tree || tree->nodes.empty())
    return nullptr;
  auto data = std::make_shared<FlameGraphData>();
  data->order = parentsFirstOrder(*tree);
  data->offsets = nodeOffsets(*tree, data->order);
  data->diffScale = kMinDiffScale;
  if (tree->differential) {
    data->diffScale = diffColorScale(*tree);
  } else {
    data->nameColors.reserve(tree->names.size());
    for (const std::string& name : tree->names)
      data->nameColors.push_back(functionColor(name));
  }
  data->tree = std::move(tree);
  return data;
}

}  // namespace sightline
