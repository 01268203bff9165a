// The dependency graph of one rule as inline SVG, laid out without a layout engine: what the rule
// reads on the left (inputs, parameters, rules), the rule in the middle, the rules that use it on
// the right, with curved arrows in the direction values flow. Rule boxes link to their pages.
#include "tooling/report/graph.hpp"
#include "runtime/support/utf8.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "tooling/report/html_util.hpp"

namespace edict::report {

namespace {

constexpr int kBoxH = 26, kGap = 10, kPad = 16, kColGap = 70, kFont = 13;

// Width of text at 13px: CJK and other wide characters take about a full em, ASCII about 0.6.
int text_width(const std::string& s) {
    int w = 0;
    for (size_t i = 0, len; i < s.size(); i += len) w += utf8::width(utf8::decode(s, i, len)) == 2 ? kFont + 1 : 8;
    return w;
}

struct Node {
    std::string label, kind, href;  // kind: input, param, rule, self
    int x = 0, y = 0, w = 0;
};

void column(std::vector<Node>& nodes, int x, int& width, int top) {
    width = 0;
    for (Node& n : nodes) width = std::max(width, text_width(n.label) + 2 * kPad);
    int y = top;
    for (Node& n : nodes) {
        n.x = x;
        n.w = width;
        n.y = y;
        y += kBoxH + kGap;
    }
}

void box(std::string& o, const Node& n) {
    std::string rect = fmt::format(R"(<rect class="node {}" x="{}" y="{}" width="{}" height="{}" rx="5"/>)", n.kind, n.x, n.y,
                                   n.w, kBoxH);
    std::string text = fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)", n.x + n.w / 2,
                                   n.y + kBoxH / 2 + kFont / 2 - 2, escape(n.label));
    std::string title = fmt::format("<title>{} {}</title>", n.kind == "self" ? "rule" : n.kind, escape(n.label));
    if (n.href.empty()) o += fmt::format(R"(<g class="gnode" data-kind="{}">{}{}{}</g>)", n.kind, title, rect, text);
    else o += fmt::format(R"(<a class="gnode" data-kind="{}" href="{}">{}{}{}</a>)", n.kind, escape(n.href), title, rect, text);
    o += '\n';
}

void edge(std::string& o, const Node& from, const Node& to) {
    int x1 = from.x + from.w, y1 = from.y + kBoxH / 2, x2 = to.x - 2, y2 = to.y + kBoxH / 2;
    int mid = (x1 + x2) / 2;
    o += fmt::format(R"x(<path class="edge" d="M{},{} C{},{} {},{} {},{}" marker-end="url(#arrow)"/>)x", x1, y1, mid, y1, mid, y2, x2,
                     y2);
    o += '\n';
}

}  // namespace

std::string dependency_svg(const Rule& r) {
    std::vector<Node> left, right;
    for (const std::string& s : r.inputs) left.push_back({s, "input", "", 0, 0, 0});
    for (const std::string& s : r.params) left.push_back({s, "param", "", 0, 0, 0});
    for (const std::string& s : r.rules) left.push_back({s, "rule", rule_file(s), 0, 0, 0});
    for (const std::string& s : r.used_by) right.push_back({s, "rule", rule_file(s), 0, 0, 0});
    size_t rows = std::max<size_t>({left.size(), right.size(), 1});
    int height = static_cast<int>(rows) * (kBoxH + kGap) - kGap + 2 * kGap;
    auto top_of = [&](size_t n) { return kGap + (height - 2 * kGap - (static_cast<int>(n) * (kBoxH + kGap) - kGap)) / 2; };
    int lw = 0, rw = 0, sw = 0;
    column(left, kGap, lw, top_of(left.size()));
    int sx = left.empty() ? kGap : kGap + lw + kColGap;
    std::vector<Node> self{{r.name, "self", "", 0, 0, 0}};
    column(self, sx, sw, top_of(1));
    column(right, sx + sw + kColGap, rw, top_of(right.size()));
    int width = sx + sw + (right.empty() ? 0 : kColGap + rw) + kGap;
    std::string o = fmt::format(
        R"(<svg class="depgraph" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="dependencies of {}">)",
        width, height, width, height, escape(r.name));
    o += "\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
         "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>\n";
    for (const Node& n : left) edge(o, n, self[0]);
    for (const Node& n : right) edge(o, self[0], n);
    for (const Node& n : left) box(o, n);
    box(o, self[0]);
    for (const Node& n : right) box(o, n);
    o += "</svg>\n";
    return o;
}

}  // namespace edict::report
