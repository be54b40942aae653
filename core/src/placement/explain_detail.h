// Shared by explainPlacement() and Placer::explain().
#pragma once

#include <vector>

#include "ecsplay/placement.h"

namespace ecsplay::detail {

void rankAndChoose(PlacementExplanation& out, const std::vector<int>& candidates,
                   const std::vector<PlacementStrategyItem>& strategies, size_t instanceCount, Random& random);

}  // namespace ecsplay::detail
