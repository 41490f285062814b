// Where the crawler may connect. A scanned page chooses the URLs its link checks request, and
// a server chooses where it redirects, so a hostile page could aim them at the machine itself,
// at the office network, or at a cloud metadata service (169.254.169.254). Addresses are
// classed after resolution (a public-looking name may resolve to 127.0.0.1: DNS rebinding),
// and the fetcher connects only to the address it checked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cuomin::crawler {

// Kinds of address, as bits of a mask.
enum AddressClass : unsigned {
  kAddressPublic = 1u << 0,
  kAddressLoopback = 1u << 1,   // 127.0.0.0/8, ::1
  kAddressPrivate = 1u << 2,    // 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7
  kAddressLinkLocal = 1u << 3,  // 169.254/16 (cloud metadata), fe80::/10
  kAddressReserved = 1u << 4,   // 0/8, multicast, 240/4, broadcast, other special ranges
};
inline constexpr unsigned kAnyAddress = 0x1F;

// The class of one numeric address ("127.0.0.1", "::ffff:10.0.0.1", "fe80::1");
// kAddressReserved when `ip` is not a numeric address.
AddressClass ClassifyAddress(std::string_view ip);

// Chinese name of a class for messages: 公网地址, 本机回环地址, 内网地址, 链路本地地址, 保留地址.
std::string_view ChineseName(AddressClass c);

// The numeric addresses `host` resolves to (an IP literal, brackets allowed, resolves to
// itself), in resolver order; empty when it does not resolve.
std::vector<std::string> ResolveHost(std::string_view host);

// The union of the classes `host` resolves to; 0 when it does not resolve.
unsigned ClassesOfHost(std::string_view host);

}  // namespace cuomin::crawler
