// ResourceTree: a tree built at once from sorted items answers every query as one filled by
// inserts does, and both answer as a plain scan of the sorted items would.
#include <gtest/gtest.h>

#include <algorithm>

#include "ecsplay/random.h"
#include "placement/resource_tree.h"

using namespace ecsplay;

namespace {

ResourceTree::Entry scan(const std::vector<ResourceTree::Item>& sorted, int64_t key, int instance, const Capacity& need) {
  for (const auto& item : sorted) {
    bool atOrAfter = item.key != key ? item.key > key : item.instance >= instance;
    if (atOrAfter && item.free.covers(need)) return {item.key, item.instance};
  }
  return {0, -1};
}

}  // namespace

TEST(ResourceTree, BuiltFromSortedItemsAnswersLikeInsertsAndLikeAScan) {
  Random random(7);
  for (int round = 0; round < 40; ++round) {
    int n = static_cast<int>(random.below(300));
    std::vector<ResourceTree::Item> items;
    for (int i = 0; i < n; ++i) {
      Capacity free{static_cast<int32_t>(random.below(4096)), static_cast<int32_t>(random.below(16384)), static_cast<int32_t>(random.below(4)),
                    static_cast<int32_t>(random.below(2))};
      items.push_back({static_cast<int64_t>(random.below(5)), i, free});
    }
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    ResourceTree built, inserted;
    built.build(items);
    for (const auto& item : items) inserted.insert(item.key, item.instance, item.free);
    EXPECT_EQ(built.empty(), items.empty());
    for (int q = 0; q < 200; ++q) {
      Capacity need{static_cast<int32_t>(random.below(4096)), static_cast<int32_t>(random.below(16384)), static_cast<int32_t>(random.below(3)),
                    static_cast<int32_t>(random.below(2))};
      int64_t key = static_cast<int64_t>(random.below(6));
      int instance = static_cast<int>(random.below(static_cast<uint64_t>(n) + 1));
      ResourceTree::Entry want = scan(items, key, instance, need);
      ResourceTree::Entry a = built.firstFrom(key, instance, need), b = inserted.firstFrom(key, instance, need);
      ASSERT_EQ(a.instance, want.instance) << "round " << round << " query " << q;
      ASSERT_EQ(b.instance, want.instance);
      if (want.instance >= 0) {
        ASSERT_EQ(a.key, want.key);
      }
    }
    // Built trees keep working under updates.
    if (n > 0) {
      const auto& first = items.front();
      built.update(first.key, first.instance, 9, Capacity{1, 1, 0, 0});
      ResourceTree::Entry moved = built.firstFrom(9, 0, Capacity{1, 1, 0, 0});
      EXPECT_EQ(moved.instance, first.instance);
    }
  }
}
