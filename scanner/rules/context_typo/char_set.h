// Character sets the context typo detector asks about for every candidate (detector.cc,
// detector_gaps.cc).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace cuomin::scanner::lm {

// A set of characters of the Basic Multilingual Plane as a bitmap. The sets below are asked
// about every confusable of every word (the whole-word and real-word loops); scanning their
// strings there cost a fifth of the detector's time.
class CharSet {
 public:
  constexpr explicit CharSet(std::u32string_view chars) {
    for (char32_t c : chars) bits_.at(c >> 6) |= uint64_t{1} << (c & 63);
  }
  constexpr bool Has(char32_t c) const {
    return c < 0x10000 && ((bits_[c >> 6] >> (c & 63)) & 1) != 0;
  }

 private:
  std::array<uint64_t, 0x10000 / 64> bits_{};
};

// Numerals are never changed: 十四五, 一带一路 and amounts are not typos of their neighbours.
inline constexpr CharSet kNumerals(U"〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟");
inline bool IsNumeral(char32_t c) { return kNumerals.Has(c); }

// Function characters standing alone are normal, not a trace of a broken word; looking at
// them would only multiply candidates.
inline constexpr CharSet kFunction(
    U"的了是在和与及或把被对为将从以等也都就而并且之其这那着过地得所于向各每该");
inline bool IsFunctionChar(char32_t c) { return kFunction.Has(c); }

// The characters of transliterated foreign names (凯尔特, 阿贝尔, 尼米兹): their order is the
// foreign name's, so a swap that turns one such stretch into another (特尔 for 尔特) says
// nothing.
inline constexpr CharSet kTransliteration(
    U"阿埃艾爱安奥澳巴拜班邦贝本比彼波伯博布查达戴丹道德登迪蒂丁杜多厄恩尔法菲芬丰弗伏福盖戈"
    U"格古哈海汉豪赫亨胡华霍基吉加贾杰金卡凯坎康考柯科克肯库奎拉莱兰朗劳勒雷蕾里利莉连林琳"
    U"留隆卢鲁路伦罗洛马玛迈麦曼芒梅门蒙米密明摩莫姆穆纳娜奈南内尼妮纽诺欧帕潘庞佩彭皮珀"
    U"普齐奇乔切琼丘萨塞桑瑟森沙莎舍什施史舒斯松苏索塔泰坦汤唐特滕提廷图托瓦万威韦维温沃"
    U"乌伍西希锡夏谢辛休雅亚扬耶伊因英尤于约詹兹佐");

}  // namespace cuomin::scanner::lm
