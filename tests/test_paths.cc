// The paths are compiled into this one object only. Were they -D flags of every test, each
// checkout's tests would differ in their command lines and ccache could share none of them
// between worktrees or with CI's second build.
#include "test_paths.h"

namespace cuomin::test_paths {

std::string Testdata() { return CUOMIN_TESTDATA_DIR; }
std::string Dictionaries() { return CUOMIN_DICTIONARY_DIR; }
std::string Binary() { return CUOMIN_BINARY; }
std::string ReadProbe() { return CUOMIN_READ_PROBE; }

}  // namespace cuomin::test_paths
