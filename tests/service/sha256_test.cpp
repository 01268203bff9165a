// The service's own SHA-256 against the FIPS 180-4 examples and NIST CAVP byte-oriented vectors,
// lengths around the padding boundary against a second computation in pieces, and the metrics'
// label escaping and policy-id rules.
#include <gtest/gtest.h>

#include <string>

#include "tools/service/metrics.hpp"
#include "tools/service/registry.hpp"
#include "tools/service/sha256.hpp"

namespace edict::service {
namespace {

TEST(Sha256, FipsExamples) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmn"
                         "opqrsmnopqrstnopqrstu"),
              "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256, MillionAs) {
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, CavpShortMessages) {
    EXPECT_EQ(sha256_hex("\xd3"), "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1");
    EXPECT_EQ(sha256_hex("\x11\xaf"), "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98");
}

// Every length from 0 to 200 (each padding case: 55, 56, 63, 64 bytes ...) hashed whole and in
// pieces of 1 and 7 bytes gives one digest.
TEST(Sha256, PiecesAgreeAcrossThePaddingBoundary) {
    for (size_t n = 0; n <= 200; ++n) {
        std::string text(n, '\0');
        for (size_t i = 0; i < n; ++i) text[i] = static_cast<char>(i * 31 + 7);
        for (size_t piece : {1, 7}) {
            Sha256 h;
            for (size_t at = 0; at < n; at += piece) h.update(std::string_view(text).substr(at, piece));
            EXPECT_EQ(h.hex(), sha256_hex(text)) << n << " bytes in pieces of " << piece;
        }
    }
}

TEST(ServiceMetrics, LabelValuesEscaped) {
    EXPECT_EQ(label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(ServiceMetrics, HistogramIsCumulative) {
    Metrics m;
    m.request("/v1/eval", 200, 0.0001);
    m.request("/v1/eval", 200, 0.003);
    m.request("/v1/eval", 422, 10);
    std::string text = m.render("t", 1, 0);
    EXPECT_NE(text.find("edict_http_request_duration_seconds_bucket{route=\"/v1/eval\",le=\"0.0005\"} 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("edict_http_request_duration_seconds_bucket{route=\"/v1/eval\",le=\"0.005\"} 2\n"),
              std::string::npos);
    EXPECT_NE(text.find("edict_http_request_duration_seconds_bucket{route=\"/v1/eval\",le=\"+Inf\"} 3\n"),
              std::string::npos);
    EXPECT_NE(text.find("edict_http_requests_total{route=\"/v1/eval\",status=\"422\"} 1\n"), std::string::npos);
}

TEST(ServicePolicyIds, OnlyUrlSafeSegments) {
    EXPECT_TRUE(valid_policy_id("fujian/2020-14"));
    EXPECT_TRUE(valid_policy_id("a.b_c-d"));
    EXPECT_FALSE(valid_policy_id(""));
    EXPECT_FALSE(valid_policy_id("a//b"));
    EXPECT_FALSE(valid_policy_id("a/../b"));
    EXPECT_FALSE(valid_policy_id("福建/2020"));
    EXPECT_FALSE(valid_policy_id("a b"));
    EXPECT_FALSE(valid_policy_id("a?b"));
}

}  // namespace
}  // namespace edict::service
