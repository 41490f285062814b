#include "scanner/read/zip_xml.h"

#include <expat.h>

#include <algorithm>

#include "common/utf8.h"
#include "scanner/read/readers_internal.h"

namespace cuomin::scanner::internal {
namespace {

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// pugixml spends about 60 bytes per element: counted before parsing, so a sheet of a million
// empty cells is refused by its count, not by running out of memory.
size_t CountElements(std::string_view xml, size_t stop_after) {
  size_t n = 0;
  for (size_t i = xml.find('<'); i != std::string_view::npos && n <= stop_after;
       i = xml.find('<', i + 1)) {
    if (i + 1 < xml.size() && xml[i + 1] != '/' && xml[i + 1] != '?' && xml[i + 1] != '!') ++n;
  }
  return n;
}

}  // namespace

Result<std::unique_ptr<ZipPackage>> ZipPackage::Open(std::string_view bytes, std::string kind,
                                                     size_t member_cap) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (src == nullptr) {
    zip_error_fini(&error);
    return Status::Error("无法读取 ." + kind + " 文件（内存不足）");
  }
  zip_t* zip = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (zip == nullptr) {
    zip_source_free(src);
    const int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    return Status::Error("不是有效的 ." + kind + " 文件（" +
                         (code == ZIP_ER_NOZIP ? "不是 zip 压缩包" : "zip 压缩包已损坏") + "）");
  }
  zip_error_fini(&error);
  std::unique_ptr<ZipPackage> p(new ZipPackage());
  p->zip_ = zip;
  p->kind_ = std::move(kind);
  p->member_cap_ = member_cap;
  return p;
}

ZipPackage::~ZipPackage() {
  if (zip_ != nullptr) zip_discard(zip_);
}

bool ZipPackage::Has(const std::string& name) const {
  return zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE) >= 0;
}

Status ZipPackage::TooBig(const std::string& name, size_t size) const {
  return Status::Error(name + " 解压后 " + FormatMegabytes(size) + " MB，超过上限 " +
                       FormatMegabytes(member_cap_) + " MB（疑似 zip 炸弹）");
}

Status ZipPackage::OpenMember(const std::string& name, zip_file_t*& file, size_t& stated) const {
  zip_int64_t index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return Status::Error("不是有效的 ." + kind_ + " 文件（缺少 " + name + "）");
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_, index, 0, &st) != 0) {
    return Status::Error("无法读取 " + name + "（zip 压缩包已损坏）");
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    return Status::Error("文件已加密，无法读取");
  }
  if ((st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported(st.comp_method, 0)) {
    return Status::Error(name + " 使用了不支持的压缩方式");
  }
  if ((st.valid & ZIP_STAT_SIZE) && st.size > member_cap_) return TooBig(name, st.size);
  file = zip_fopen_index(zip_, index, 0);
  if (file == nullptr) return Status::Error("无法读取 " + name + "：" + zip_strerror(zip_));
  stated = (st.valid & ZIP_STAT_SIZE) ? static_cast<size_t>(st.size) : 0;
  return Status::Ok();
}

