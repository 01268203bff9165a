// A rule's dependency graph as inline SVG (graph.cpp). Takes: a rule of the report model.
// Produces: an <svg> element: inputs, parameters and rules it reads, the rule, the rules using it.
#pragma once
#include <string>

#include "tooling/report/model.hpp"

namespace edict::report {

std::string dependency_svg(const Rule& r);

}  // namespace edict::report
