// SHA-256 (FIPS 180-4), for the service's policy versions (the checksum of a compiled artifact)
// and for decision logs that record a hash of each case's inputs instead of the inputs.
// Takes: bytes. Produces: the digest as 64 lowercase hex digits.
// Our own ~80 lines rather than libssl: the service needs one hash over kilobytes, and linking
// OpenSSL for it would add a security-critical dependency to every build. Checked against the
// FIPS 180-4 / NIST CAVP vectors in tests/service/service_units_test.cpp.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace edict::service {

class Sha256 {
public:
    Sha256();
    void update(std::string_view bytes);
    std::string hex();  // finishes the hash; the object is spent afterwards

private:
    void block(const unsigned char* p);
    std::array<uint32_t, 8> h_;
    unsigned char buffer_[64];
    size_t buffered_ = 0;
    uint64_t length_ = 0;  // bytes hashed
};

std::string sha256_hex(std::string_view bytes);

}  // namespace edict::service
