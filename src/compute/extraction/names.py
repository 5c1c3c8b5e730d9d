"""Whether a piece of text is a person's name, as studio pages write them: capitalised words
("Jane Doe", "Ines de la Cruz", "HANNAH BRIGGS"), never site furniture ("Our Artists",
"Book Now"); and names in scripts without capitals: Japanese family and given name in kanji
("佐藤 蓮", "山田 花子"), Korean names in Hangul ("김민지"). Pure."""

from __future__ import annotations

import re

_QUOTES = frozenset("\"'\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u2019")
_PARTICLES = frozenset(
    {"de", "da", "di", "van", "von", "der", "den", "le", "la", "del", "du", "ap"}
)
# Words of site furniture that look like names when capitalised ("Our Artists", "Book Now").
_NOT_NAME_WORDS = frozenset(
    [
        # the trade's word in the languages studios name themselves in ("Korpen Tatuering"),
        # and the nouns of other businesses a studio names ("Strandhill Surf School"): a
        # business's name, not a person's
        *("tatuering", "tatueringar", "tatuaje", "tatuajes", "tatouage", "tatouages"),
        # Greek articles, written before a name in a sentence (the article, then "Μαρία
        # ξεκίνησε..."): the sentence's words, not the person's name
        *("ο", "η", "οι", "το", "τον", "την", "του", "της"),  # noqa: RUF001 - Greek letters
        # vi weekdays ("Thứ Ba", Tuesday; "Chủ Nhật", Sunday) beside a date
        *("thứ", "chủ"),
        # "more info", "read more" on an event's or a card's button (de, nl, es, fr, it, pt)
        *("mehr", "infos", "info", "details", "weiterlesen", "más", "plus", "leggi"),
        # a form's fields ("Dein Name", "Deine Idee", "Your Email", "Votre message")
        *("dein", "deine", "deinen", "deiner", "ihre", "your", "votre", "tuo"),
        "jouw",
        *("tätowierung", "tätowierungen", "tatuagem", "tatuagens", "tatuaggi", "tatuaggio"),
        *("tatuaże", "tetování", "tatoeage", "tatoeages", "tatovering", "tatoveringer"),
        *("school", "academy", "café", "cafe", "coffee", "brewery", "bakery", "records"),
        *("barber", "barbers", "barbershop", "salon", "club", "software"),
        "our",
        "artists",
        "artist",
        "team",
        "meet",
        "the",
        "crew",
        "book",
        "now",
        "about",
        "us",
        "contact",
        "aftercare",
        "home",
        "studio",
        "studios",
        "tattoo",
        "tattoos",
        "tattooing",
        "gallery",
        "page",
        "previous",
        "next",
        "residents",
        "resident",
        "guest",
        "guests",
        "spots",
        "spot",
        "welcome",
        # a guest list's headings, set in capitals ("COMING UP", "BEEN HERE", "Coming Soon")
        *("coming", "upcoming", "been", "past", "current"),
        *("every", "each", "this", "these", "those"),  # "Every March we run a flash day"
        # "thanks" opening a line ("Tack Nora Halvorsen från Tromsø ...")
        *("thanks", "tack", "takk", "danke", "grazie", "gracias", "merci", "kiitos"),
        *("i'm", "i\u2019m", "i'd", "i\u2019d", "i'll", "i\u2019ll"),  # "I'm Morag Fraser"
        # where a guest comes from, what to do, what a portfolio shows: a card's subtitle
        # ("From Dublin, 3-17 March", "Aus Hamburg", "Volg Fleur", "Feine Linien")
        *("from", "aus", "desde", "direto", "volg", "följ", "send", "see", "yes", "karya"),
        "portret",
        *("feine", "zarte", "kräftige", "farbige", "grafische", "fine-line"),
        *("bulan", "tahun", "minggu"),  # id/ms "month (of October)", "year", "week"
        # vi "tattoo", "tattooer", "team", "book", "schedule", "via": a page's words, no name's
        *("xăm", "thợ", "đội", "đặt", "lịch", "qua", "zalo"),
        "opening",
        "hours",
        "prices",
        "faq",
        "shop",
        "find",
        "follow",
        # a link-in-bio button: "Links da Bruna", "Link zu Jana"
        "links",
        "link",
        "privacy",
        "policy",
        "terms",
        "news",
        "blog",
        "booking",
        "bookings",
        "enquiries",
        "enquiry",
        "instagram",
        "facebook",
        "email",
        "read",
        "more",
        "view",
        "profile",
        "portfolio",
        "ink",
        "parlour",
        "co",
        "co.",
        "of",
        "and",
        "city",
        "centre",
        "street",
        "road",
        "lane",
        "walk",
        "ins",
        "walk-ins",
        "walk-in",
        # the days a studio does something ("Walk-in Saturdays", "Flash Fridays")
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays"),
        "gift",
        "vouchers",
        "voucher",
        "latest",
        "work",
        "flash",
        "day",
        "days",
        "our",
        "story",
        "why",
        "choose",
        "piercing",
        "piercings",
        "appointments",
        "appointment",
        "location",
        "locations",
        "map",
        "healed",
        "fresh",
        # styles, often set like names next to an artist ("Neo Traditional")
        "neo",
        "traditional",
        "realism",
        "blackwork",
        "fineline",
        "japanese",
        "illustrative",
        "geometric",
        "dotwork",
        "lettering",
        "watercolour",
        "watercolor",
        "ornamental",
        "tribal",
        "colour",
        "color",
        "black",  # "Black Grey" and "Black & Grey" are a style; Grey alone is a surname
        "owner",
        "apprentice",
        "resident",
        # roster words in other languages ("Unsere Künstler", "Nuestros artistas")
        "unsere",
        "künstler",
        "kuenstler",
        "nuestros",
        "artistas",
        "nos",
        "artistes",
        "équipe",
        "equipo",
    ]
)


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\u3005"  # kanji / hanzi and the repeat mark 々
_HIRAGANA = "\u3041-\u309f"
_HANGUL = "\uac00-\ud7a3"
CJK_TEXT = re.compile(f"[{_HAN}{_HIRAGANA}\u30a0-\u30ff{_HANGUL}]")
# A Japanese name as pages write it: family name in kanji, a space (ASCII or ideographic),
# given name in kanji or hiragana. Without the space two to four kanji are as often a word.
_JAPANESE_NAME = re.compile(f"[{_HAN}]{{1,3}}[ \u3000][{_HAN}{_HIRAGANA}]{{1,3}}")
# A Korean name: a common family name, then a given name of one or two syllables.
_KOREAN_NAME = re.compile(f"[{_HANGUL}]{{2,4}}")
_KOREAN_FAMILY = frozenset(
    [
        "김",
        "이",
        "박",
        "최",
        "정",
        "강",
        "조",
        "윤",
        "장",
        "임",
        "한",
        "오",
        "서",
        "신",
        "권",
        "황",
        "안",
        "송",
        "류",
        "유",
        "전",
        "홍",
        "고",
        "문",
        "양",
        "손",
        "배",
        "백",
        "허",
        "남",
        "심",
        "노",
        "하",
        "곽",
        "성",
        "차",
        "주",
        "우",
        "구",
        "민",
        "진",
        "지",
        "엄",
        "채",
        "원",
        "천",
        "방",
        "공",
        "현",
        "함",
        "변",
        "염",
        "여",
        "추",
        "도",
        "소",
        "석",
        "선",
        "설",
        "마",
        "길",
        "연",
        "위",
        "표",
        "명",
        "기",
        "반",
        "왕",
        "금",
        "옥",
        "육",
        "인",
        "맹",
        "제",
        "모",
        "탁",
        "국",
        "어",
        "은",
        "편",
        "용",
        "예",
        "경",
        "봉",
        "사",
        "부",
        "가",
        "복",
        "태",
        "목",
        "형",
        "피",
        "두",
        "감",
        "음",
        "빈",
        "동",
        "온",
        "호",
        "범",
        "좌",
        "팽",
        "승",
        "간",
        "상",
        "갈",
        "견",
        "당",
        "화",
        "창",
        "계",
        "남궁",
        "황보",
        "제갈",
        "선우",
        "독고",
        "사공",
        "서문",
    ]
)
# Words of studio pages that the patterns above would take for names.
_NOT_CJK_NAMES = frozenset(
    [
        "代表",
        "彫師",
        "見習い",
        "料金",
        "紹介",
        "予約",
        "店舗",
        "情報",
        "案内",
        "営業",
        "時間",
        "住所",
        "電話",
        "作品",
        "新着",
        "最新",
        "和彫",
        "대표",
        "게스트",
        "작가",
        "작가님",
        "예약",
        "안내",
        "문의",
        "소개",
        "타투",
        "레터링",
        "블랙워크",
        "이레즈미",
        "커버업",
        "미니",
        "수채화",
        "일러스트",
        "컬러",
        "오시는",
        "길",
        "홈",
        "공지",
        "공지사항",
        "가격",
        "이벤트",
        "후기",
        "갤러리",
        "포트폴리오",
        "원장",
        "실장",
        "인스타",
        "인스타그램",
        "아티스트",
        "타투이스트",
        "스튜디오",
        "도안",
        "상담",
        "위치",
        "주소",
        "전화",
    ]
)
# A Chinese name as pages write it: three hanzi, no space, the first a common family name
# ("林雨萱", "陳冠宇"); two or four are as often a word. Not a word ending like a place or a
# day ("…店", "…日") or naming the trade ("刺青…").
_CHINESE_FAMILY = frozenset(
    "王李張张劉刘陳陈楊杨黃黄趙赵吳吴周徐孫孙馬马朱胡郭何高林羅罗鄭郑梁謝谢宋唐許许韓韩馮冯"
    "鄧邓曹彭曾蕭萧田董袁潘蔡蔣蒋余杜葉叶程蘇苏魏呂吕丁任沈姚盧卢姜崔鍾钟譚谭陸陆汪范石廖"
    "賈贾夏韋韦傅方白鄒邹孟熊秦邱江尹薛閻阎段雷侯龍龙史陶黎賀贺顧顾毛郝龔龚邵萬万錢钱嚴严"
    "武戴莫孔湯汤洪游詹施柯翁顏颜賴赖簡简莊庄涂"
)
_CHINESE_NAME = re.compile(f"[{_HAN}]{{3}}")
_NOT_CHINESE_NAME = re.compile(
    r"刺青|紋身|纹身|工作|[店室館馆師师社部者性式的法中後后前内外間间場场所區区市縣县路街號号日曜質质祭会會展品料費费價价券]$"
)
_CJK_EDGES = " \u3000()[]\uff08\uff09\u300c\u300d\u3010\u3011\u30fb|:\uff1a,\u3001-\u2013\u2014/"


