// The OpenAPI 3.1 document of `edict serve` (GET /v1/openapi.json), generated from the policies
// loaded at the moment it is asked for. Takes: the registry's snapshot. Produces: one path per
// route, and for each served policy its own /v1/policies/{id}/eval and /eval/batch paths whose
// request and answer schemas are that policy's inputs and outputs (types as on the wire: money and
// decimals as decimal text, dates YYYY-MM-DD, months YYYY-MM, enums by case name, optional types
// also null), and the error body every refusal carries. Concrete paths rather than one templated
// {id}: ids hold '/', which an OpenAPI path parameter may not, and each policy has its own schema.
// tests/service/openapi_check.py validates it with @apidevtools/swagger-parser and checks every
// answer of every documented route against it.
#pragma once
#include <string>
#include <vector>

#include "tools/service/registry.hpp"

namespace edict::service {

struct OpenApiOptions {
    std::string build_version;
    bool single_routes = false;  // /v1/eval, /v1/eval/batch and /v1/schema answer (one policy served)
    bool allow_extra = false;    // inputs the policy does not declare are ignored, not refused
    size_t max_cases = 10000;
};

std::string openapi_document(const std::vector<PolicyState>& policies, const OpenApiOptions& options);

}  // namespace edict::service
