// `edict replay LOG [--policies PATH]`: the audit question "would today's rules still decide this
// the same way?". Takes: a decision log of `edict serve --decision-log` (one JSON line per
// decision: policy id and path, version, outputs asked for, the input, the output or the error).
// Re-evaluates each decision on the policy as it is now (its logged path, or PATH/ID with
// --policies) and reports those whose outputs would differ: what each output was and would be.
// Decisions logged with --decision-log-inputs hash cannot be replayed and are counted as skipped.
// Exit: 0 none differ, 1 some differ, 3 a policy does not compile (now), 4 the log cannot be read
// or has lines that are not decisions (each reported with its line number).
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "runtime/io/json.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/registry.hpp"
#include "tools/service/registry.hpp"

namespace edict::cli {

namespace {

struct ReplayOptions {
    std::string log;
    std::string policies;  // a folder of policies; empty: each decision's logged path
    std::string format = "text";
};

using io::Json;

std::string text_of(const Json* j) { return j ? io::to_json_text(*j) : "(absent)"; }

// What a decision came to: its output object, or its error message.
struct Outcome {
    const Json* output = nullptr;
    std::string error;  // the message, when it failed
};

// One line per output that changed ("  back_pay: "9376.80" -> "9400.00""), or the failure that
// took an output's place.
std::vector<std::string> differences(const Outcome& before, const Outcome& after) {
    std::vector<std::string> out;
    if (!before.output || !after.output) {
        std::string was = before.output ? io::to_json_text(*before.output) : "error: " + before.error;
        std::string now = after.output ? io::to_json_text(*after.output) : "error: " + after.error;
        if (before.output || after.output) out.push_back(fmt::format("{} -> {}", was, now));
        return out;
    }
    for (const auto& [name, value] : before.output->members) {
        std::string was = io::to_json_text(value), now = text_of(after.output->find(name));
        if (was != now) out.push_back(fmt::format("{}: {} -> {}", name, was, now));
    }
    for (const auto& [name, value] : after.output->members)
        if (!before.output->find(name)) out.push_back(fmt::format("{}: (absent) -> {}", name, io::to_json_text(value)));
    return out;
}

class Replayer {
public:
    explicit Replayer(const ReplayOptions& o) : o_(o) {}

