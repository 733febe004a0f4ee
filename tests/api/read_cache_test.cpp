// VersionedCache: a hit only at the version the value was stored under; bounded size.
#include "api/read_cache.h"

#include <gtest/gtest.h>

namespace dqc::api {
namespace {

TEST(VersionedCache, HitsOnlyAtTheStoredVersion) {
  VersionedCache<std::string> cache(10);
  cache.Put("a", 7, "seven");
  EXPECT_EQ(cache.Get("a", 7), "seven");
  EXPECT_FALSE(cache.Get("a", 8));
  EXPECT_FALSE(cache.Get("b", 7));
}

TEST(VersionedCache, ANewVersionEmptiesIt) {
  VersionedCache<std::string> cache(10);
  cache.Put("a", 1, "old");
  cache.Put("b", 2, "new");
  EXPECT_FALSE(cache.Get("a", 2));
  EXPECT_EQ(cache.Get("b", 2), "new");
  EXPECT_FALSE(cache.Get("b", 1));
}

TEST(VersionedCache, VersionZeroIsNeverCached) {
  VersionedCache<std::string> cache(10);
  cache.Put("a", 0, "x");
  EXPECT_FALSE(cache.Get("a", 0));
}

TEST(VersionedCache, AFullCacheStartsOver) {
  VersionedCache<int> cache(2);
  cache.Put("a", 1, 1);
  cache.Put("b", 1, 2);
  cache.Put("c", 1, 3);
  EXPECT_FALSE(cache.Get("a", 1));
  EXPECT_EQ(cache.Get("c", 1), 3);
}

}  // namespace
}  // namespace dqc::api
