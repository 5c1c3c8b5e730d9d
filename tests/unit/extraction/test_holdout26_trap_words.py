"""What holdout-26 (tests/corpus: hu, cs, hr, tr, el, he, vi, id, th, zh-TW, fi, da, uk, en-AU;
scored unseen at precision 0.653) showed: 25 accounts beside the rosters reported as artists,
because the words that say what they are were in languages the extractor had not met. Two
mechanisms work in any language: the trade's own brands (inks, aftercare, machines) and press
are known by their accounts, which no studio translates, and a share of the takings given
("10% of every session goes to @x") names a charity. The rest are the words, as the sites
write them."""

# ruff: noqa: RUF001  (Cyrillic, Greek and Turkish letters that look Latin)
from __future__ import annotations

from compute.extraction import read_roster
from compute.extraction.rejection import (
    CONVENTION,
    FORMER,
    GUEST_ENDED,
    ORGANISATION,
    PHOTOGRAPHER,
    PRESS,
    STAFF,
    SUPPLIER,
    is_studio_handle,
    reason_in_bio,
    reason_in_handle,
    reason_in_lead,
)

URL = "https://studio.example/"


def test_the_trades_own_brands_and_press_are_known_by_their_accounts() -> None:
    for brand in ("eternalink", "hustlebutterdeluxe", "tattoogoo", "killerinktattoo"):
        assert reason_in_handle(brand) == SUPPLIER, brand
    assert reason_in_handle("tattoomed_official") == SUPPLIER
    assert reason_in_handle("tattoolife") == PRESS
    assert reason_in_handle("baliinkfest") == CONVENTION  # "<x>inkfest", as "<x>tattoofest"
    assert reason_in_handle("eternal.rose.tattoo") is None  # an artist whose name says Eternal


def test_a_share_of_the_takings_names_a_charity_in_any_language() -> None:
    assert reason_in_lead("10% з кожного сеансу в грудні передаємо фонду ") == ORGANISATION
    assert reason_in_lead("Előre megrajzolt minták. A bevétel 10%-át a ") == ORGANISATION
    assert reason_in_lead("Flash day: 20 % of everything we make goes to ") == ORGANISATION
    assert reason_in_lead("Flash sheet 15% off this week, drawn by ") is None  # a discount


def test_a_charity_named_by_a_percentage_beside_a_roster() -> None:
    found = read_roster(
        "<html><body><h2>A csapat</h2><p><strong>Szabó Dóra</strong> "
        '<a href="https://www.instagram.com/szabodora.tattoo/">@szabodora.tattoo</a></p>'
        "<h2>Flash nap</h2><p>A bevétel 10%-át a "
        '<a href="https://www.instagram.com/debreceniallatmenhely/">Debreceni Állatmenhely</a>'
        " kapja.</p></body></html>",
        URL,
        "stu_1",
    )
    assert [c.instagram_handle for c in found.candidates] == ["szabodora.tattoo"]
    assert {r.handle: r.reason for r in found.rejected}["debreceniallatmenhely"] == ORGANISATION


def test_former_artists_in_the_batchs_languages() -> None:
    said = {
        "da": "Mads er stoppet hos os pr. 1. november 2026 og arbejder nu i København.",
        "el": "Η Μαρία μετακόμισε στη Θεσσαλονίκη και δεν δουλεύει πια εδώ",
        "uk": "Ігор Савченко тепер працює у Варшаві і більше не приймає в «Жар-птиці».",
        "th": "บอส ย้ายไปเปิดร้านของตัวเองที่เชียงใหม่แล้ว ขอให้โชคดีนะ!",
        "id": "Arsip karya Wayan (sudah pindah ke Ubud, tidak lagi menato di sini)",
        "tr": "Mert geçen ay aramızdan ayrıldı, artık bizimle çalışmıyor.",
    }
    for language, text in said.items():
        assert reason_in_bio(text) == FORMER, language


