#include "core/report/SvgLineChart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "core/report/HtmlText.h"

namespace tl {
namespace {

constexpr int kLeft = 52;
constexpr int kRight = 12;
constexpr int kTop = 28;
constexpr int kBottom = 58;

std::string number(double value, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

/// Decimals that tell ticks `step` apart.
int decimalsFor(double step) {
    return step >= 1 ? 0 : std::min(4, static_cast<int>(std::ceil(-std::log10(step))));
}

/// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `count` ticks over `span`.
double niceStep(double span, int count) {
    const double raw = span / std::max(1, count);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (raw <= factor * power) return factor * power;
    }
    return 10 * power;
}

}  // namespace

SvgLineChart::SvgLineChart(std::string title, std::string xTitle, int width, int height)
    : title_(std::move(title)), xTitle_(std::move(xTitle)), width_(width), height_(height) {}

void SvgLineChart::addSeries(std::string name, std::string colour, std::vector<double> xs, std::vector<double> ys) {
    series_.push_back({std::move(name), std::move(colour), std::move(xs), std::move(ys)});
}

void SvgLineChart::setYRange(double minimum, double maximum) {
    fixedY_ = true;
    yMin_ = minimum;
    yMax_ = maximum;
}

std::string SvgLineChart::svg() const {
    double xMin = std::numeric_limits<double>::infinity(), xMax = -xMin;
    double yMin = xMin, yMax = -xMin;
    for (const auto& s : series_) {
        for (std::size_t i = 0; i < std::min(s.xs.size(), s.ys.size()); ++i) {
            if (!std::isfinite(s.xs[i]) || !std::isfinite(s.ys[i])) continue;
            xMin = std::min(xMin, s.xs[i]), xMax = std::max(xMax, s.xs[i]);
            yMin = std::min(yMin, s.ys[i]), yMax = std::max(yMax, s.ys[i]);
        }
    }
    if (!std::isfinite(xMin)) xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    if (fixedY_) yMin = yMin_, yMax = yMax_;
    if (xMax <= xMin) xMax = xMin + 1;
    if (yMax <= yMin) yMin -= 0.5, yMax += 0.5;
    const double plotWidth = width_ - kLeft - kRight;
    const double plotHeight = height_ - kTop - kBottom;
    auto px = [&](double x) { return kLeft + (x - xMin) / (xMax - xMin) * plotWidth; };
    auto py = [&](double y) { return kTop + (1 - (y - yMin) / (yMax - yMin)) * plotHeight; };

    std::ostringstream out;
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width_ << "\" height=\"" << height_
        << "\" viewBox=\"0 0 " << width_ << ' ' << height_ << "\" font-family=\"sans-serif\" font-size=\"11\">\n"
        << "<text x=\"" << width_ / 2 << "\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">"
        << htmlEscaped(title_) << "</text>\n"
        << "<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << plotWidth << "\" height=\"" << plotHeight
        << "\" fill=\"none\" stroke=\"#999\"/>\n";
    const double yStep = niceStep(yMax - yMin, 5);
    for (double y = std::ceil(yMin / yStep) * yStep; y <= yMax + yStep * 1e-6; y += yStep) {
        out << "<line x1=\"" << kLeft << "\" x2=\"" << kLeft + plotWidth << "\" y1=\"" << py(y) << "\" y2=\"" << py(y)
            << "\" stroke=\"#e4e4e4\"/><text x=\"" << kLeft - 4 << "\" y=\"" << py(y) + 4 << "\" text-anchor=\"end\">"
            << number(y, decimalsFor(yStep)) << "</text>\n";
    }
    const double xStep = std::max(1.0, niceStep(xMax - xMin, 6));
    for (double x = std::ceil(xMin / xStep) * xStep; x <= xMax + xStep * 1e-6; x += xStep) {
        out << "<text x=\"" << px(x) << "\" y=\"" << kTop + plotHeight + 14 << "\" text-anchor=\"middle\">"
            << number(x, decimalsFor(xStep)) << "</text>\n";
    }
    out << "<text x=\"" << kLeft + plotWidth / 2 << "\" y=\"" << kTop + plotHeight + 28 << "\" text-anchor=\"middle\">"
        << htmlEscaped(xTitle_) << "</text>\n";
    double legendX = kLeft;
    for (const auto& s : series_) {
        std::ostringstream points;
        std::size_t count = 0;
        for (std::size_t i = 0; i < std::min(s.xs.size(), s.ys.size()); ++i) {
            if (!std::isfinite(s.xs[i]) || !std::isfinite(s.ys[i])) continue;
            points << number(px(s.xs[i]), 1) << ',' << number(py(s.ys[i]), 1) << ' ';
            ++count;
        }
        out << "<polyline fill=\"none\" stroke=\"" << s.colour << "\" stroke-width=\"2\" points=\"" << points.str()
            << "\"/>\n";
        if (count <= 40) {
            for (std::size_t i = 0; i < std::min(s.xs.size(), s.ys.size()); ++i) {
                if (!std::isfinite(s.xs[i]) || !std::isfinite(s.ys[i])) continue;
                out << "<circle cx=\"" << number(px(s.xs[i]), 1) << "\" cy=\"" << number(py(s.ys[i]), 1)
                    << "\" r=\"2.5\" fill=\"" << s.colour << "\"/>";
            }
            out << "\n";
        }
        const int legendY = height_ - 10;
        out << "<rect x=\"" << legendX << "\" y=\"" << legendY - 8 << "\" width=\"14\" height=\"4\" fill=\"" << s.colour
            << "\"/><text x=\"" << legendX + 18 << "\" y=\"" << legendY - 3 << "\">" << htmlEscaped(s.name)
            << "</text>\n";
        legendX += 30 + 6.5 * static_cast<double>(s.name.size());
    }
    out << "</svg>\n";
    return out.str();
}

}  // namespace tl
