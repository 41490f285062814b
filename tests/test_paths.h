// Where the tests find the source tree's data and the built binary.
#pragma once

#include <string>

namespace cuomin::test_paths {

// tests/testdata of this checkout.
std::string Testdata();
// dictionaries/ of this checkout.
std::string Dictionaries();
// The cuomin binary of this build.
std::string Binary();
// tests/read_probe.cc of this build: reads one file and prints its peak memory.
std::string ReadProbe();

}  // namespace cuomin::test_paths
