#pragma once
#include <string>
#include <vector>

namespace tl {

/// A line chart as inline SVG text (for the HTML report): axes with a few labelled ticks, one
/// polyline per series with a dot per point when there are few, and a legend. Non-finite points
/// are left out. Plain text, no dependencies; pixel sizes.
class SvgLineChart {
public:
    SvgLineChart(std::string title, std::string xTitle, int width = 460, int height = 280);

    /// Adds a series; `colour` is a CSS colour ("#1f77b4").
    void addSeries(std::string name, std::string colour, std::vector<double> xs, std::vector<double> ys);
    /// Fixes the y range (accuracies: 0..1); by default it fits the data.
    void setYRange(double minimum, double maximum);

    std::string svg() const;

private:
    struct Series {
        std::string name;
        std::string colour;
        std::vector<double> xs;
        std::vector<double> ys;
    };
    std::string title_;
    std::string xTitle_;
    int width_;
    int height_;
    bool fixedY_ = false;
    double yMin_ = 0;
    double yMax_ = 1;
    std::vector<Series> series_;
};

}  // namespace tl