def cjk_name(text: str) -> str | None:
    """The Japanese, Chinese or Korean name `text` is (brackets and separators around it dropped,
    spaces made single ASCII spaces), or None."""
    core = text.strip(_CJK_EDGES)
    if not core or core in _NOT_CJK_NAMES:
        return None
    if _JAPANESE_NAME.fullmatch(core):
        family, given = re.split("[ \u3000]", core)
        if family in _NOT_CJK_NAMES or given in _NOT_CJK_NAMES:
            return None
        return f"{family} {given}"
    if (
        _CHINESE_NAME.fullmatch(core)
        and core[0] in _CHINESE_FAMILY
        and not _NOT_CHINESE_NAME.search(core)
    ):
        return core
    # Two or three syllables after a family name; four only after a family name of two
    # ("남궁민수"): a word of four after one ("주의사항", notes; "상관없음", any) is no name.
    if _KOREAN_NAME.fullmatch(core) and (
        (len(core) < 4 and core[0] in _KOREAN_FAMILY) or core[:2] in _KOREAN_FAMILY
    ):
        return core
    return None


def short_chinese_name(text: str) -> str | None:
    """A Chinese name of two characters ("陈默", "林晓"): a family name and one more. Only
    where a card shows it as a person's (its title over her picture): in running text or a
    heading, most such pairs are words ("周末", weekend)."""
    core = text.strip(_CJK_EDGES)
    if (
        re.fullmatch(f"[{_HAN}]{{2}}", core)
        and core[0] in _CHINESE_FAMILY
        and not _NOT_CHINESE_NAME.search(core)
        and core not in _NOT_CJK_NAMES
    ):
        return core
    return None


