// The rank environment torchrun and schedulers set, read as a DistributedSpec.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/training/DistributedSpec.h"
#include "core/training/internal/BatchProvider.h"
#include "support/ErrorText.h"
#include "support/ScopedEnv.h"

namespace tl {
namespace {

using test::contains;
using test::errorOf;
using test::ScopedEnv;

TEST(DistributedSpec, NoWorldSizeMeansAnOrdinaryRun) {
    ::unsetenv("WORLD_SIZE");
    EXPECT_FALSE(distributedSpecFromEnvironment().has_value());
}

TEST(DistributedSpec, ReadsTorchrunsVariables) {
    const ScopedEnv world("WORLD_SIZE", "4"), rank("RANK", "3"), address("MASTER_ADDR", "10.1.2.3"),
        port("MASTER_PORT", "29600"), timeout("TRANSFERLAB_DIST_TIMEOUT", "42");
    const auto spec = distributedSpecFromEnvironment();
    ASSERT_TRUE(spec.has_value());
    EXPECT_EQ(spec->worldSize, 4);
    EXPECT_EQ(spec->rank, 3);
    EXPECT_EQ(spec->masterAddress, "10.1.2.3");
    EXPECT_EQ(spec->masterPort, 29600);
    EXPECT_EQ(spec->timeoutSeconds, 42);
    EXPECT_TRUE(spec->isDistributed());
    EXPECT_FALSE(spec->isLeader());
}

TEST(DistributedSpec, AMalformedVariableIsNamedWithItsRange) {
    {
        const ScopedEnv world("WORLD_SIZE", "2"), rank("RANK", "2");
        const auto message = errorOf([] { distributedSpecFromEnvironment(); });
        EXPECT_TRUE(contains(message, "RANK=2")) << message;
        EXPECT_TRUE(contains(message, "from 0 to 1")) << message;
    }
    {
        const ScopedEnv world("WORLD_SIZE", "two");
        EXPECT_TRUE(contains(errorOf([] { distributedSpecFromEnvironment(); }), "WORLD_SIZE=two"));
    }
    {
        const ScopedEnv world("WORLD_SIZE", "2"), rank("RANK", "0"), port("MASTER_PORT", "70000");
        EXPECT_TRUE(contains(errorOf([] { distributedSpecFromEnvironment(); }), "MASTER_PORT=70000"));
    }
}

TEST(DistributedSpec, ValidationNamesWhatCannotDescribeARun) {
    DistributedSpec spec;
    spec.worldSize = 2;
    spec.rank = 5;
    EXPECT_TRUE(contains(errorOf([&] { validateDistributedSpec(spec); }), "rank 5 is outside 0-1"));
    spec.rank = 1;
    spec.masterPort = 0;
    EXPECT_TRUE(contains(errorOf([&] { validateDistributedSpec(spec); }), "port 0"));
    spec.masterPort = 29500;
    spec.timeoutSeconds = 0;
    EXPECT_TRUE(contains(errorOf([&] { validateDistributedSpec(spec); }), "timeout"));
}

TEST(Shard, SplitsABatchIntoContiguousBalancedPartsThatCoverIt) {
    for (const int ranks : {1, 2, 3, 7}) {
        for (const std::size_t rows : {0u, 1u, 5u, 20u, 21u}) {
            std::size_t next = 100;  // the batch's first slot
            for (int r = 0; r < ranks; ++r) {
                const auto [begin, end] = internal::Shard{r, ranks}.of(100, 100 + rows);
                EXPECT_EQ(begin, next) << ranks << " ranks, " << rows << " rows, rank " << r;
                EXPECT_LE(end - begin, rows / static_cast<std::size_t>(ranks) + 1);
                next = end;
            }
            EXPECT_EQ(next, 100 + rows) << "every row has a rank";
        }
    }
}

}  // namespace
}  // namespace tl
