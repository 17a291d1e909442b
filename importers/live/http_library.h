#pragma once

// The one way to include cpp-httplib. Debian builds the library with OpenSSL, zlib and
// Brotli support, and those options change its classes' layout, so every includer must
// define them as the library was built (importers/CMakeLists.txt checks the pkg-config flags).
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#ifndef CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#ifndef CPPHTTPLIB_BROTLI_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif
#include <httplib.h>
