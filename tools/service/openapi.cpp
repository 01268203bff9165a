// Generates the OpenAPI 3.1 document; see openapi.hpp.
#include "tools/service/openapi.hpp"

#include <nlohmann/json.hpp>

namespace edict::service {

namespace {

using J = nlohmann::ordered_json;

J schema_ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

// The wire form of a value of type `t` (runtime/io/case_codec.cpp). `input`: what is accepted
// (money and decimals also as JSON numbers) rather than what is written.
J type_schema(const Program& p, TypeId t, bool input) {
    const TypeDesc& d = p.types.at(t);
    J s;
    switch (d.kind) {
        case Kind::Bool: s = {{"type", "boolean"}}; break;
        case Kind::Int: case Kind::Days: case Kind::Months: case Kind::Years: s = {{"type", "integer"}}; break;
        case Kind::Money:
            s = input ? J{{"type", J::array({"string", "number"})}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}}
                      : J{{"type", "string"}, {"pattern", "^-?[0-9]+\\.[0-9]{2}$"}};
            s["description"] = "an amount of money as decimal text";
            break;
        case Kind::Decimal:
            s = input ? J{{"type", J::array({"string", "number"})}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}}
                      : J{{"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}};
            break;
        case Kind::Date: s = {{"type", "string"}, {"format", "date"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}; break;
        case Kind::Month: s = {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}$"}}; break;
        case Kind::Text: s = {{"type", "string"}}; break;
        case Kind::Enum: s = {{"type", "string"}, {"enum", p.types.enum_at(d.ref).cases}}; break;
        case Kind::List: s = {{"type", "array"}, {"items", type_schema(p, d.ref, input)}}; break;
        case Kind::Record: {
            const RecordDesc& r = p.types.record_at(d.ref);
            J props = J::object();
            J required = J::array();
            for (const RecordField& f : r.fields) {
                props[f.name] = type_schema(p, f.type, input);
                if (!input) required.push_back(f.name);
            }
            s = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
            if (!required.empty()) s["required"] = required;
            break;
        }
        default: s = J::object(); break;  // no wire form of its own
    }
    if (d.optional && !s.empty()) return {{"anyOf", J::array({s, {{"type", "null"}}})}};
    return s;
}

J error_response(const std::string& description) {
    return {{"description", description},
            {"headers", {{"X-Request-Id", {{"$ref", "#/components/headers/X-Request-Id"}}}}},
            {"content", {{"application/json", {{"schema", schema_ref("Error")}}}}}};
}

J json_response(const std::string& description, J schema) {
    return {{"description", description},
            {"headers", {{"X-Request-Id", {{"$ref", "#/components/headers/X-Request-Id"}}}}},
            {"content", {{"application/json", {{"schema", std::move(schema)}}}}}};
}

// The refusals a POST route may answer besides 200.
void add_post_errors(J& responses, bool pinned) {
    responses["400"] = error_response("The body is not JSON, or gives a member twice.");
    if (pinned) {
        responses["404"] = error_response("No such policy (any longer).");
        responses["409"] = error_response("The pinned version is not the one loaded.");
    }
    responses["408"] = error_response("The body did not arrive within --body-timeout.");
    responses["413"] = error_response("The body is larger than --max-body.");
    responses["415"] = error_response("A multipart or compressed body.");
    responses["422"] = error_response("JSON of the wrong shape, an unknown output, a bad or missing input.");
    responses["503"] = error_response("Busy (--max-concurrent) or the policy is not loaded; retry after Retry-After.");
    responses["503"]["headers"]["Retry-After"] = {{"schema", {{"type", "integer"}}}};
}

// A name usable as a component key (^[a-zA-Z0-9._-]+$) for policy number `i`.
std::string component(size_t i, const std::string& id, const char* what) {
    std::string s = "P" + std::to_string(i) + "_";
    for (char c : id) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '_';
    return s + "_" + what;
}

// The workbench's GET routes of one policy (tools/service/workbench.hpp).
void add_workbench_paths(J& doc, size_t i, const PolicyVersion& v, const std::string& prefix, const J& params) {
    struct Route {
        const char* path;
        const char* summary;
        const char* schema;
        const char* what;
    };
    static constexpr Route kRoutes[] = {
        {"/form", "The form to fill for ", "WorkbenchForm", "form"},
        {"/notice", "The notice texts, cited sentences marked, of ", "WorkbenchNotice", "notice"},
        {"/tests", "Run the own tests of ", "WorkbenchTests", "tests"}};
    for (const Route& r : kRoutes) {
        J responses = {{"200", json_response("The answer.", schema_ref(r.schema))},
                       {"404", error_response("No such policy (any longer).")},
                       {"409", error_response("The pinned version is not the one loaded.")},
                       {"503", error_response("The policy is not loaded.")}};
        if (r.what != std::string_view("form"))
            responses["422"] = error_response("Served from a .edictc artifact, or its tests do not compile now.");
        J o = {{"summary", r.summary + v.id}, {"operationId", component(i, v.id, r.what)}, {"tags", {v.id}},
               {"responses", responses}};
        if (!params.empty()) o["parameters"] = params;
        doc["paths"][prefix + r.path] = J{{"get", o}};
    }
}

// The bodies of the workbench's routes (tools/service/workbench.hpp, docs/workbench.md).
void add_workbench_schemas(J& c) {
    J string = {{"type", "string"}};
    J strings = {{"type", "array"}, {"items", string}};
    J boolean = {{"type", "boolean"}};
    auto object = [](J required, J properties) {
        return J{{"type", "object"},
                 {"required", std::move(required)},
                 {"additionalProperties", false},
                 {"properties", std::move(properties)}};
    };
    J output = object({"name", "type", "doc", "inputs"},
                      {{"name", string}, {"type", string}, {"doc", string}, {"inputs", strings}});
    J input = object({"name", "type", "kind", "optional", "has_default", "doc"},
                     {{"name", string},
                      {"type", string},
                      {"kind", string},
                      {"optional", boolean},
                      {"has_default", boolean},
                      {"default", {{"description", "The default, as /eval writes a value of the type."}}},
                      {"values", strings},
                      {"doc", string}});
    c["schemas"]["WorkbenchForm"] =
        object({"policy", "version", "outputs", "inputs"},
               {{"policy", string},
                {"version", string},
                {"outputs", {{"type", "array"}, {"items", output}}},
                {"inputs", {{"type", "array"}, {"items", input}}}});
    J part = object({"text"}, {{"text", string}, {"clause", string}, {"rules", strings}});
    J paragraph = object({"clause", "heading", "parts"},
                         {{"clause", string}, {"heading", boolean}, {"parts", {{"type", "array"}, {"items", part}}}});
    J notice = object({"name", "issued", "paragraphs"},
                      {{"name", string}, {"issued", string}, {"paragraphs", {{"type", "array"}, {"items", paragraph}}}});
    c["schemas"]["WorkbenchNotice"] =
        object({"policy", "notices"}, {{"policy", string}, {"notices", {{"type", "array"}, {"items", notice}}}});
    J pair = object({"name", "value"}, {{"name", string}, {"value", string}});
    J pairs = {{"type", "array"}, {"items", pair}};
    J count = {{"type", "integer"}, {"minimum", 0}};
    J test = object({"name", "where", "clause", "outputs", "given", "expect", "passed", "broken", "problems"},
                    {{"name", string},
                     {"where", string},
                     {"clause", string},
                     {"outputs", strings},
                     {"given", pairs},
                     {"expect", pairs},
                     {"passed", boolean},
                     {"broken", boolean},
                     {"problems", strings}});
    c["schemas"]["WorkbenchTests"] = object(
        {"policy", "passed", "failed", "tests"},
        {{"policy", string}, {"passed", count}, {"failed", count}, {"tests", {{"type", "array"}, {"items", test}}}});
}

// Input, Output and request schemas of one policy, and its two paths.
void add_policy(J& doc, size_t i, const PolicyVersion& v, const OpenApiOptions& o, const std::string& prefix,
                bool pinned) {
    const Program& p = *v.program;
    J inputs = J::object();
    for (const InputInfo& in : p.inputs) {
        J s = type_schema(p, in.type, true);
        if (!in.doc.empty()) s["description"] = in.doc;
        inputs[in.name] = s;
    }
    J outputs = J::object();
    J names = J::array();
    for (const OutputInfo& out : p.outputs) {
        outputs[out.name] = type_schema(p, p.rules[out.rule].type, false);
        names.push_back(out.name);
    }
    std::string in_name = component(i, v.id, "Input"), out_name = component(i, v.id, "Output");
    J input = {{"type", "object"}, {"properties", inputs}};
    if (!o.allow_extra) input["additionalProperties"] = false;
    input["description"] = "The case's inputs; one the asked outputs need and that has no default must be given.";
    doc["components"]["schemas"][in_name] = input;
    doc["components"]["schemas"][out_name] = {
        {"type", "object"}, {"properties", outputs}, {"additionalProperties", false},
        {"description", "The outputs asked for (all without \"outputs\"), in the order asked."}};
    J output_names = {{"type", "array"}, {"minItems", 1}, {"items", {{"type", "string"}}}};
    if (!names.empty()) output_names["items"]["enum"] = names;
    J eval_body = {{"type", "object"},
                   {"required", {"input"}},
                   {"additionalProperties", false},
                   {"properties",
                    {{"input", schema_ref(in_name)}, {"outputs", output_names}, {"explain", {{"type", "boolean"}}}}}};
    J batch_body = {{"type", "object"},
                    {"required", {"cases"}},
                    {"additionalProperties", false},
                    {"properties",
                     {{"cases", {{"type", "array"}, {"maxItems", o.max_cases}, {"items", schema_ref(in_name)}}},
                      {"outputs", output_names}}}};
    J eval_ok = {{"type", "object"},
                 {"required", {"output"}},
                 {"additionalProperties", false},
                 {"properties", {{"output", schema_ref(out_name)}, {"explain", schema_ref("Explanation")}}}};
    J result = {{"oneOf", J::array({J{{"type", "object"},
                                        {"required", {"output"}},
                                        {"additionalProperties", false},
                                        {"properties", {{"output", schema_ref(out_name)}}}},
                                       schema_ref("Error")})}};
    J batch_ok = {{"type", "object"},
                  {"required", {"results", "failed"}},
                  {"additionalProperties", false},
                  {"properties",
                   {{"results", {{"type", "array"}, {"items", result}}},
                    {"failed", {{"type", "integer"}, {"minimum", 0}}}}}};
    J params = J::array();
    if (pinned)
        params.push_back({{"name", "version"},
                          {"in", "query"},
                          {"required", false},
                          {"description", "Evaluate only on this version (short version, sha256 checksum or "
                                          "declared version); 409 when another is loaded."},
                          {"schema", {{"type", "string"}}}});
    std::string title = v.id + " (version " + v.version + (v.declared.empty() ? "" : ", " + v.declared) + ")";
    auto op = [&](const std::string& summary, const std::string& id, J body, J ok) {
        J responses = {{"200", json_response("Evaluated.", std::move(ok))}};
        add_post_errors(responses, pinned);
        J o = {{"summary", summary},
               {"operationId", id},
               {"tags", {v.id}},
               {"requestBody", {{"required", true}, {"content", {{"application/json", {{"schema", body}}}}}}},
               {"responses", responses}};
        if (!params.empty()) o["parameters"] = params;
        return J{{"post", o}};
    };
    if (pinned) add_workbench_paths(doc, i, v, prefix, params);
    doc["paths"][prefix + "/eval"] = op("Evaluate one case on " + title, component(i, v.id, "eval"), eval_body, eval_ok);
    doc["paths"][prefix + "/eval/batch"] =
        op("Evaluate many cases on " + title, component(i, v.id, "batch"), batch_body, batch_ok);
}

J get_op(const std::string& summary, const std::string& id, J responses) {
    return {{"get", {{"summary", summary}, {"operationId", id}, {"responses", std::move(responses)}}}};
}

J common_components() {
    J c;
    c["headers"]["X-Request-Id"] = {
        {"description", "The request's X-Request-Id, or one generated for it; decision-log lines carry it."},
        {"schema", {{"type", "string"}}}};
    c["schemas"]["Error"] = {
        {"type", "object"},
        {"required", {"error"}},
        {"additionalProperties", false},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"required", {"field", "message"}},
            {"additionalProperties", false},
            {"properties",
             {{"field", {{"type", {"string", "null"}}, {"description", "The part of the request at fault."}}},
              {"message", {{"type", "string"}}}}}}}}}};
    add_workbench_schemas(c);
    c["schemas"]["Explanation"] = {{"type", "object"},
                                   {"description", "The trace of docs/explain.md (edict explain --format json)."},
                                   {"required", {"version", "outputs", "rules"}}};
    J nullable_string = {{"type", {"string", "null"}}};
    J string = {{"type", "string"}};
    J output = {{"type", "object"}, {"required", {"name", "type"}}, {"properties", {{"name", string}, {"type", string}}}};
    c["schemas"]["Policy"] = {
        {"type", "object"},
        {"required", {"id", "path", "status", "version", "checksum", "declared_version", "loaded_at", "notices",
                      "outputs", "error", "failed_at"}},
        {"additionalProperties", false},
        {"properties",
         {{"id", {{"type", "string"}}},
          {"path", {{"type", "string"}}},
          {"status",
           {{"type", "string"},
            {"enum", {"serving", "stale", "failed"}},
            {"description", "stale: the latest load failed and the last good version is served"}}},
          {"version", nullable_string},
          {"checksum", nullable_string},
          {"declared_version", nullable_string},
          {"loaded_at", nullable_string},
          {"notices", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"outputs", {{"type", "array"}, {"items", output}}},
          {"error", nullable_string},
          {"failed_at", nullable_string}}}};
    c["schemas"]["Readiness"] = {
        {"type", "object"},
        {"required", {"status", "serving", "failures"}},
        {"properties",
         {{"status", {{"type", "string"}, {"enum", {"ready", "not ready", "draining"}}}},
          {"serving", {{"type", "integer"}}},
          {"failures",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"required", {"id", "serving", "error"}},
              {"properties",
               {{"id", {{"type", "string"}}}, {"serving", {{"type", "boolean"}}}, {"error", {{"type", "string"}}}}}}}}}}}};
    return c;
}

}  // namespace

