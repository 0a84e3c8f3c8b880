"""Lithuanian, Latvian (and Ukrainian) names for the demonstration data.

Lithuanian family names are kept in their masculine form and turned into the feminine forms by
:func:`lt_female_family` (married ``-ienė``, unmarried ``-aitė``/``-ytė``/``-utė``/``-iūtė``);
Latvian family names are kept as (masculine, feminine) pairs because their endings do not
follow one rule (Ozoliņš → Ozoliņa, Jansons → Jansone, Eglītis → Eglīte).
"""

from __future__ import annotations

from dataclasses import dataclass

LT_FEMALE = (
    "Rūta",
    "Ieva",
    "Gintarė",
    "Aušra",
    "Jūratė",
    "Dalia",
    "Birutė",
    "Danutė",
    "Janutė",
    "Rita",
    "Asta",
    "Vida",
    "Daiva",
    "Rasa",
    "Laima",
    "Eglė",
    "Greta",
    "Austėja",
    "Ugnė",
    "Gabija",
    "Kotryna",
    "Milda",
    "Živilė",
    "Irena",
    "Genovaitė",
    "Ona",
    "Stasė",
    "Aldona",
    "Vilija",
    "Lina",
    "Neringa",
    "Žaneta",
    "Regina",
    "Nijolė",
    "Dovilė",
    "Giedrė",
)
LT_MALE = (
    "Šarūnas",
    "Vitas",
    "Jonas",
    "Petras",
    "Antanas",
    "Kęstutis",
    "Algirdas",
    "Vytautas",
    "Mindaugas",
    "Darius",
    "Tomas",
    "Rimantas",
    "Gediminas",
    "Žydrūnas",
    "Arūnas",
    "Saulius",
    "Linas",
    "Dovydas",
    "Lukas",
    "Matas",
    "Jokūbas",
    "Kazimieras",
    "Juozas",
    "Stasys",
    "Povilas",
    "Gintaras",
    "Ramūnas",
    "Vidmantas",
    "Audrius",
    "Dainius",
    "Žilvinas",
    "Eimantas",
)
LT_FAMILY = (
    "Žukauskas",
    "Mickevičius",
    "Kazlauskas",
    "Petrauskas",
    "Jankauskas",
    "Stankevičius",
    "Vasiliauskas",
    "Butkus",
    "Paulauskas",
    "Urbonas",
    "Kavaliauskas",
    "Baranauskas",
    "Navickas",
    "Rudys",
    "Kunigiškis",
    "Ramanauskas",
    "Sakalauskas",
    "Šimkus",
    "Žilinskas",
    "Giedraitis",
    "Vaitkus",
    "Jurgaitis",
    "Grigas",
    "Kučinskas",
    "Bieliauskas",
    "Šukys",
    "Čepulis",
    "Bielskis",
    "Černiauskas",
    "Ščerbauskas",
    "Lukoševičius",
    "Žemaitis",
    "Gudaitis",
    "Sinkevičius",
)
LV_FEMALE = (
    "Ieva",
    "Līga",
    "Ilze",
    "Inese",
    "Sandra",
    "Dace",
    "Kristīne",
    "Anna",
    "Laura",
    "Zane",
    "Baiba",
    "Māra",
    "Agnese",
    "Gunta",
    "Ināra",
    "Rūta",
    "Elīna",
    "Dzintra",
    "Velta",
    "Aija",
)
LV_MALE = (
    "Kārlis",
    "Jānis",
    "Andris",
    "Māris",
    "Edgars",
    "Juris",
    "Pēteris",
    "Uldis",
    "Ģirts",
    "Roberts",
    "Mārtiņš",
    "Artūrs",
    "Aivars",
    "Valdis",
    "Raimonds",
    "Krišjānis",
    "Oskars",
    "Ēriks",
)
LV_FAMILY = (
    ("Ozoliņš", "Ozoliņa"),
    ("Bērziņš", "Bērziņa"),
    ("Kļaviņš", "Kļaviņa"),
    ("Ķēniņš", "Ķēniņa"),
    ("Kalniņš", "Kalniņa"),
    ("Liepiņš", "Liepiņa"),
    ("Krastiņš", "Krastiņa"),
    ("Zariņš", "Zariņa"),
    ("Jansons", "Jansone"),
    ("Kalējs", "Kalēja"),
    ("Vītols", "Vītola"),
    ("Eglītis", "Eglīte"),
    ("Lācis", "Lāce"),
    ("Balodis", "Balode"),
    ("Krūmiņš", "Krūmiņa"),
    ("Vīgants", "Vīgante"),
    ("Pētersons", "Pētersone"),
    ("Siliņš", "Siliņa"),
    ("Šteins", "Šteina"),
    ("Ābols", "Ābola"),
)


