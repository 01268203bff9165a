// The JSON the analyst's workbench (tools/workbench/web/, docs/workbench.md) reads besides /eval:
// for one served policy version, the form to fill, the notice texts with their cited sentences,
// and its own tests run. Takes: a PolicyVersion. Produces: a Reply (status and JSON body).
//
// - form: the outputs (type, doc, the inputs each needs) and the inputs (type, kind, optional,
//   default, enum cases, doc string), from the compiled program; what /v1/schema says, plus what a
//   person filling it in needs.
// - notice: the report's notice model (tooling/report/model.hpp, build_notice_model: the regression
//   core's notice texts and located citations, as `edict doc` shows them) of the served version's
//   own compilation; no test runs. Made once per version and kept while the notice text files are
//   unchanged (their size and modification time), so an edited text shows on the next request.
// - tests: the report's model of the policy folder compiled again with its tests, from the files as
//   they are now (a policy's tests/ are not part of its compiled version), run as `edict test` runs
//   them, on each request.
//   A policy served from a .edictc artifact keeps no source: 422 saying so, for both.
// The explanation of a decision is /eval's own ({"explain": true}); nothing here repeats it.
#pragma once
#include "tools/service/registry.hpp"

namespace edict::service {

// {"policy", "version", "outputs": [{name, type, doc, inputs}], "inputs": [{name, type, kind,
//  optional, has_default, default?, values?, doc}]}
Reply workbench_form(const PolicyVersion& v);

// {"policy", "notices": [{name, issued, paragraphs: [{clause, heading, parts: [{text, clause?,
//  rules?}]}]}]}: each paragraph cut into plain text and cited sentences (with the rules citing them).
Reply workbench_notice(const PolicyVersion& v);

// {"policy", "passed", "failed", "tests": [{name, where, clause, outputs, given, expect, passed,
//  broken, problems}]}: run as `edict test` runs them.
Reply workbench_tests(const PolicyVersion& v);

}  // namespace edict::service
