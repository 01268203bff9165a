// Where an installed Edict keeps what `import` can name besides the policy's own tree: the
// standard library (share/edict/stdlib) and the base policies (share/edict/policies, so that
// `import "cn/pension"` finds share/edict/policies/cn/pension). Found relative to the installed
// binary that holds this code (the `edict` command in bin/, edict-resident in libexec/edict/, or
// libedict.so in lib/), so a prefix moved after `cmake --install --prefix P` still works; the
// configure-time prefix comes last.
#pragma once
#include <filesystem>
#include <vector>

namespace edict {

// The folders an import is looked up in after the importing tree and EDICT_PATH, in order; only
// those that exist.
std::vector<std::filesystem::path> installed_import_roots();

}  // namespace edict