# A word in a script without capital letters (Arabic, Hebrew, Thai), marks included.
_CASELESS_WORD = re.compile("[\u0590-\u05ff\u0620-\u064a\u064b-\u065f\u0671-\u06d3\u0e01-\u0e4e]+")


def caseless_name(text: str) -> str | None:
    """A name in a script without capitals (Arabic, Hebrew, Thai) where a data feed gives it
    under a name key: two to four words of the script alone. Running text is not read so:
    without capitals, a menu's "שאלות נפוצות" looks the same."""
    words = text.split()
    short = 2 <= len(words) <= 4 and len(text) <= 40
    return " ".join(words) if short and all(map(_CASELESS_WORD.fullmatch, words)) else None


# A lone first name leading a button's title: "Isla ✦ fine line", "Tomasz (Kraków) is here".
_LEADING_WORD = re.compile(
    r"^([^\W\d_][^\W\d_'\u2019-]{1,19})\s*(?:[-\u2013\u2014|:\u00b7\u2022\u2726\u2605]|\()"
)


def first_name(text: str) -> str | None:
    """The capitalised first name a line starts with before a separator, or None. Only where
    the line is known to be one person's (a link-in-bio button of an account)."""
    found = _LEADING_WORD.match(text.strip())
    if found is None:
        return None
    word = found.group(1)
    lower = word.lower()
    # Capitalised, or in a script without case (Korean, Chinese, Arabic: "서윤 · 파인라인").
    cased = word[0].isupper() or word[0].lower() == word[0].upper()
    if not cased or word.isupper() or lower in _NOT_NAME_WORDS | _NOT_FIRST_NAMES:
        return None
    return word