std::string openapi_document(const std::vector<PolicyState>& policies, const OpenApiOptions& o) {
    J doc;
    doc["openapi"] = "3.1.0";
    doc["info"] = {{"title", "Edict policy service"},
                   {"version", o.build_version},
                   {"description", "Policies served by `edict serve` (docs/service.md); this document is generated "
                                   "from the versions loaded when it was fetched."}};
    doc["paths"] = J::object();
    doc["components"] = common_components();
    J health = {{"200", json_response("Alive.", {{"type", "object"},
                                                  {"required", {"status"}},
                                                  {"properties", {{"status", {{"const", "ok"}}}}}})}};
    doc["paths"]["/healthz"] = get_op("Liveness: the process answers", "healthz", health);
    J ready = {{"200", json_response("Every policy has a version loaded.", schema_ref("Readiness"))},
               {"503", json_response("A policy has no version loaded, or the server is draining.", schema_ref("Readiness"))}};
    doc["paths"]["/readyz"] = get_op("Readiness: every policy is served", "readyz", ready);
    J metrics = {{"200",
                  {{"description", "Prometheus text exposition format 0.0.4."},
                   {"content", {{"text/plain", {{"schema", {{"type", "string"}}}}}}}}}};
    doc["paths"]["/metrics"] = get_op("Metrics in Prometheus text format", "metrics", metrics);
    J list = {{"type", "object"},
              {"required", {"policies"}},
              {"properties", {{"policies", {{"type", "array"}, {"items", schema_ref("Policy")}}}}}};
    doc["paths"]["/v1/policies"] = get_op("The served policies and their versions", "listPolicies",
                                          {{"200", json_response("The policies.", list)}});
    doc["paths"]["/v1/openapi.json"] = get_op("This document", "openapi",
                                              {{"200", json_response("OpenAPI 3.1.", {{"type", "object"}})}});
    size_t served = 0;
    for (size_t i = 0; i < policies.size(); ++i) {
        if (!policies[i].current) continue;
        ++served;
        add_policy(doc, i, *policies[i].current, o, "/v1/policies/" + policies[i].id, true);
    }
    if (o.single_routes && served == 1) {
        for (size_t i = 0; i < policies.size(); ++i)
            if (policies[i].current) add_policy(doc, policies.size() + i, *policies[i].current, o, "/v1", false);
        J schema = {{"type", "object"}, {"required", {"outputs", "inputs"}}};
        doc["paths"]["/v1/schema"] =
            get_op("The policy's outputs and inputs", "schema", {{"200", json_response("Schema.", schema)}});
    }
    return doc.dump();
}

}  // namespace edict::service
