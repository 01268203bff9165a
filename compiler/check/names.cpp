// "Did you mean": edit distance over code points so Chinese names compare by character.
#include <algorithm>
#include <string>
#include <vector>

#include "compiler/check/checker.hpp"
#include "runtime/support/utf8.hpp"

namespace edict::check {

namespace {
std::vector<uint32_t> code_points(std::string_view s) {
    std::vector<uint32_t> out;
    for (size_t i = 0, len; i < s.size(); i += len) out.push_back(utf8::decode(s, i, len));
    return out;
}
}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<uint32_t> x = code_points(a), y = code_points(b);
    std::vector<size_t> prev(y.size() + 1), cur(y.size() + 1);
    for (size_t j = 0; j <= y.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= x.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= y.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[y.size()];
}

}  // namespace edict::check
