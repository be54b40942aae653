// An ordered set of container instances by a key (remaining memory, remaining CPU, the group's
// task count), augmented with the largest remaining CPU, memory, free ENIs and GPUs in every
// subtree, so "the first instance in key order from K that has at least these resources" is found
// in O(log n) instead of a scan past full instances. (A std::set scan made binpack(memory)
// quadratic: instances out of CPU keep their memory and sit first in the memory order.)
//
// A treap (randomised balanced tree) whose priorities come from the instance index, so its shape
// is the same on every run and platform.
#pragma once

#include <cstdint>
#include <vector>

namespace ecsplay {

struct Capacity {
  int32_t cpu = 0, memory = 0, enis = 0, gpus = 0;
  bool covers(const Capacity& need) const {
    return cpu >= need.cpu && memory >= need.memory && enis >= need.enis && gpus >= need.gpus;
  }
};

class ResourceTree {
 public:
  struct Item {
    int64_t key;
    int instance;
    Capacity free;
  };
  // Replaces the contents with `items`, which must be in (key, instance) order: O(n), where n
  // inserts would take O(n log n) (a group's index is rebuilt whenever the placer needs it again).
  void build(const std::vector<Item>& items);
  void insert(int64_t key, int instance, const Capacity& free);
  void erase(int64_t key, int instance);
  // Moves an entry to a new key and capacity: in place when its position in the order does not
  // change (the usual case: binpack's fullest instance stays first), else erase + insert.
  void update(int64_t oldKey, int instance, int64_t newKey, const Capacity& free);
  bool empty() const { return root_ < 0; }

  struct Entry {
    int64_t key;
    int instance;
  };
  // The first entry at or after (key, instance) in (key, instance) order whose own capacity covers
  // `need`; instance -1 when there is none.
  Entry firstFrom(int64_t key, int instance, const Capacity& need) const;

 private:
  struct Node {
    int64_t key;
    int instance;
    uint32_t priority;
    int left = -1, right = -1;
    Capacity own, most;  // most: the per-field maximum over the subtree
  };
  void refresh(int n);
  int merge(int a, int b);
  void split(int n, int64_t key, int instance, int& lo, int& hi);  // lo: < (key, instance)
  int find(int n, int64_t key, int instance, const Capacity& need, bool bounded) const;
  int insertAt(int n, int node);
  int eraseAt(int n, int64_t key, int instance);
  int alloc(int64_t key, int instance, const Capacity& free);

  std::vector<Node> nodes_;
  std::vector<int> path_;  // update()'s scratch
  std::vector<int> freeList_;
  int root_ = -1;
};

}  // namespace ecsplay