Status ZipPackage::Read(const std::string& name, std::string& out) const {
  zip_file_t* opened = nullptr;
  size_t expected = 0;
  if (Status s = OpenMember(name, opened, expected); !s.ok()) return s;
  std::unique_ptr<zip_file_t, ZipFileCloser> file(opened);
  out.clear();
  out.resize(std::min(expected, member_cap_) + 1);
  size_t got = 0;
  // The stated size may lie: the read stops at the cap anyway.
  for (;;) {
    if (got == out.size()) {
      if (out.size() > member_cap_) return TooBig(name, out.size());
      out.resize(std::min(out.size() * 2 + 4096, member_cap_ + 1));
    }
    zip_int64_t n = zip_fread(file.get(), out.data() + got, out.size() - got);
    if (n < 0) {
      return Status::Error("无法解压 " + name + "：" +
                           zip_error_strerror(zip_file_get_error(file.get())));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
    if (got > member_cap_) return TooBig(name, got);
  }
  out.resize(got);
  return Status::Ok();
}

namespace {

struct ExpatFree {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

struct StreamState {
  XML_Parser parser;
  XmlEvents* events;
  bool entity_declared = false;
};

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* st = static_cast<StreamState*>(data);
  st->events->Start(LocalNameOf(name), attrs);
}

void XMLCALL OnEnd(void* data, const XML_Char* name) {
  static_cast<StreamState*>(data)->events->End(LocalNameOf(name));
}

void XMLCALL OnText(void* data, const XML_Char* text, int len) {
  static_cast<StreamState*>(data)->events->Text(std::string_view(text, static_cast<size_t>(len)));
}

// Spreadsheet parts have no DTD; one that declares entities is an XML bomb or a trap.
void XMLCALL OnEntity(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                      const XML_Char*, const XML_Char*, const XML_Char*) {
  auto* st = static_cast<StreamState*>(data);
  st->entity_declared = true;
  XML_StopParser(st->parser, XML_FALSE);
}

}  // namespace

Status ZipPackage::StreamXml(const std::string& name, XmlEvents& events) const {
  zip_file_t* opened = nullptr;
  size_t stated = 0;
  if (Status s = OpenMember(name, opened, stated); !s.ok()) return s;
  std::unique_ptr<zip_file_t, ZipFileCloser> file(opened);
  std::unique_ptr<XML_ParserStruct, ExpatFree> parser(XML_ParserCreate(nullptr));
  if (!parser) return Status::Error("无法读取 " + name + "（内存不足）");
  StreamState state{parser.get(), &events};
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetEntityDeclHandler(parser.get(), OnEntity);
  constexpr size_t kPiece = 64 * 1024;
  size_t got = 0;
  for (;;) {
    void* buf = XML_GetBuffer(parser.get(), static_cast<int>(kPiece));
    if (buf == nullptr) return Status::Error("无法读取 " + name + "（内存不足）");
    zip_int64_t n = zip_fread(file.get(), buf, kPiece);
    if (n < 0) {
      return Status::Error("无法解压 " + name + "：" +
                           zip_error_strerror(zip_file_get_error(file.get())));
    }
    got += static_cast<size_t>(n);
    if (got > member_cap_) return TooBig(name, got);
    if (XML_ParseBuffer(parser.get(), static_cast<int>(n), n == 0) != XML_STATUS_OK) {
      if (state.entity_declared) {
        return Status::Error(name + " 声明了 XML 实体（可能是 XML 炸弹），未读取");
      }
      return Status::Error(name + " 不是有效的 XML（偏移 " +
                           std::to_string(XML_GetCurrentByteIndex(parser.get())) + "：" +
                           XML_ErrorString(XML_GetErrorCode(parser.get())) + "）");
    }
    if (n == 0 || events.Done()) return Status::Ok();
  }
}

const char* AttrOf(const char** attrs, std::string_view local) {
  for (size_t i = 0; attrs != nullptr && attrs[i] != nullptr; i += 2) {
    if (LocalNameOf(attrs[i]) == local) return attrs[i + 1];
  }
  return nullptr;
}

Status ZipPackage::ReadXml(const std::string& name, size_t max_elements, std::string& buffer,
                           pugi::xml_document& doc) const {
  if (Status s = Read(name, buffer); !s.ok()) return s;
  if (CountElements(buffer, max_elements) > max_elements) {
    return Status::Error(name + " 的 XML 元素超过 " + std::to_string(max_elements) +
                         " 个（可能是压缩炸弹或畸形文件），未读取");
  }
  pugi::xml_parse_result result =
      doc.load_buffer_inplace(buffer.data(), buffer.size(),
                              pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_auto);
  if (!result) {
    return Status::Error(name + " 不是有效的 XML（偏移 " + std::to_string(result.offset) + "：" +
                         result.description() + "）");
  }
  return Status::Ok();
}

std::string_view LocalNameOf(const char* name) {
  std::string_view n(name);
  size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node ChildByLocalName(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalNameOf(c.name()) == local) return c;
  }
  return {};
}

const char* AttrByLocalName(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (LocalNameOf(a.name()) == local) return a.value();
  }
  return nullptr;
}

void AppendCleanText(std::string_view text, std::string& out) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(c < 0x20 || c == 0x7F ? ' ' : static_cast<char>(c));
      ++i;
      continue;
    }
    size_t start = i;
    char32_t cp = utf8::Next(text, i);
    if (cp == utf8::kReplacement && i - start != 3) {
      utf8::Append(out, cp);
    } else {
      out.append(text.substr(start, i - start));
    }
  }
}

}  // namespace cuomin::scanner::internal
