// Decoding order: forced > BOM > valid UTF-8 > declared > detection. Valid UTF-8 beats a
// declared charset because real government pages declare GB2312 while serving UTF-8 bytes,
// and a non-ASCII GB18030 text is practically never valid UTF-8 by accident.
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include "common/strings.h"
#include "common/utf8.h"
#include "scanner/read/encoding_internal.h"

namespace cuomin::scanner::encoding {
namespace {

// Labels that name GB2312 or one of its supersets; all are decoded as GB18030 because pages
// declared GB2312 routinely contain GBK characters.
constexpr std::array<std::string_view, 12> kGbLabels = {
    "gb2312", "gbk",     "cp936",      "xgbk",     "euccn", "gb231280",
    "ms936",  "gb18030", "windows936", "csgb2312", "csgbk", "iso58gb231280"};

// How much of the input the statistical detector looks at.
constexpr size_t kDetectSampleBytes = 64 * 1024;

std::string Squash(std::string_view label) {
  std::string out;
  for (char c : label) {
    if (c == '-' || c == '_' || c == ' ' || c == '.' || c == ':') continue;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return out;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Writes U+FFFD for every unmappable or malformed sequence and counts them. ICU's stock
// substitute callback may write U+001A for some codepages; U+FFFD is what users expect.
void CountingSubstitute(const void* context, UConverterToUnicodeArgs* args, const char*,
                        int32_t length, UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset/close/clone: nothing to do
  const UChar kFffd = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kFffd, 1, 0, err);
  auto* counts = static_cast<size_t*>(const_cast<void*>(context));
  ++counts[0];
  counts[1] += static_cast<size_t>(std::max(length, int32_t{1}));
}

// An unpaired surrogate in UTF-16 input passes ICU's UTF-16 decoder and is met by the UTF-8
// encoder instead: it becomes U+FFFD there, counted as the two bytes of its code unit.
void CountingFromUSubstitute(const void* context, UConverterFromUnicodeArgs* args, const UChar*,
                             int32_t length, UChar32, UConverterCallbackReason reason,
                             UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;
  *err = U_ZERO_ERROR;
  ucnv_cbFromUWriteBytes(args, "\xEF\xBF\xBD", 3, 0, err);
  auto* counts = static_cast<size_t*>(const_cast<void*>(context));
  ++counts[0];
  counts[1] += 2 * static_cast<size_t>(std::max(length, int32_t{1}));
}

// Converts bytes in the ICU charset `name` to UTF-8. Returns false only when ICU cannot open
// the converter. `errors` receives the number of substituted sequences, `lost` (when given)
// the bytes they covered.
bool ConvertToUtf8(std::string_view bytes, const char* name, std::string& out, size_t& errors,
                   size_t* lost = nullptr) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr source(ucnv_open(name, &status));
  if (U_FAILURE(status)) return false;
  ConverterPtr target(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) return false;
  size_t counts[2] = {0, 0};  // sequences, bytes
  ucnv_setToUCallBack(source.get(), CountingSubstitute, counts, nullptr, nullptr, &status);
  ucnv_setFromUCallBack(target.get(), CountingFromUSubstitute, counts, nullptr, nullptr, &status);
  out.clear();
  out.reserve(bytes.size() + bytes.size() / 2);
  std::array<UChar, 4096> pivot;
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  const char* src = bytes.data();
  const char* src_end = bytes.data() + bytes.size();
  std::array<char, 64 * 1024> chunk;
  bool reset = true;
  for (;;) {
    char* dst = chunk.data();
    status = U_ZERO_ERROR;
    ucnv_convertEx(target.get(), source.get(), &dst, chunk.data() + chunk.size(), &src, src_end,
                   pivot.data(), &pivot_source, &pivot_target, pivot.data() + pivot.size(), reset,
                   /*flush=*/true, &status);
    reset = false;
    out.append(chunk.data(), dst - chunk.data());
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    break;
  }
  errors = counts[0];
  if (lost != nullptr) *lost = counts[1];
  return !U_FAILURE(status);
}

// How a line reads as UTF-8: well-formed non-ASCII characters and malformed bytes.
struct Utf8Stats {
  size_t good = 0;
  size_t bad = 0;
};
Utf8Stats Utf8StatsOf(std::string_view line) {
  Utf8Stats st;
  for (size_t i = 0; i < line.size();) {
    if (static_cast<unsigned char>(line[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t before = i;
    char32_t c = utf8::Next(line, i);
    if (c == utf8::kReplacement && i - before != 3) {
      ++st.bad;
    } else {
      ++st.good;
    }
  }
  return st;
}

// A GBK line read as UTF-8 is mostly malformed (three or more bad bytes per accidental
// character); a UTF-8 line with a few corrupted bytes is mostly well-formed.
bool ReadsAsGb(const Utf8Stats& st) { return st.bad > 0 && st.bad >= st.good; }

// A file pasted together from UTF-8 and GBK parts (a common result of copying between old and
// new CMS): some lines are clean UTF-8 with Chinese in them, others read as GBK. Three
// characters at least, because a short GBK line can be valid UTF-8 by accident ("联通" is the
// classic case); a whole line of GBK that is, is practically never.
bool LooksMixed(std::string_view bytes) {
  size_t utf8_lines = 0, gb_lines = 0;
  for (size_t start = 0; start < bytes.size();) {
    size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    Utf8Stats st = Utf8StatsOf(bytes.substr(start, end - start));
    if (st.bad == 0 && st.good >= 3) ++utf8_lines;
    if (ReadsAsGb(st)) ++gb_lines;
    if (utf8_lines > 0 && gb_lines > 0) return true;
    start = end + 1;
  }
  return false;
}

// Line by line: UTF-8 where a line reads as UTF-8 (its malformed bytes lost and counted),
// `fallback` elsewhere.
void ConvertMixed(std::string_view bytes, const char* fallback, std::string& out, size_t& lost) {
  out.clear();
  out.reserve(bytes.size() + bytes.size() / 2);
  lost = 0;
  std::string part;
  for (size_t start = 0; start < bytes.size();) {
    size_t end = bytes.find('\n', start);
    end = end == std::string_view::npos ? bytes.size() : end + 1;
    std::string_view line = bytes.substr(start, end - start);
    Utf8Stats st = Utf8StatsOf(line);
    if (st.bad == 0) {
      out.append(line);
    } else {
      size_t errors = 0, line_lost = 0;
      ConvertToUtf8(line, ReadsAsGb(st) ? fallback : "UTF-8", part, errors, &line_lost);
      out += part;
      lost += line_lost;
    }
    start = end;
  }
}

bool IsGbLabel(std::string_view squashed) {
  return std::find(kGbLabels.begin(), kGbLabels.end(), squashed) != kGbLabels.end();
}

struct Detection {
  std::string name;  // ICU name of the best match
  int confidence = 0;
  int gb18030_confidence = 0;
};

Detection RunDetector(std::string_view sample) {
  Detection d;
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&status);
  if (U_FAILURE(status)) return d;
  ucsdet_enableInputFilter(det, true);  // ignore markup when the bytes are HTML
  ucsdet_setText(det, sample.data(), static_cast<int32_t>(sample.size()), &status);
  int32_t found = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det, &found, &status);
  if (U_SUCCESS(status)) {
    for (int32_t k = 0; k < found; ++k) {
      UErrorCode s = U_ZERO_ERROR;
      const char* name = ucsdet_getName(matches[k], &s);
      int conf = ucsdet_getConfidence(matches[k], &s);
      if (U_FAILURE(s) || name == nullptr) continue;
      if (d.name.empty()) {
        d.name = name;
        d.confidence = conf;
      }
      if (std::strcmp(name, "GB18030") == 0) d.gb18030_confidence = conf;
    }
  }
  ucsdet_close(det);
  return d;
}

// Detection on a prefix of the input; the prefix may cut a character in two, which is why the
// trial decoding allows a small error budget.
std::string DetectEncoding(std::string_view bytes) {
  std::string_view sample = bytes.substr(0, kDetectSampleBytes);
  // Mostly UTF-8 with a few corrupted bytes is still UTF-8.
  size_t multibyte = 0, bad = 0;
  for (size_t i = 0; i < sample.size();) {
    if (static_cast<unsigned char>(sample[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t before = i;
    char32_t c = utf8::Next(sample, i);
    if (c == utf8::kReplacement && i - before != 3) {
      ++bad;
    } else {
      ++multibyte;
    }
  }
  // In GB18030 or Big5 text nearly every non-ASCII byte breaks UTF-8: over the shared
  // gov-text files re-encoded, valid sequences were at most a third of the bad bytes. So valid
  // UTF-8 characters outnumbering bad bytes twice over is UTF-8 with damage, even in a short
  // file (one line with three stray bytes was read as Latin-1 and checked for nothing).
  if (multibyte > 0 && bad * 2 < multibyte) return "UTF-8";

  std::string trial;
  size_t gb_errors = 0;
  ConvertToUtf8(sample, "GB18030", trial, gb_errors);
  // One broken sequence may come from cutting the sample.
  bool gb_clean = gb_errors <= 1 + sample.size() / 2000;
  Detection d = RunDetector(sample);
  const std::string& top = d.name;
  bool other_cjk = top == "Big5" || top == "Shift_JIS" || top == "EUC-JP" || top == "EUC-KR";
  if (other_cjk && d.confidence >= 70 && (!gb_clean || d.gb18030_confidence < 30)) return top;
  if (gb_clean) return "GB18030";
  if (!top.empty() && top != "GB18030" && d.confidence >= 30) return top;
  return "GB18030";
}

}  // namespace

std::string SniffMetaCharset(std::string_view html_bytes) {
  std::string head(html_bytes.substr(0, kMetaSniffBytes));
  for (char& c : head) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) end = head.size();
    std::string_view tag(head.data() + pos, end - pos);
    pos = end;
    size_t cs = tag.find("charset");
    if (cs == std::string_view::npos) continue;
    size_t i = cs + 7;
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t')) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '"' || tag[i] == '\''))
      ++i;
    size_t start = i;
    while (i < tag.size() && tag[i] != '"' && tag[i] != '\'' && tag[i] != ';' && tag[i] != ' ' &&
           tag[i] != '/' && tag[i] != '\t' && tag[i] != '>') {
      ++i;
    }
    if (i > start) return std::string(tag.substr(start, i - start));
  }
  return "";
}

bool IsValidUtf8(std::string_view s) { return utf8::IsValid(s); }

std::string_view SniffUtf16WithoutBom(std::string_view bytes) {
  std::string_view sample = bytes.substr(0, 4096);
  size_t pairs = sample.size() / 2;
  if (pairs < 2) return "";
  size_t even_zero = 0, odd_zero = 0;
  for (size_t k = 0; k + 1 < sample.size(); k += 2) {
    if (sample[k] == 0) ++even_zero;
    if (sample[k + 1] == 0) ++odd_zero;
  }
  // ASCII-heavy UTF-16 has a NUL in nearly every pair; Chinese UTF-16 has few, so this only
  // catches mixed text. Chinese text without a BOM is left to the caller's --encoding.
  if (odd_zero * 10 >= pairs * 3 && even_zero * 20 < pairs) return "UTF-16LE";
  if (even_zero * 10 >= pairs * 3 && odd_zero * 20 < pairs) return "UTF-16BE";
  return "";
}

bool LooksBinary(std::string_view bytes) {
  std::string_view sample = bytes.substr(0, 64 * 1024);
  if (sample.empty()) return false;
  size_t control = 0;
  for (char ch : sample) {
    auto c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F)
      ++control;
  }
  return control * 100 > sample.size();  // more than 1% control characters
}

std::string CanonicalName(std::string_view label) {
  label = Trim(label, " \t\"'");  // a quoted charset label
  if (label.empty()) return "";
  std::string squashed = Squash(label);
  if (IsGbLabel(squashed)) return "GB18030";
  if (squashed == "utf8") return "UTF-8";
  std::string name(label);
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr cnv(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status)) return "";
  const char* icu_name = ucnv_getName(cnv.get(), &status);
  if (U_FAILURE(status) || icu_name == nullptr) return "";
  for (const char* standard : {"MIME", "IANA"}) {
    UErrorCode s = U_ZERO_ERROR;
    const char* std_name = ucnv_getStandardName(icu_name, standard, &s);
    if (U_SUCCESS(s) && std_name != nullptr) return std_name;
  }
  return icu_name;
}

struct StreamDecoder::Converters {
  ConverterPtr source;
  ConverterPtr target;
  // ICU's pivot between the two converters: what it holds carries over to the next chunk.
  std::array<UChar, 4096> pivot;
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  bool reset = true;
};

Result<std::unique_ptr<StreamDecoder>> StreamDecoder::Open(const std::string& name) {
  std::unique_ptr<StreamDecoder> d(new StreamDecoder());
  d->cnv_ = std::make_unique<Converters>();
  d->name_ = name;
  UErrorCode status = U_ZERO_ERROR;
  d->cnv_->source.reset(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status)) return Status::Error("未知的编码：" + name);
  d->cnv_->target.reset(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) return Status::Error("无法打开 UTF-8 转换器");
  ucnv_setToUCallBack(d->cnv_->source.get(), CountingSubstitute, d->counts_, nullptr, nullptr,
                      &status);
  ucnv_setFromUCallBack(d->cnv_->target.get(), CountingFromUSubstitute, d->counts_, nullptr,
                        nullptr, &status);
  if (U_FAILURE(status)) return Status::Error("无法设置 " + name + " 转换器");
  return d;
}

