"""The English edition of the seeded questions (issue 8 item 4): complete, the same facts and
paragraphs as the Chinese, the application's own English for the labels it quotes, and
punctuation every Latin font has."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from teacherreg.faq.forms import LOOKS_LIKE_HTML
from teacherreg.faq.seed import SEED

# The characters some answers are about (the separator dot and the look-alikes it replaces, the
# structure symbols): allowed in the English only inside straight quotes, where they are shown.
SUBJECT_CHARACTERS = {"\u00b7", "\u2022", "\u30fb", "\uff0e", "\u2ff0", "\u2ff1"}
BY_NUMBER = {seed.number: seed for seed in SEED}


def _english(seed) -> str:
    return seed.question_en + "\n" + seed.answer_en


def test_every_seeded_question_has_an_english_question_and_answer():
    for seed in SEED:
        assert seed.question_en.strip() and seed.answer_en.strip(), seed.number
        assert len(seed.question_en) <= 200 and len(seed.answer_en) <= 4000, seed.number
        assert not LOOKS_LIKE_HTML.search(_english(seed)), seed.number
        assert seed.question_en.endswith("?"), seed.number


def test_the_english_has_the_same_paragraphs_as_the_chinese():
    for seed in SEED:
        assert seed.answer_en.count("\n\n") == seed.answer.count("\n\n"), seed.number
        assert "\n" not in seed.question_en
        assert all(part.strip() == part and part for part in seed.answer_en.split("\n\n")), seed.number


def test_the_english_uses_only_ascii_punctuation():
    for seed in SEED:
        text = re.sub(r'"[^"\w\s]"', '""', _english(seed))  # a quoted subject character, e.g. "·"
        for ch in text:
            if ord(ch) < 128:
                continue
            # Chinese characters may be named, e.g. "(网证)"; no curly quotes, dashes or CJK marks.
            assert unicodedata.category(ch) == "Lo" and ch not in SUBJECT_CHARACTERS, (seed.number, ch)
        shown = set(re.findall(r'"([^"\w\s])"', _english(seed)))
        assert shown <= SUBJECT_CHARACTERS, seed.number


def test_the_english_keeps_every_number_and_limit():
    # Months become words ("1 March 2019"), so the "N 月" of a Chinese date is left out; "0:00"
    # counts as 0.
    for seed in SEED:
        chinese = Counter(re.findall(r"\d+", re.sub(r"\d+\s*月", "", seed.question + seed.answer)))
        english = Counter(re.findall(r"(\d+)(?::00)?", _english(seed)))
        assert english == chinese, seed.number


def test_the_english_points_to_the_same_questions_as_faq_n():
    for seed in SEED:
        chinese = re.findall(r"常见问题\s?(\d+)", seed.answer)
        assert re.findall(r"\bCommon question (\d+)", seed.answer_en) == chinese, seed.number
        assert "常见问题" not in _english(seed)


def test_every_quoted_interface_label_is_quoted_in_the_applications_own_english():
    checked = 0
    with translation.override("en"):
        for seed in SEED:
            for label in re.findall(r"“([^”]+)”", seed.question + seed.answer):
                shown = gettext(label)
                if shown == label:
                    continue  # not an interface string (a word, a symbol, a message quoted in part)
                assert f'"{shown}"' in _english(seed), (seed.number, label, shown)
                checked += 1
    assert checked >= 30


@pytest.mark.parametrize(
    ("number", "label", "context"),
    [
        (21, "资格预检", ""),
        (23, "网报待确认", "applicant label"),
        (26, "网报待确认", "applicant label"),
        (26, "已退回修改", ""),
        (26, "待注册审批", "applicant label"),
        (26, "公示中", ""),
        (26, "注册合格", ""),
        (26, "暂缓注册", ""),
        (26, "注册不合格", ""),
        (26, "已撤回", ""),
        (26, "逾期未确认", ""),
        (26, "初审", ""),
        (26, "复核", ""),
        (26, "终审", ""),
        (29, "暂缓注册", ""),
        (29, "注册不合格", ""),
    ],
)
def test_labels_named_without_quotes_use_the_interface_english_too(number, label, context):
    # 26 lists the conclusions as the applicant's pages show them, without quotes in Chinese.
    with translation.override("en"):
        shown = pgettext(context, label) if context else gettext(label)
    assert shown != label
    assert shown.lower() in _english(BY_NUMBER[number]).lower(), (number, shown)
