#!/usr/bin/env python3
"""Builds the reviewed sensitive word lists in dictionaries/sensitive/ from the noisy
konsheng/Sensitive-lexicon (MIT) lists.

Categories shipped: gambling, pornography, violence (violence, terror, guns and explosives),
fraud (fake documents, invoices, cash-out, pyramid selling, exam cheating), vulgarity.
Political lists (反动词库, 政治类型, 贪腐词库, 新思想启蒙, COVID-19词库, 民生词库, 其他词库) are not
read at all: they are full of leaders' names and ordinary political words.

Pipeline for every candidate term:
  1. normalise (trim, drop wildcard '*', remove spaces), drop single characters and pure
     ASCII/digit terms (they match inside English words, URLs and 'XXX' placeholders);
  2. assign a category: the dedicated porn / violence lists, else keyword patterns below
     (terms matching no category are not shipped);
  3. drop political terms (POLITICAL pattern), leaders' and historical persons' names;
  4. drop ordinary words: anything occurring in the clean gov-text corpus, anything in jieba's
     dictionary with frequency >= JIEBA_MAX_FREQ;
  5. apply the committed manual review: scripts/data/sensitive_drop.txt (terms or /regex/ that
     are ordinary or off-topic) and scripts/data/sensitive_keep.txt (category<TAB>term: core
     terms kept even though they occur in the corpus, e.g. 赌博 — rules downgrade them to info
     in a combating context — and terms added by hand).
Prints counts per category, per drop reason, and the hits of the final lists on the corpus.
Usage: python3 scripts/build_sensitive_lists.py
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dictlib  # noqa: E402

SRC = dictlib.data_path("sensitive", "konsheng-lexicon")
OUT_DIR = os.path.join(dictlib.DICT_DIR, "sensitive")
JIEBA_MAX_FREQ = 200

# file -> category forced for every term in it (None: classify by keywords).
SOURCES = {
    "色情类型.txt": "pornography",
    "色情词库.txt": "pornography",
    "涉枪涉爆.txt": "violence",
    "暴恐词库.txt": None,
    "广告类型.txt": None,
    "补充词库.txt": None,
    "GFW补充词库.txt": None,
    "网易前端过滤敏感词库.txt": None,
    "零时-Tencent.txt": None,
}

CATEGORY_PATTERNS = [
    ("gambling", re.compile(
        "赌|博彩|百家乐|六合彩|六合采|六合採|时时彩|老虎机|轮盘|娱乐城|投注|下注|买码|特码|私彩|"
        "北京赛车|德州扑克|梭哈|炸金花|真人荷官|彩金|首存|返水|出千|千术|麻将机|菠菜网|赛马会|"
        "葡京|威尼斯人|太阳城|澳门银河|金沙|开奖|白小姐|曾道人|码报|跑狗|马会|牌九|骰宝|番摊|"
        "打鱼机|捕鱼机|电玩城|上分|下分|扑克牌|作弊器|透视眼镜|隐形眼镜扑克|变牌")),
    ("pornography", re.compile(
        "色情|淫|裸|性爱|做爱|性交|奸|乳|阴[道茎唇蒂毛部户]|鸡巴|屄|屌|肏|操[逼屄你她我死烂]|"
        "成人[电影网站视频影院图片小说论坛用品]|一夜情|援交|约炮|楼凤|口交|肛交|激情[视电图小]|"
        "三级片|乱伦|自慰|情色|黄色[网电小视图]|黄片|毛片|A片|色图|色片|色站|色网|丝袜美|"
        "美女[裸视直]|荡妇|骚|浪女|小姐[上服包]|包夜|全套|胸推|推油|足交|潮吹|高潮|手淫|春药|"
        "催情|迷药|迷情|性奴|调教|SM|av女优|女优|AV|爆乳|巨乳|舔|吞精|射精|精液|偷拍|走光|"
        "露点|兽交|人兽|嫖|卖淫|卖身|妓|伴游|外围女|上门服务|特殊服务|鸭子|鸡婆|三陪")),
    ("violence", re.compile(
        "枪|炸药|炸弹|雷管|爆炸物|手雷|弹药|军火|管制刀|砍刀|弩|杀手|买凶|雇凶|杀人|"
        "恐怖袭击|人体炸弹|自杀式|圣战|东突|疆独|爆破|硝铵|硝酸甘油|TNT|黑火药|燃烧弹|"
        "毒药|氰化|砒霜|铊|蓖麻毒|催泪|电击器|防身|迷魂|麻醉|绑架|暗杀|血洗|屠杀|灭门|"
        "自制.*[弹炮药]|制作.*[弹炮药]|[弹炮药]制作|弹弓|钢珠")),
    ("fraud", re.compile(
        "办证|假证|代开|发票|假币|刻章|公章|套现|网贷|裸贷|高利贷|洗钱|传销|刷单|刷信誉|"
        "兼职打字|中奖|冒充|诈骗|钓鱼网站|窃听|监听|跟踪定位|手机定位|身份证号码出售|"
        "出售.*[证卡号]|[证卡号].*出售|办理.*[证照凭]|文凭|学历认证|代考|替考|枪手|考试答案|"
        "考题|答案出售|作弊|改分|黑客|盗号|木马|解码器|改号|短信群发|伪基站|信用卡代|"
        "征信修复|洗白|提现|拆借|贷款无需|无抵押贷|秒批|包过|包拿证|资金盘|庞氏|返利|"
        "内部消息|原始股|股票推荐|荐股|带单|杀猪盘|跑分|收购银行卡|收购.*卡|出租.*卡|"
        "代办|黑户|白户|流水|车贷|二手枪")),
    ("vulgarity", re.compile(
        "傻逼|傻B|傻b|煞笔|沙比|你妈|他妈|她妈|妈的|妈逼|妈蛋|尼玛|草泥马|卧槽|我靠|"
        "狗日|王八蛋|龟儿子|贱人|贱货|婊|操你|干你|日你|滚蛋|去死|混蛋|杂种|狗娘|畜生|"
        "人渣|脑残|白痴|智障|二逼|装逼|逼格|撕逼|屌丝|蛋疼|逗比|碧池|绿茶婊|土鳖|废物|"
        "死全家|全家死|你大爷|TMD|tmd|NMD|nmd|SB|sb")),
]

POLITICAL = re.compile(
    "共产|中共|共党|政府|政权|主席|总理|总书记|书记|委员|常委|国务院|人大|政协|中央|党|"
    "法轮|法lun|轮功|李洪志|大法|明慧|大纪元|六四|天安门|民主|自由|独立|人权|维权|上访|"
    "领导人|习|江泽民|胡锦涛|温家宝|李鹏|邓小平|毛泽东|周恩来|达赖|藏独|台独|港独|疆独|"
    "东突|西藏|新疆|维吾尔|示威|游行|罢工|暴动|革命|起义|政变|专政|宪政|选举|反共|反华|"
    "警察|公安|军队|解放军|武警|部队|军委|国家安全|宗教|邪教|教会|基督|佛教|伊斯兰|穆斯林|"
    "真主|喇嘛|活佛|圣经|上帝|神")

VIOLENCE_TRADE = re.compile(
    "出售|销售|买卖|售|卖|专卖|专营|批发|直销|订购|到货|出货|价格|电话|QQ|qq|供应|转让|购买|"
    "找枪|制作|自制|配方|图纸|教程|DIY|手册|组装|人体炸弹|人肉炸弹|塑胶炸弹|皮箱炸弹|胶质炸弹|"
    "迷魂|毒药|防身|枪手|陪考|代考|考试枪|圣战不息|开展圣战|遥控|简易炸")

ASCII_RE = re.compile(r"^[\x00-\x7f]+$")


def norm(term):
    term = term.strip().strip("*").replace(" ", "").replace("\u3000", "")
    return term


def load_leader_and_person_names():
    names = set()
    for line in dictlib.read_lines(os.path.join(dictlib.DICT_DIR, "expression", "leaders.txt")):
        if line and not line.startswith("#"):
            names.add(line.split("\t")[0])
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "历史名人.txt")):
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) >= 200 and len(parts[0]) >= 2:
            names.add(parts[0])
    return names


def read_drop_list():
    """Terms, and (category or None, regex) pairs from lines '/re/' or 'category:/re/'."""
    words, patterns = set(), []
    for entry in dictlib.read_review_list("sensitive_drop.txt"):
        m = re.match(r"^(?:([a-z]+):)?/(.+)/$", entry)
        if m:
            patterns.append((m.group(1), re.compile(m.group(2))))
        else:
            words.add(entry)
    return words, patterns


def read_keep_list():
    keep = []
    for entry in dictlib.read_review_list("sensitive_keep.txt"):
        parts = entry.split("\t") if "\t" in entry else entry.split(None, 1)
        if len(parts) == 2:
            keep.append((parts[0].strip(), norm(parts[1])))
    return keep


def classify(term, forced):
    if forced == "pornography":
        # The porn lists also hold gambling and vulgar terms; keep them in their category.
        for cat, rx in CATEGORY_PATTERNS:
            if cat in ("gambling", "vulgarity") and rx.search(term):
                return cat
        return forced
    if forced:
        return forced
    for cat, rx in CATEGORY_PATTERNS:
        if rx.search(term):
            return cat
    return None


# Domains never shipped as illegal even if a source lists them: big legitimate services whose
# subdomains the lists name (user pages), and government or education domains.
LEGIT_DOMAIN = re.compile(r"(^|\.)(qq\.com|163\.com|126\.com|sina\.com(\.cn)?|sohu\.com|baidu\.com|"
                          r"taobao\.com|tmall\.com|jd\.com|weibo\.com|blog\.com|github\.com|"
                          r"google\.com|microsoft\.com|apple\.com|3322\.org|\w+\.gov\.cn|"
                          r"\w+\.edu\.cn|gov\.cn|edu\.cn)$")
DOMAIN_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$")


def build_domains(texts):
    """Gambling / porn / spam domains from 非法网址.txt, for rule sensitive-illegal-domains."""
    out, dropped = [], []
    seen = set()
    for raw in dictlib.read_lines(os.path.join(SRC, "非法网址.txt")):
        d = raw.strip().lower().rstrip(".")
        if d.startswith("www."):
            d = d[4:]
        if not d or d in seen:
            continue
        seen.add(d)
        if not DOMAIN_RE.match(d) or len(d) < 7 or LEGIT_DOMAIN.search(d):
            dropped.append(d)
            continue
        out.append(d)
    hits = dictlib.count_in_texts(out, texts)
    out = [d for d in out if not hits.get(d)]
    dictlib.write_list(os.path.join(OUT_DIR, "illegal-domains.txt"), [
        "Gambling, pornography and spam domains (rule sensitive-illegal-domains).",
        "Generated by scripts/build_sensitive_lists.py from 非法网址.txt of",
        "konsheng/Sensitive-lexicon (MIT); dropped: malformed or shorter than 7 characters,",
        "subdomains of large legitimate services, gov.cn / edu.cn domains.",
    ], sorted(out))
    print("illegal-domains.txt: %d domains (dropped %d, e.g. %s)" % (
        len(out), len(dropped), " ".join(dropped[:10])))


def build_name_allow_list(shipped_terms):
    """Leaders' and well-known persons' names: never a typo or sensitive finding inside them."""
    names = []
    for line in dictlib.read_lines(os.path.join(dictlib.DICT_DIR, "expression", "leaders.txt")):
        if line and not line.startswith("#"):
            names.append(line.split("\t")[0])
    # Names left out of leaders.txt only because they are common names; still never sensitive.
    names += ["张军", "王毅", "刘金国", "王小洪", "应勇", "谌贻琴", "吴政隆", "李克强", "胡锦涛",
              "江泽民", "温家宝", "朱镕基", "李鹏", "邓小平", "毛泽东", "周恩来", "刘少奇", "朱德"]
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "历史名人.txt")):
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) >= 100 and \
                2 <= len(parts[0]) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in parts[0]):
            names.append(parts[0])
    out, seen = [], set()
    for n in names:
        if n in seen or any(t in n or n in t for t in shipped_terms):
            continue
        seen.add(n)
        out.append(n)
    dictlib.write_list(os.path.join(OUT_DIR, "allow", "names.txt"), [
        "Leaders' and well-known persons' names (rule allow-names): no typo or sensitive finding",
        "inside them. Generated by scripts/build_sensitive_lists.py from",
        "dictionaries/expression/leaders.txt and 历史名人.txt of aopolin-lv/ECSpell (MIT,",
        "frequency >= 100); names overlapping a shipped sensitive term are left out.",
    ], out)
    print("allow/names.txt: %d names" % len(out))


def main():
    jieba = dictlib.jieba_dict()
    names = load_leader_and_person_names()
    drop_words, drop_patterns = read_drop_list()
    keep = read_keep_list()

    candidates = {}
    reasons = {}

    def reject(term, why):
        reasons.setdefault(why, []).append(term)

    for fname, forced in SOURCES.items():
        for raw in dictlib.read_lines(os.path.join(SRC, fname)):
            term = norm(raw)
            if not term or term.startswith("#"):
                continue
            if term in candidates:
                continue
            if len(term) < 2:
                reject(term, "single character")
                continue
            if ASCII_RE.match(term):
                reject(term, "pure ASCII")
                continue
            cat = classify(term, forced)
            if cat is None:
                continue  # other topics (political, ads, drugs...): not shipped
            if POLITICAL.search(term):
                reject(term, "political")
                continue
            if term in names or any(n in term for n in names if len(n) >= 3):
                reject(term, "person name")
                continue
            if jieba.get(term, 0) >= JIEBA_MAX_FREQ:
                reject(term, "common jieba word")
                continue
            if cat == "violence" and not VIOLENCE_TRADE.search(term):
                # A weapon or chemical named alone is what police news and regulations
                # say; only selling, making and attack wording is shipped.
                reject(term, "violence term without trade/making wording")
                continue
            if (cat == "vulgarity" and len(term) > 5) or (cat == "pornography" and len(term) > 7):
                reject(term, "vulgar sentence (a shorter term covers it)")
                continue
            if term in drop_words or any((c is None or c == cat) and p.search(term)
                                         for c, p in drop_patterns):
                reject(term, "manual review drop")
                continue
            candidates[term] = cat

    texts = [t for _, t in dictlib.clean_corpus_docs()]
    build_domains(texts)
    hits = dictlib.count_in_texts(candidates.keys(), texts)
    for term in [t for t in candidates if hits.get(t)]:
        reject(term, "occurs in clean corpus")
        del candidates[term]

    for cat, term in keep:
        candidates[term] = cat

    by_cat = {}
    for term, cat in candidates.items():
        by_cat.setdefault(cat, []).append(term)
    for cat, terms in sorted(by_cat.items()):
        terms.sort(key=lambda t: (len(t), t))
        dictlib.write_list(os.path.join(OUT_DIR, cat + ".txt"), [
            "Sensitive terms, category %s (rule sensitive-%s)." % (cat, cat),
            "Generated by scripts/build_sensitive_lists.py from konsheng/Sensitive-lexicon (MIT),",
            "filtered (no political terms, names, ordinary words in the gov-text corpus or",
            "frequent jieba words (MIT)) and reviewed: scripts/data/sensitive_drop.txt and",
            "scripts/data/sensitive_keep.txt. Do not edit by hand; edit those and rebuild.",
        ], terms)

    build_name_allow_list(set(candidates))
    total = sum(len(v) for v in by_cat.values())
    print("sensitive lists: %d terms" % total)
    for cat, terms in sorted(by_cat.items()):
        print("  %-12s %5d" % (cat, len(terms)))
    for why, terms in sorted(reasons.items()):
        print("  dropped (%s): %d  e.g. %s" % (why, len(terms), " ".join(terms[:15])))
    final_hits = dictlib.occurrences_with_context(candidates.keys(), texts)
    print("  clean-corpus hits of the final lists: %d" % sum(len(v) for v in final_hits.values()))
    for term, ctx in sorted(final_hits.items(), key=lambda x: -len(x[1])):
        print("    %s (%s) %d  e.g. %s" % (term, candidates[term], len(ctx),
                                          " | ".join(l + "[" + term + "]" + r for l, r in ctx[:2])))


if __name__ == "__main__":
    main()
