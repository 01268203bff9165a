// A main() for the fuzz targets when they are built with the normal compiler (no libFuzzer): CI
// replays each corpus through it, and `--smoke SECONDS` runs a short random-mutation smoke test
// (byte flips, inserts, erases, splices of corpus entries, seeded so a failure replays), which
// under the asan preset is a sanitizer-checked fuzz run that needs no clang. Takes: files and
// directories of inputs. Produces: "N inputs replayed" (and "M mutants tried"); exit 0, or the
// crash / sanitizer report of the input at fault (its name is printed before it runs;
// a smoke mutant is written to ./fuzz-smoke-last-input before it runs).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

static std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

static void run(const std::string& bytes) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

int main(int argc, char** argv) {
    double smoke = 0;
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--smoke" && i + 1 < argc) { smoke = std::atof(argv[++i]); continue; }
        fs::path p(a);
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            for (const auto& e : fs::recursive_directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
        } else if (fs::is_regular_file(p, ec)) {
            files.push_back(p);
        } else {
            std::fprintf(stderr, "replay: no such file or directory: %s\n", a.c_str());
            return 2;
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> corpus;
    for (const auto& f : files) {
        std::fprintf(stderr, "replay: %s\n", f.c_str());
        corpus.push_back(read_file(f));
        run(corpus.back());
    }
    std::printf("%zu inputs replayed\n", corpus.size());
    if (smoke <= 0) return 0;
    if (corpus.empty()) corpus.push_back("");
    std::mt19937_64 rng(20261129);
    const auto t0 = std::chrono::steady_clock::now();
    uint64_t tried = 0;
    while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < smoke) {
        std::string m = corpus[rng() % corpus.size()];
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const size_t at = m.empty() ? 0 : rng() % (m.size() + 1);
            switch (rng() % 5) {
                case 0: if (at < m.size()) m[at] = static_cast<char>(m[at] ^ (1u << (rng() % 8))); break;
                case 1: m.insert(at, 1, static_cast<char>(rng() % 256)); break;
                case 2: if (at < m.size()) m.erase(at, 1 + rng() % 8); break;
                case 3: if (at < m.size()) m[at] = "{}[]\",:0-9.e\\ \n()=<>"[rng() % 21]; break;
                default: {  // splice a piece of another entry
                    const std::string& o = corpus[rng() % corpus.size()];
                    if (!o.empty()) {
                        const size_t from = rng() % o.size();
                        m.insert(at, o.substr(from, 1 + rng() % 64));
                    }
                }
            }
        }
        // The mutant about to run, so that a crash leaves it behind to replay.
        std::ofstream("fuzz-smoke-last-input", std::ios::binary | std::ios::trunc) << m;
        run(m);
        ++tried;
    }
    std::printf("%llu mutants tried in %.0f s\n", static_cast<unsigned long long>(tried), smoke);
    return 0;
}
