// The ImageNet class names shipped in resources/: 1000 of them, in the classifiers' output order.
#include <gtest/gtest.h>

#include "core/data/ImagenetLabels.h"
#include "core/util/Error.h"
#include "core/util/ResourceFolder.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

TEST(ImagenetLabels, AreTheThousandClassesInOutputOrder) {
    const auto& labels = imagenetLabels();
    ASSERT_EQ(labels.size(), 1000u);
    EXPECT_EQ(labels[0], "tench");
    EXPECT_EQ(labels[1], "goldfish");
    EXPECT_EQ(labels[281], "tabby");
    EXPECT_EQ(labels[999], "toilet tissue");
    // torchvision tells the two cranes (bird, machine) and maillots apart
    EXPECT_EQ(labels[134], "crane bird");
    EXPECT_EQ(labels[517], "crane");
    EXPECT_TRUE(std::filesystem::exists(resourceFolder() / "presets"));
}

TEST(ImagenetLabels, ReadsOneNameALine) {
    test::TempDir folder;
    // a blank line keeps its place (the indices are the classifier's outputs)
    test::writeBytes(folder / "labels.txt", "cat \r\n\ndog\n");
    EXPECT_EQ(readLabelsFile(folder / "labels.txt"), (std::vector<std::string>{"cat", "", "dog"}));
    test::writeBytes(folder / "two.txt", "cat\ndog");
    EXPECT_EQ(readLabelsFile(folder / "two.txt"), (std::vector<std::string>{"cat", "dog"}));
    EXPECT_THROW(readLabelsFile(folder / "absent.txt"), Error);
}

}  // namespace
}  // namespace tl