    // The policy a decision names, as it is now; null (reported once) when it cannot be had.
    std::shared_ptr<const service::PolicyVersion> policy(const std::string& id, const std::string& path) {
        std::string root = o_.policies.empty() ? path : o_.policies;
        auto& reg = registries_[root];
        if (!reg) {
            reg = std::make_unique<service::Registry>(root, service::Limits{1, 1'000'000, false});
            for (const std::string& m : reg->reload().messages)
                if (m.find("failed to load") != std::string::npos) std::cerr << "error: " << m << "\n";
        }
        auto states = reg->snapshot();
        if (reg->single()) return states.empty() ? nullptr : states[0].current;
        return reg->find(id);
    }

private:
    const ReplayOptions& o_;
    std::map<std::string, std::unique_ptr<service::Registry>> registries_;
};

const std::string* member_text(const Json& line, const char* key) {
    const Json* j = line.find(key);
    return j && j->type == Json::Type::String ? &j->text : nullptr;
}

int run_replay(const ReplayOptions& o) {
    std::ifstream in(o.log, std::ios::binary);
    if (!in) {
        std::cerr << fmt::format("error: cannot read the decision log {}\n", o.log);
        return kInput;
    }
    Replayer replayer(o);
    size_t replayed = 0, differ = 0, hashed = 0, bad = 0, missing = 0;
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        Json d;
        std::string error;
        auto malformed = [&](const std::string& why) {
            ++bad;
            std::cerr << fmt::format("error: {}:{}: {}\n", o.log, number, why);
        };
        if (!io::parse_json(line, d, error)) { malformed("not JSON: " + error); continue; }
        const std::string* id = d.type == Json::Type::Object ? member_text(d, "policy") : nullptr;
        const std::string* path = id ? member_text(d, "path") : nullptr;
        const std::string* version = id ? member_text(d, "version") : nullptr;
        const Json* outputs = id ? d.find("outputs") : nullptr;
        const Json* output = id ? d.find("output") : nullptr;
        const Json* failure = id ? d.find("error") : nullptr;
        if (!path || !version || !outputs || outputs->type != Json::Type::Array || (!output == !failure)) {
            malformed("not a decision of `edict serve --decision-log` (policy, path, version, outputs, and "
                      "output or error)");
            continue;
        }
        const Json* input = d.find("input");
        if (!input) {
            if (d.find("input_sha256")) ++hashed;
            else malformed("the decision has neither input nor input_sha256");
            continue;
        }
        auto policy = replayer.policy(*id, *path);
        if (!policy) {
            ++missing;
            std::cerr << fmt::format("error: {}:{}: policy `{}` cannot be loaded now; not replayed\n", o.log, number,
                                     *id);
            continue;
        }
        std::string body = "{\"input\":" + io::to_json_text(*input) + ",\"outputs\":" + io::to_json_text(*outputs) + "}";
        service::Reply now = policy->service->eval(body);
        Json answer;
        io::parse_json(now.body, answer, error);
        Outcome before, after;
        before.output = output;
        if (failure) {
            const Json* m = failure->find("message");
            before.error = m && m->type == Json::Type::String ? m->text : io::to_json_text(*failure);
        }
        after.output = now.status == 200 ? answer.find("output") : nullptr;
        if (!after.output) {
            const Json* e = answer.find("error");
            const Json* m = e ? e->find("message") : nullptr;
            after.error = m ? m->text : now.body;
        }
        ++replayed;
        std::vector<std::string> changes = differences(before, after);
        if (changes.empty()) continue;
        ++differ;
        const std::string* request = member_text(d, "request_id");
        const Json* index = d.find("case");
        std::string where = fmt::format("{}:{}: request {}{}, policy {}: version {} -> {}", o.log, number,
                                        request ? *request : "-",
                                        index && index->type == Json::Type::Number && index->text != "0"
                                            ? " case " + index->text : "",
                                        *id, *version, policy->version);
        if (o.format == "json") {
            std::string out = "{\"line\":" + std::to_string(number) + ",\"request_id\":";
            io::append_json_string(out, request ? *request : "");
            out += ",\"case\":" + (index ? io::to_json_text(*index) : "null") + ",\"policy\":";
            io::append_json_string(out, *id);
            out += ",\"logged_version\":";
            io::append_json_string(out, *version);
            out += ",\"version\":\"" + policy->version + "\",\"changes\":[";
            for (size_t i = 0; i < changes.size(); ++i) {
                if (i) out += ',';
                io::append_json_string(out, changes[i]);
            }
            std::cout << out << "]}\n";
        } else {
            std::cout << where << "\n";
            for (const std::string& c : changes) std::cout << "  " << c << "\n";
        }
    }
    std::cerr << fmt::format("{} decisions replayed: {} would differ, {} the same; {} skipped (inputs logged as a "
                             "hash), {} not replayed (policy cannot be loaded), {} bad lines\n",
                             replayed, differ, replayed - differ, hashed, missing, bad);
    if (bad) return kInput;
    if (missing) return kCompile;
    return differ ? kFailed : kOk;
}

Runner setup_replay(CLI::App& app) {
    auto o = std::make_shared<ReplayOptions>();
    auto* s = app.add_subcommand("replay", "Re-evaluate a decision log on today's policies; report what would differ");
    s->add_option("log", o->log, "A decision log of `edict serve --decision-log`")->required();
    s->add_option("--policies", o->policies,
                  "A folder of policies (as served) to replay on; default: each decision's logged path");
    s->add_option("--format", o->format, "text, or json (one line per differing decision)")
        ->capture_default_str()->check(CLI::IsMember({"text", "json"}));
    s->footer("Exit status: 0 no decision would differ, 1 some would, 3 a policy cannot be loaded,\n"
              "4 the log cannot be read or has lines that are not decisions.");
    return [o] { return run_replay(*o); };
}

const CommandRegistration replay_registration(52, setup_replay);

}  // namespace

}  // namespace edict::cli
