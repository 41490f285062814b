#include "crawler/address_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

namespace cuomin::crawler {
namespace {

AddressClass ClassifyV4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  if (in(0x7F000000, 8)) return kAddressLoopback;
  if (in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) || in(0x64400000, 10)) {
    return kAddressPrivate;
  }
  if (in(0xA9FE0000, 16)) return kAddressLinkLocal;
  if (in(0x00000000, 8) || in(0xE0000000, 4) || in(0xF0000000, 4) || in(0xC0000000, 24) ||
      in(0xC0000200, 24) || in(0xC6120000, 15) || in(0xC6336400, 24) || in(0xCB007100, 24)) {
    return kAddressReserved;
  }
  return kAddressPublic;
}

}  // namespace

AddressClass ClassifyAddress(std::string_view ip) {
  std::string s(ip);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) return ClassifyV4(ntohl(v4.s_addr));
  in6_addr v6;
  if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return kAddressReserved;
  const uint8_t* b = v6.s6_addr;
  static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  static const uint8_t kZero[15] = {};
  if (std::memcmp(b, kMapped, 12) == 0) {  // ::ffff:a.b.c.d is that IPv4 address
    return ClassifyV4(uint32_t{b[12]} << 24 | uint32_t{b[13]} << 16 | uint32_t{b[14]} << 8 | b[15]);
  }
  if (std::memcmp(b, kZero, 15) == 0) return b[15] == 1 ? kAddressLoopback : kAddressReserved;
  if ((b[0] & 0xFE) == 0xFC) return kAddressPrivate;
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return kAddressLinkLocal;
  if (b[0] == 0xFF) return kAddressReserved;
  if ((b[0] & 0xE0) != 0x20) return kAddressReserved;  // global unicast is 2000::/3
  return kAddressPublic;
}

std::string_view ChineseName(AddressClass c) {
  switch (c) {
    case kAddressPublic:
      return "公网地址";
    case kAddressLoopback:
      return "本机回环地址";
    case kAddressPrivate:
      return "内网地址";
    case kAddressLinkLocal:
      return "链路本地地址";
    case kAddressReserved:
      return "保留地址";
  }
  return "保留地址";
}

std::vector<std::string> ResolveHost(std::string_view host) {
  std::string name(host);
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  std::vector<std::string> out;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &res) != 0) return out;
  for (addrinfo* p = res; p != nullptr; p = p->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    const void* addr = nullptr;
    if (p->ai_family == AF_INET) {
      addr = &reinterpret_cast<sockaddr_in*>(p->ai_addr)->sin_addr;
    } else if (p->ai_family == AF_INET6) {
      addr = &reinterpret_cast<sockaddr_in6*>(p->ai_addr)->sin6_addr;
    }
    if (addr != nullptr && inet_ntop(p->ai_family, addr, buf, sizeof buf) != nullptr) {
      out.emplace_back(buf);
    }
  }
  freeaddrinfo(res);
  return out;
}

unsigned ClassesOfHost(std::string_view host) {
  unsigned classes = 0;
  for (const std::string& ip : ResolveHost(host)) classes |= ClassifyAddress(ip);
  return classes;
}

}  // namespace cuomin::crawler
