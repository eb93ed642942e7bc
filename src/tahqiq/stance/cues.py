"""Arabic cue lexicons for stance: denial, negation, reporting, accusation and distancing.

Each cue is matched on normalized text (see :func:`tahqiq.text.normalize`) as a whole word,
optionally with the conjunction/preposition proclitics و ف ب ل. The lists are small on purpose:
every entry must be read the same way in almost every news sentence it appears in.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from tahqiq.text import normalize

# The outlet or a quoted party rejects a statement.
DENIAL = (
    "نفى",
    "نفت",
    "ينفي",
    "تنفي",
    "نفي",
    "نافيا",
    "نافية",
    "كذب",
    "كذبت",
    "يكذب",
    "تكذب",
    "تكذيب",
    "دحض",
    "دحضت",
    "يدحض",
    "مزاعم",
    "المزاعم",
    "شائعات",
    "الشائعات",
    "شائعة",
    "الشائعة",
    "لا صحة",
    "عار عن الصحة",
    "عارية عن الصحة",
    "غير صحيح",
    "غير صحيحة",
    "عار من الصحة",
    "لا اساس له",
    "لا اساس لها",
    "ملفق",
    "ملفقة",
    "مفبرك",
    "مفبركة",
    "فبركة",
    "اكاذيب",
    "الاكاذيب",
    "كذبة",
    "ادعاءات باطلة",
    "افتراء",
    "افتراءات",
    "رفض الاتهامات",
    "رفضت الاتهامات",
    "بروباغندا",
    "البرو بكندا",
    "بروبكندا",
)
# Grammatical negation: weaker than a denial, and only meaningful next to the claim's words.
NEGATION = ("لم", "لن", "ليس", "ليست", "لا", "غير", "لسنا", "ما من", "بدون", "دون")
# The writer asserts or endorses what follows (factive reporting).
ASSERTIVE = (
    "اكد",
    "اكدت",
    "يؤكد",
    "تؤكد",
    "مؤكدا",
    "كشف",
    "كشفت",
    "يكشف",
    "اثبت",
    "اثبتت",
    "وثق",
    "وثقت",
    "اقر",
    "اقرت",
    "اعترف",
    "اعترفت",
    "فضح",
    "فضحت",
    "تفضح",
    "ثبت",
    "حقيقة",
    "مؤكد",
    "بالدلائل",
)
# Plain attribution: someone says so; the outlet neither endorses nor rejects.
REPORTING = (
    "قال",
    "قالت",
    "يقول",
    "تقول",
    "ذكر",
    "ذكرت",
    "افاد",
    "افادت",
    "افادات",
    "اعلن",
    "اعلنت",
    "اضاف",
    "اضافت",
    "اوضح",
    "اوضحت",
    "اشار",
    "اشارت",
    "مشيرا",
    "لفت",
    "لفتت",
    "بحسب",
    "حسب",
    "وفقا",
    "نقل",
    "نقلت",
    "نقلته",
    "نقلا",
    "بيان",
    "تصريح",
    "صرح",
    "مصادر",
)
# Accusation and claim verbs: the statement is a charge or a contested claim.
ACCUSING = (
    "اتهم",
    "اتهمت",
    "يتهم",
    "تتهم",
    "اتهام",
    "اتهامات",
    "اتهامها",
    "زعم",
    "زعمت",
    "يزعم",
    "تزعم",
    "زاعما",
    "ادعى",
    "ادعت",
    "يدعي",
    "تدعي",
    "ادعاء",
    "ادعاءات",
    "المزعوم",
    "المزعومة",
    "مزعوم",
)
# The outlet distances itself from a name or a statement.
DISTANCING = (
    "ما يسمى",
    "ما يسمي",
    "ما تسمى",
    "ما اسمته",
    "ما اسماه",
    "المزعوم",
    "المزعومة",
    "زاعما",
    "زاعمه",
)
# Anaphora pointing a denial back at the article's main report.
ANAPHORA = (
    "هذه المعلومات",
    "هذه الانباء",
    "هذه الاتهامات",
    "هذه المزاعم",
    "هذه الادعاءات",
    "ذلك",
    "هذا الخبر",
    "هذه التقارير",
)


@dataclass(frozen=True)
class CueSet:
    """A compiled cue lexicon: finds its words in normalized text."""

    name: str
    pattern: regex.Pattern[str]

    def find(self, norm_text: str) -> list[str]:
        return [m.group("cue") for m in self.pattern.finditer(norm_text)]

    def count(self, norm_text: str) -> int:
        return len(self.find(norm_text))


def _compile(name: str, words: tuple[str, ...]) -> CueSet:
    alternatives = "|".join(sorted({regex.escape(normalize(w)) for w in words}, key=len, reverse=True))
    pattern = regex.compile(
        rf"(?<![\p{{L}}\p{{M}}])(?:[وف]?[بل]?)(?P<cue>{alternatives})(?![\p{{L}}\p{{M}}])"
    )
    return CueSet(name, pattern)


CUES: dict[str, CueSet] = {
    "denial": _compile("denial", DENIAL),
    "negation": _compile("negation", NEGATION),
    "assertive": _compile("assertive", ASSERTIVE),
    "reporting": _compile("reporting", REPORTING),
    "accusing": _compile("accusing", ACCUSING),
    "distancing": _compile("distancing", DISTANCING),
    "anaphora": _compile("anaphora", ANAPHORA),
}


def cue_counts(text: str) -> dict[str, int]:
    """How many cues of each kind ``text`` holds (matched on its normalized form)."""
    norm = normalize(text)
    return {name: cues.count(norm) for name, cues in CUES.items()}