def lone_first_name(text: str) -> str | None:
    """`text` when it is one capitalised word of letters ("Veera", "Burak", "Tú"), or one word
    of a script without capitals ("נועה"), or None.
    Only where the page shows it in the place its other cards show full names."""
    word = text.strip()
    lower = word.lower()
    # Capitalised, or a word of a script without capitals ("נועה")
    if _CASELESS_WORD.fullmatch(word) and len(word) <= 20:
        return word  # marks and all ("ต้น")
    if not re.fullmatch(r"[^\W\d_][^\W\d_'\u2019-]{1,19}", word) or not word[0].isupper():
        return None
    if word.isupper() or lower in _NOT_NAME_WORDS | _NOT_FIRST_NAMES:
        return None
    return word


# Button words beside accounts that are not people: networks and a link page's furniture.
_NOT_FIRST_NAMES = frozenset(
    [
        "tiktok",
        "youtube",
        "twitter",
        "whatsapp",
        "facebook",
        "threads",
        "pinterest",
        "snapchat",
        "telegram",
        "linktree",
        "website",
        "web",
        "site",
        "merch",
        "prints",
        "print",
        "info",
        "dm",
        "ig",
        "insta",
        "email",
        "mail",
        "call",
        "phone",
        "map",
        "maps",
        "directions",
        "hours",
        "reviews",
        "news",
        "blog",
        "podcast",
        "playlist",
        "spotify",
        "newsletter",
        "discord",
    ]
)


_POSSESSIVE = re.compile(r"\w['\u2019]s$")
_ARTICLE = re.compile(r"(^|\W)the\s*$", re.I)


def after_article(before: str) -> bool:
    """Whether the words just before a name end in "the": "donate to the Kenya Red Cross",
    "at the Northern Ink Xpo". English takes no article before a person's name, so what
    follows is an organisation, an event or a place."""
    return bool(_ARTICLE.search(before))


def person_name(text: str) -> str | None:
    """The person's name `text` is, or None: two to five capitalised words of letters
    (particles like "van" allowed), no site furniture words: "Jane Doe", "Ines de la Cruz",
    not "Our Artists" or "Book Now". A name set in capitals ("HANNAH BRIGGS", as site
    builders style headings) is given in title case. Japanese and Korean: `cjk_name`."""
    if CJK_TEXT.search(text):
        return cjk_name(text)
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 60:
        return None
    shouting = all(w.isupper() for w in words if len(w) > 1)
    if shouting:
        words = [w if w.lower() in _PARTICLES else w.capitalize() for w in words]
        words = [w.lower() if w.lower() in _PARTICLES else w for w in words]
    capitalised = 0
    for i, word in enumerate(words):
        if word.lower() in _NOT_NAME_WORDS:
            return None
        if i < len(words) - 1 and _POSSESSIVE.search(word):
            return None  # someone's something ("Ricky's Boudin", "Joe's Garage"): a business
        if word in _PARTICLES:
            continue
        if word[0] in _QUOTES and word[-1] in _QUOTES and len(word) > 2:
            word = word[1:-1]  # a nickname: Gareth "Gaz" Price, Manuel «Manolo» Ortega
            if not word[:1].isupper():
                return None
            continue
        if not (word[0].isupper() and all(c.isalpha() or c in "'\u2019-." for c in word)):
            return None
        if (len(word) > 1 and word.isupper()) or (len(word) > 2 and word.endswith(".")):
            return None  # an acronym ("WB" of a postcode), or a sentence's end ("Owner.")
        capitalised += 1
    return " ".join(words) if capitalised >= 2 else None


def looks_like_name(text: str) -> bool:
    """Whether `text` is a person's name (see `person_name`)."""
    return person_name(text) is not None
