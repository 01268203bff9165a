// The HTML writer of `edict doc` (html.cpp). Takes: a report model, a folder and the interface's
// language (strings.hpp). Produces: the folder with index.html, style.css and rules/*.html; false
// with `error` if a file cannot be written.
#pragma once
#include <string>

#include "tooling/report/model.hpp"
#include "tooling/report/strings.hpp"

namespace edict::report {

bool write_report(const Model& m, const std::string& dir, std::string& error, Lang lang = Lang::En);

}  // namespace edict::report