def test_the_other_people_in_the_batchs_languages() -> None:
    # Photos and videos credited (el, uk, th, vi), staff (vi, hr), suppliers (vi, cs, hu, tr,
    # th), a magazine (el), a charity (fi), a guest spot over (th).
    assert reason_in_lead("Φωτογραφίες ομάδας: ") == PHOTOGRAPHER
    assert reason_in_lead("Фото команди — ") == PHOTOGRAPHER
    assert reason_in_lead("ขอให้โชคดีนะ! วิดีโอโดย ") == PHOTOGRAPHER
    assert reason_in_lead("hẹn gặp lại năm sau! Video hậu trường do ") == PHOTOGRAPHER
    assert reason_in_lead("Lễ tân & tư vấn: chị Mai ( ") == STAFF
    assert reason_in_bio("Ana ne tetovira – ona je ta koja odgovara na vaše poruke") == STAFF
    assert reason_in_lead("Kem dưỡng sau xăm: ") == SUPPLIER
    assert reason_in_lead("Na hojení doporučujeme ") == SUPPLIER
    assert reason_in_lead("REACH-kompatibilis festékeket használunk (Eternal Ink – ") == SUPPLIER
    assert reason_in_lead("Sterilizasyon ekipmanımız TattooMed ve yerel tedarikçimiz ") == SUPPLIER
    assert reason_in_lead("ทาครีมบาง ๆ (เราใช้ ") == SUPPLIER
    assert reason_in_lead("Μας είδατε στο περιοδικό Το αφιέρωμα του ") == PRESS
    assert reason_in_lead("Hyväntekeväisyys Joulukuun flash-päivän tuotto lahjoitetaan ") == (
        ORGANISATION
    )
    assert reason_in_lead("พฤศจิกายน 2026 (จบแล้ว): ขอบคุณ Lina Sato ที่มาเยี่ยมร้าน – ") == (GUEST_ENDED)
    # A style's colours in a bio are no ink brand ("bright colours"): only right before it.
    assert reason_in_lead("Кольоровий нео-традишнл, яскраві фарби. Instagram:") is None
    assert reason_in_lead("Працюємо на фарбах ") == SUPPLIER


def test_a_link_in_bio_pages_own_account_with_its_towns_code() -> None:
    assert is_studio_handle("ombakink.dps", ["Ombak Ink Denpasar"])
    assert is_studio_handle("lantattoo.tpe", ["Lan Tattoo Taipei"])
    assert not is_studio_handle("maria.ink", ["Mariana Ink Madrid"])
    assert not is_studio_handle("wayan.tattooart", ["Ombak Ink Denpasar"])


def test_what_holdout_26s_recall_fits_uncovered() -> None:
    # Reached once the roster pages and embeds were read (fit26): a guest thanked for visiting
    # in Vietnamese, a Finnish aftercare cream; and a first-name card whose role sub-heading
    # says front of house (tests/corpus/sites/sunset-strip-tattoo).
    assert reason_in_bio("Cảm ơn Jin Park đã ghé tiệm guest spot hồi tháng 9 – hẹn gặp lại!") == (
        GUEST_ENDED
    )
    assert reason_in_lead("Jälkihoitoon suosittelemme Lumo Skin -voidetta ") == SUPPLIER
    found = read_roster(
        "<html><body><main><section><h2>Kayleigh Snape</h2><h4>Tattooist</h4><p>Colour.</p>"
        '<p><a href="https://www.instagram.com/kayleighsnapetattoos/">Instagram</a></p>'
        "</section><section><h2>Wojtek Zielinski</h2><h4>Tattooist</h4><p>Realism.</p>"
        '<p><a href="https://instagram.com/wojtek.zielinski.ink">Instagram</a></p></section>'
        "<section><h2>Shaz</h2><h4>Front of house</h4><p>Shaz keeps the diary.</p></section>"
        "</main></body></html>",
        URL,
        "stu_1",
    )
    assert {c.name for c in found.candidates} == {"Kayleigh Snape", "Wojtek Zielinski"}
