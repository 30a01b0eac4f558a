#include "core/report/RunReport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "core/data/ImageWriter.h"
#include "core/report/HtmlText.h"
#include "core/report/SvgLineChart.h"
#include "support/FinishedRun.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

TEST(HtmlText, EscapesMarkupAndEncodesBase64) {
    EXPECT_EQ(htmlEscaped("<b>cats & \"dogs\"</b>"), "&lt;b&gt;cats &amp; &quot;dogs&quot;&lt;/b&gt;");
    EXPECT_EQ(base64("Man"), "TWFu");
    EXPECT_EQ(base64("Ma"), "TWE=");
    EXPECT_EQ(base64("M"), "TQ==");
    EXPECT_EQ(base64(""), "");
    EXPECT_EQ(base64(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(SvgLineChart, DrawsEveryFinitePointAndTheLegend) {
    SvgLineChart chart("Loss", "epoch");
    chart.addSeries("validation <val>", "#ff7f0e", {1, 2, 3, 4}, {0.9, 0.5, std::nan(""), 0.3});
    const auto svg = chart.svg();
    EXPECT_EQ(count(svg, "<circle"), 3u) << "the NaN point is left out";
    EXPECT_EQ(count(svg, "<polyline"), 1u);
    EXPECT_NE(svg.find("validation &lt;val&gt;"), std::string::npos);
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
}

TEST(RunReport, HoldsTheExperimentTheCurvesAndTheEvaluationWithItsImages) {
    test::TempDir folder;
    const auto run =
        test::writeFinishedRun(folder.path(), "cats <and> dogs", Regime::FineTune, "2026-01-03T10:00:00Z", 0.97, 5);
    const auto cat = folder / "cat.1.png";
    const auto dog = folder / "dog.1.png";
    writeImage(cat, test::gradientImage(64, 48, 1));
    writeImage(dog, test::gradientImage(64, 48, 2));
    Evaluation evaluation;
    evaluation.classes = {"cat", "dog"};
    evaluation.images = 4;
    evaluation.accuracy = 0.5;
    evaluation.loss = 0.8;
    evaluation.confusion = {{1, 1}, {1, 1}};
    evaluation.checkpoint = run.checkpointFile();
    evaluation.outcomes = {{cat, 0, 1, {0.1, 0.9}},
                           {dog, 1, 0, {0.6, 0.4}},
                           {folder / "gone.png", 1, 0, {0.7, 0.3}},
                           {dog, 1, 1, {0.2, 0.8}}};
    const auto out = folder / "report" / "run.html";
    writeRunReport(run.path(), out, &evaluation);

    const auto html = readText(out);
    EXPECT_NE(html.find("<h1>cats &lt;and&gt; dogs</h1>"), std::string::npos) << "the name, escaped";
    EXPECT_NE(html.find("the base before block5_conv1"), std::string::npos) << "the frozen layers";
    EXPECT_EQ(count(html, "<svg"), 2u) << "loss and accuracy";
    EXPECT_NE(html.find("Evaluation on the test split"), std::string::npos);
    EXPECT_NE(html.find("ROC AUC"), std::string::npos);
    EXPECT_EQ(count(html, "data:image/jpeg;base64,"), 2u) << "the two readable wrong images, embedded";
    EXPECT_NE(html.find("(image unreadable now)"), std::string::npos);
    // most confidently wrong first: the cat taken for a dog at 90%
    EXPECT_LT(html.find("cat taken for dog (90.0%)"), html.find("dog taken for cat (70.0%)"));
    EXPECT_EQ(html.find("src=\"file:"), std::string::npos) << "nothing outside the page";

    // without an evaluation: the rest of the page
    writeRunReport(run.path(), out);
    const auto plain = readText(out);
    EXPECT_EQ(plain.find("Evaluation on"), std::string::npos);
    EXPECT_NE(plain.find("How it went"), std::string::npos);
}

}  // namespace
}  // namespace tl