@dataclass(frozen=True)
class MoreNames:
    """Names beyond the common ones, for residents of their own country only (the common
    lists stay as they are, so a Lithuanian demo's content does not change with them)."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[tuple[str, str], ...]


LV_NONE = MoreNames((), (), ())
#: More Latvian names, for Latvian residents in Latvia (every Latvian letter occurs).
LV_MORE = MoreNames(
    female=(
        "Ārija",
        "Skaidrīte",
        "Ņina",
        "Aļona",
        "Gaida",
        "Ilga",
        "Dzidra",
        "Zaiga",
        "Ērika",
        "Līva",
        "Elza",
        "Madara",
        "Sarmīte",
        "Vija",
        "Ģertrūde",
    ),
    male=(
        "Aigars",
        "Ģederts",
        "Ivars",
        "Dainis",
        "Gunārs",
        "Ainārs",
        "Imants",
        "Jāzeps",
        "Krists",
        "Česlavs",
        "Arvīds",
        "Rihards",
        "Kristaps",
        "Ņikita",
    ),
    family=(
        ("Āboliņš", "Āboliņa"),
        ("Grīnbergs", "Grīnberga"),
        ("Ģērmanis", "Ģērmane"),
        ("Dūmiņš", "Dūmiņa"),
        ("Čakste", "Čakste"),
        ("Žagars", "Žagare"),
        ("Šmits", "Šmite"),
        ("Lapiņš", "Lapiņa"),
        ("Ābele", "Ābele"),
        ("Skujiņš", "Skujiņa"),
        ("Strazdiņš", "Strazdiņa"),
        ("Priedītis", "Priedīte"),
        ("Rozenbergs", "Rozenberga"),
        ("Vanags", "Vanaga"),
        ("Dzenis", "Dzene"),
        ("Gaņģis", "Gaņģe"),
        ("Mežulis", "Mežule"),
        ("Čudars", "Čudare"),
        ("Ķikāns", "Ķikāne"),
        ("Sproģis", "Sproģe"),
    ),
)
#: Third-country nationals (Ukrainian names, official Latin transliteration; one form for both).
UA_FEMALE = ("Olena", "Oksana", "Iryna", "Nataliia", "Tetiana", "Yuliia")
UA_MALE = ("Andrii", "Oleksandr", "Serhii", "Mykola", "Dmytro", "Yurii")
UA_FAMILY = ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchuk")

#: Names the seed reports give to real staff: the lecturer of the Lazdijai success stories.
SEED_LECTURER = ("Asta", "Mickevičienė")


def lt_female_family(masculine: str, *, married: bool) -> str:
    """Žukauskas → Žukauskienė / Žukauskaitė; Mickevičius → Mickevičienė / Mickevičiūtė."""
    for ending, wife, daughter in (
        ("ius", "ienė", "iūtė"),
        ("as", "ienė", "aitė"),
        ("is", "ienė", "ytė"),
        ("ys", "ienė", "ytė"),
        ("us", "ienė", "utė"),
    ):
        if masculine.endswith(ending):
            return masculine[: -len(ending)] + (wife if married else daughter)
    return masculine
