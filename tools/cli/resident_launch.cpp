// `edict serve`, `edict workbench`, `edict repl` in `edict`: listed in `edict --help` with their
// own words (resident_commands.hpp) and run by edict-resident, which this program execs with its
// argv unchanged (resident_program.hpp). Nothing after the command's name is parsed here: the
// subcommand takes its arguments as they come (CLI11's prefix_command) and has no --help of its
// own, so `edict serve --help` and a bad flag reach edict-resident's parser, which prints the real
// options and errors.
#include <string>
#include <vector>

#include "tools/cli/registry.hpp"
#include "tools/cli/resident_commands.hpp"
#include "tools/cli/resident_program.hpp"

namespace edict::cli {

namespace {

template <const ResidentCommand& command>
Runner setup_launch(CLI::App& app) {
    auto* s = app.add_subcommand(command.name, command.description);
    s->prefix_command();  // options it does not know are kept, not refused
    s->set_help_flag();   // no help of its own: --help is kept too
    // Every positional, and everything after `--`, is kept here too: a positional that always wants
    // more means no argument is handed back to the top level, which would refuse it before the real
    // command could say what is wrong.
    static std::vector<std::string> arguments;
    s->add_option("arguments", arguments)
        ->expected(CLI::detail::expected_max_vector_size, CLI::detail::expected_max_vector_size)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    return [] { return exec_resident_program(command.name, main_arguments()); };
}

const CommandRegistration serve_launch(kServeCommand.order, setup_launch<kServeCommand>);
const CommandRegistration workbench_launch(kWorkbenchCommand.order, setup_launch<kWorkbenchCommand>);
const CommandRegistration repl_launch(kReplCommand.order, setup_launch<kReplCommand>);

}  // namespace

}  // namespace edict::cli