StreamDecoder::~StreamDecoder() = default;

void StreamDecoder::Decode(std::string_view bytes, bool last, std::string& out) {
  Converters& c = *cnv_;
  const char* src = bytes.data();
  const char* src_end = bytes.data() + bytes.size();
  std::array<char, 64 * 1024> chunk;
  for (;;) {
    char* dst = chunk.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_convertEx(c.target.get(), c.source.get(), &dst, chunk.data() + chunk.size(), &src, src_end,
                   c.pivot.data(), &c.pivot_source, &c.pivot_target,
                   c.pivot.data() + c.pivot.size(), c.reset, last, &status);
    c.reset = false;
    out.append(chunk.data(), dst - chunk.data());
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
  }
}

Result<Decoded> Decode(std::string_view bytes, std::string_view declared, std::string_view forced,
                       std::string* owned) {
  Decoded out;
  auto take_utf8 = [&](size_t skip) {
    out.encoding = "UTF-8";
    if (owned != nullptr && owned->data() == bytes.data() && owned->size() == bytes.size()) {
      owned->erase(0, skip);
      out.text = std::move(*owned);
    } else {
      out.text.assign(bytes.substr(skip));
    }
  };
  auto convert = [&](std::string name, size_t skip) {
    size_t errors = 0;
    out.encoding = name;
    ConvertToUtf8(bytes.substr(skip), name.c_str(), out.text, errors, &out.lost_bytes);
  };

  if (!forced.empty()) {
    std::string name = CanonicalName(forced);
    if (name.empty()) {
      return Status::Error("未知的编码：" + std::string(forced));
    }
    size_t skip = 0;
    if (name == "UTF-8" && bytes.substr(0, 3) == "\xEF\xBB\xBF") skip = 3;
    if (name == "UTF-16LE" && bytes.substr(0, 2) == "\xFF\xFE") skip = 2;
    if (name == "UTF-16BE" && bytes.substr(0, 2) == "\xFE\xFF") skip = 2;
    if (name == "UTF-8" && IsValidUtf8(bytes.substr(skip))) {
      take_utf8(skip);
    } else {
      convert(name, skip);
    }
    return out;
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    if (IsValidUtf8(bytes.substr(3))) {
      take_utf8(3);
    } else {
      convert("UTF-8", 3);
    }
    return out;
  }
  if (bytes.substr(0, 2) == "\xFF\xFE") {
    convert("UTF-16LE", 2);
    return out;
  }
  if (bytes.substr(0, 2) == "\xFE\xFF") {
    convert("UTF-16BE", 2);
    return out;
  }
  if (std::string_view utf16 = SniffUtf16WithoutBom(bytes); !utf16.empty()) {
    convert(std::string(utf16), 0);
    return out;
  }
  if (IsValidUtf8(bytes)) {
    take_utf8(0);
    return out;
  }
  std::string name = CanonicalName(declared);
  // A declared UTF-8 that the bytes contradict is as unreliable as a wrong GB2312: detect.
  if (name.empty() || name == "UTF-8") name = DetectEncoding(bytes);
  if ((name == "GB18030" || name == "UTF-8") && LooksMixed(bytes)) {
    out.encoding = "UTF-8+GB18030";
    ConvertMixed(bytes, "GB18030", out.text, out.lost_bytes);
    return out;
  }
  convert(name, 0);
  return out;
}

}  // namespace cuomin::scanner::encoding

namespace cuomin::scanner {

Result<Decoded> DecodeBytes(std::string_view bytes, std::string_view declared,
                            std::string_view forced) {
  return encoding::Decode(bytes, declared, forced, nullptr);
}

}  // namespace cuomin::scanner
