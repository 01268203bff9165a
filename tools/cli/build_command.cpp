// `edict build POLICY -o policy.edictc`: compiles a policy and writes its compiled artifact
// (runtime/bytecode/artifact.hpp). The file replaces its destination atomically (support/files.hpp),
// so a host reloading that path sees the old artifact or the new one, never half of one, and a
// destination that is not a regular file (a device, a FIFO, a folder, a link) is refused; the
// artifact is loaded back and verified before it is written, so a build that succeeds is loadable.
#include <iostream>

#include <fmt/format.h>

#include "runtime/bytecode/artifact.hpp"
#include "tools/cli/commands.hpp"
#include "compiler/driver/compile.hpp"
#include "tools/cli/registry.hpp"
#include "runtime/support/files.hpp"

namespace edict::cli {

std::unique_ptr<Compilation> compile_or_report(const std::string& policy);

namespace {

struct BuildOptions {
    std::string policy;
    std::string out;
    bool quiet = false;
};

int run_build(const BuildOptions& o) {
    auto c = compile_or_report(o.policy);
    if (!c->ok()) return kCompile;
    std::string bytes, error;
    if (!save_artifact(*c->program, bytes, error)) {
        std::cerr << "error: " << error << "\n";
        return kFailed;
    }
    // The round trip proves the artifact loads and passes the verifier before anyone sees it.
    if (!load_artifact(bytes, error)) {
        std::cerr << "error: the artifact does not load back (a bug in edict): " << error << "\n";
        return kFailed;
    }
    if (!replace_file(o.out, bytes, error)) {
        std::cerr << "error: " << error << "\n";
        return kInput;
    }
    if (!o.quiet)
        std::cerr << fmt::format("wrote {} ({} bytes, format {}, {} rules, {} outputs)\n", o.out, bytes.size(),
                                 kArtifactVersion, c->program->rules.size(), c->program->outputs.size());
    return kOk;
}

Runner setup_build(CLI::App& app) {
    auto o = std::make_shared<BuildOptions>();
    auto* b = app.add_subcommand("build", "Compile a policy into an artifact (.edictc) that loads without the compiler");
    b->add_option("policy", o->policy, "Policy folder or .edict file")->required();
    b->add_option("--output,-o", o->out, "Artifact file to write, such as policy.edictc")->required();
    b->add_flag("--quiet,-q", o->quiet, "Do not print the summary line");
    b->footer("Exit status: 0 written, 1 internal error, 2 bad command line, 3 policy does not compile, "
              "4 the artifact cannot be written.");
    return [o] { return run_build(*o); };
}

const CommandRegistration build_registration(35, setup_build);

}  // namespace

}  // namespace edict::cli
