#include "placement/resource_tree.h"

#include <algorithm>

namespace ecsplay {
namespace {

uint32_t priorityOf(int instance) {
  uint64_t z = static_cast<uint64_t>(instance) * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<uint32_t>(z ^ (z >> 31));
}

bool less(int64_t k1, int i1, int64_t k2, int i2) { return k1 != k2 ? k1 < k2 : i1 < i2; }

Capacity most(const Capacity& a, const Capacity& b) {
  return {std::max(a.cpu, b.cpu), std::max(a.memory, b.memory), std::max(a.enis, b.enis), std::max(a.gpus, b.gpus)};
}

}  // namespace

int ResourceTree::alloc(int64_t key, int instance, const Capacity& free) {
  Node node{key, instance, priorityOf(instance), -1, -1, free, free};
  if (!freeList_.empty()) {
    int n = freeList_.back();
    freeList_.pop_back();
    nodes_[static_cast<size_t>(n)] = node;
    return n;
  }
  nodes_.push_back(node);
  return static_cast<int>(nodes_.size()) - 1;
}

void ResourceTree::refresh(int n) {
  Node& node = nodes_[static_cast<size_t>(n)];
  node.most = node.own;
  if (node.left >= 0) node.most = most(node.most, nodes_[static_cast<size_t>(node.left)].most);
  if (node.right >= 0) node.most = most(node.most, nodes_[static_cast<size_t>(node.right)].most);
}

int ResourceTree::merge(int a, int b) {
  if (a < 0) return b;
  if (b < 0) return a;
  if (nodes_[static_cast<size_t>(a)].priority > nodes_[static_cast<size_t>(b)].priority) {
    nodes_[static_cast<size_t>(a)].right = merge(nodes_[static_cast<size_t>(a)].right, b);
    refresh(a);
    return a;
  }
  nodes_[static_cast<size_t>(b)].left = merge(a, nodes_[static_cast<size_t>(b)].left);
  refresh(b);
  return b;
}

void ResourceTree::split(int n, int64_t key, int instance, int& lo, int& hi) {
  if (n < 0) {
    lo = hi = -1;
    return;
  }
  Node& node = nodes_[static_cast<size_t>(n)];
  if (less(node.key, node.instance, key, instance)) {
    int l, h;
    split(node.right, key, instance, l, h);
    nodes_[static_cast<size_t>(n)].right = l;
    refresh(n);
    lo = n;
    hi = h;
  } else {
    int l, h;
    split(node.left, key, instance, l, h);
    nodes_[static_cast<size_t>(n)].left = h;
    refresh(n);
    lo = l;
    hi = n;
  }
}

// Insert and erase walk one path down and rebuild the subtree maxima on the way back up: about
// half the work of split/merge around the node.
int ResourceTree::insertAt(int n, int node) {
  if (n < 0) return node;
  Node& x = nodes_[static_cast<size_t>(node)];
  if (x.priority > nodes_[static_cast<size_t>(n)].priority) {
    int lo, hi;
    split(n, x.key, x.instance, lo, hi);
    nodes_[static_cast<size_t>(node)].left = lo;
    nodes_[static_cast<size_t>(node)].right = hi;
    refresh(node);
    return node;
  }
  if (less(x.key, x.instance, nodes_[static_cast<size_t>(n)].key, nodes_[static_cast<size_t>(n)].instance)) {
    int child = insertAt(nodes_[static_cast<size_t>(n)].left, node);
    nodes_[static_cast<size_t>(n)].left = child;
  } else {
    int child = insertAt(nodes_[static_cast<size_t>(n)].right, node);
    nodes_[static_cast<size_t>(n)].right = child;
  }
  refresh(n);
  return n;
}

int ResourceTree::eraseAt(int n, int64_t key, int instance) {
  if (n < 0) return -1;
  Node& x = nodes_[static_cast<size_t>(n)];
  if (x.key == key && x.instance == instance) {
    freeList_.push_back(n);
    return merge(x.left, x.right);
  }
  if (less(key, instance, x.key, x.instance)) {
    int child = eraseAt(x.left, key, instance);
    nodes_[static_cast<size_t>(n)].left = child;
  } else {
    int child = eraseAt(x.right, key, instance);
    nodes_[static_cast<size_t>(n)].right = child;
  }
  refresh(n);
  return n;
}

// The treap of sorted items built left to right with a stack (its right spine): each node
// adopts the nodes of lower priority it pops as its left subtree. A node's subtree is final when
// it is popped, so its maxima are computed then.
void ResourceTree::build(const std::vector<Item>& items) {
  nodes_.clear();
  freeList_.clear();
  nodes_.reserve(items.size());
  std::vector<int>& spine = path_;
  spine.clear();
  for (const Item& item : items) {
    int n = alloc(item.key, item.instance, item.free);
    int last = -1;
    while (!spine.empty() && nodes_[static_cast<size_t>(spine.back())].priority < nodes_[static_cast<size_t>(n)].priority) {
      last = spine.back();
      spine.pop_back();
      refresh(last);
    }
    nodes_[static_cast<size_t>(n)].left = last;
    if (!spine.empty()) nodes_[static_cast<size_t>(spine.back())].right = n;
    spine.push_back(n);
  }
  root_ = spine.empty() ? -1 : spine.front();
  while (!spine.empty()) {
    refresh(spine.back());
    spine.pop_back();
  }
}

void ResourceTree::insert(int64_t key, int instance, const Capacity& free) {
  int node = alloc(key, instance, free);
  root_ = insertAt(root_, node);
}

void ResourceTree::erase(int64_t key, int instance) { root_ = eraseAt(root_, key, instance); }

void ResourceTree::update(int64_t oldKey, int instance, int64_t newKey, const Capacity& free) {
  // Find the node, remembering the path and the nearest ancestors on either side: the entry may
  // keep its place if its new key stays between its neighbours.
  path_.clear();
  int n = root_;
  bool lowSet = false, highSet = false;
  int64_t lowKey = 0, highKey = 0;
  int lowInst = 0, highInst = 0;
  while (n >= 0) {
    const Node& x = nodes_[static_cast<size_t>(n)];
    path_.push_back(n);
    if (x.key == oldKey && x.instance == instance) break;
    if (less(oldKey, instance, x.key, x.instance)) {
      highSet = true;
      highKey = x.key;
      highInst = x.instance;
      n = x.left;
    } else {
      lowSet = true;
      lowKey = x.key;
      lowInst = x.instance;
      n = x.right;
    }
  }
  if (n < 0) {  // not filed: just insert
    insert(newKey, instance, free);
    return;
  }
  const Node& x = nodes_[static_cast<size_t>(n)];
  // The neighbours inside the subtree: the largest on the left, the smallest on the right.
  for (int l = x.left; l >= 0; l = nodes_[static_cast<size_t>(l)].right) {
    if (nodes_[static_cast<size_t>(l)].right < 0) {
      lowSet = true;
      lowKey = nodes_[static_cast<size_t>(l)].key;
      lowInst = nodes_[static_cast<size_t>(l)].instance;
    }
  }
  for (int r = x.right; r >= 0; r = nodes_[static_cast<size_t>(r)].left) {
    if (nodes_[static_cast<size_t>(r)].left < 0) {
      highSet = true;
      highKey = nodes_[static_cast<size_t>(r)].key;
      highInst = nodes_[static_cast<size_t>(r)].instance;
    }
  }
  bool fits = (!lowSet || less(lowKey, lowInst, newKey, instance)) && (!highSet || less(newKey, instance, highKey, highInst));
  if (!fits) {
    erase(oldKey, instance);
    insert(newKey, instance, free);
    return;
  }
  nodes_[static_cast<size_t>(n)].key = newKey;
  nodes_[static_cast<size_t>(n)].own = free;
  for (size_t k = path_.size(); k-- > 0;) refresh(path_[k]);
}

int ResourceTree::find(int n, int64_t key, int instance, const Capacity& need, bool bounded) const {
  while (n >= 0) {
    const Node& node = nodes_[static_cast<size_t>(n)];
    if (!node.most.covers(need)) return -1;
    if (bounded && less(node.key, node.instance, key, instance)) {
      n = node.right;  // everything on the left is smaller still
      continue;
    }
    int left = find(node.left, key, instance, need, bounded);
    if (left >= 0) return left;
    if (node.own.covers(need)) return n;
    n = node.right;
    bounded = false;  // right of a node at or after the bound
  }
  return -1;
}

ResourceTree::Entry ResourceTree::firstFrom(int64_t key, int instance, const Capacity& need) const {
  int n = find(root_, key, instance, need, true);
  if (n < 0) return {0, -1};
  return {nodes_[static_cast<size_t>(n)].key, nodes_[static_cast<size_t>(n)].instance};
}

}  // namespace ecsplay
