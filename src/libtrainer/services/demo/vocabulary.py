"""The words of the demonstration data in each country: group names, referrers, places, topics,
notes, and who the residents are (their names' origin, their phone numbers).

A store's country (its region's, ``init --country``) picks the vocabulary: a Latvian store gets
Latvian group names ("TVU grupa Nr. 2", "NVA grupa"), referrers ("Nodarbinātības valsts
aģentūras Cēsu filiāle"), places and topics and mostly Latvian people; a Lithuanian store the
Lithuanian ones of the seed reports. Latvian terms follow the seed reports and the services'
own names (NVA, TVU, latvija.lv, e-veseliba.lv).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from libtrainer.domain.enums import Referrer
from libtrainer.services.demo import catalogue, latvia

#: (stem, town, library name) → the referrer's name, by kind of referrer
ReferrerNames = Mapping[Referrer, Callable[[str, str, str], str]]


@dataclass(frozen=True)
class Vocabulary:
    """Everything in the demonstration data that is written in the country's language."""

    country: str
    language: str  # of instruction, for groups of the country's own programmes
    origin: str  # where most residents' names come from ("lt", "lv")
    neighbour: str  # the other country's names, for a few residents
    group_names: Mapping[str, str]
    community_group: str  # "{stem}" is the community's place name
    referrers: ReferrerNames
    halls: tuple[str, ...]  # off-site places; "{stem}" as above
    seminar_topics: tuple[str, ...]
    youth_topics: tuple[str, ...]
    home_visit: tuple[str, str]  # (place, topic)
    consultation_notes: Mapping[str, str]
    visit_notes: tuple[str, ...]
    participant_notes: tuple[str, ...]
    mail_domain: str
    session_topics: Mapping[str, tuple[str, ...]]  # by programme code, when not the spec's own
    libraries: tuple[catalogue.LibrarySpec, ...]  # of the region, for ``demo --size region``
    home: tuple[str, str, str]  # (region, library, branch) of the store ``demo --start`` makes

    def topics(self, spec: catalogue.ProgrammeSpec) -> tuple[str, ...]:
        """A programme's session topics in this language."""
        return self.session_topics.get(spec.code, spec.session_topics)

    def group_language(self, spec: catalogue.ProgrammeSpec) -> str:
        """Lithuanian branches teach the Latvian library-staff programmes in Latvian."""
        return "lv" if spec.code.startswith("LV-") else self.language

    def community_halls(self, stem: str) -> tuple[str, ...]:
        return tuple(h.format(stem=stem) for h in self.halls)

    def phone(self, rng: random.Random) -> str:
        """A mobile number as people write it: "+370 612 34567", "+371 2612 3456"."""
        if self.country == "LV":
            return f"+371 2{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        return f"+370 6{rng.randint(10, 99)} {rng.randint(10000, 99999)}"


LT = Vocabulary(
    country="LT",
    language="lt",
    origin="lt",
    neighbour="lv",
    group_names={
        "job_seekers": "Užimtumo tarnybos grupė",
        "u3a": "TAU grupė",
        "general": "Gyventojų grupė",
        "municipal": "Seniūnijų specialistų grupė",
        "library_staff": "Bibliotekininkų grupė",
    },
    community_group="{stem} bendruomenės grupė",
    referrers={
        Referrer.EMPLOYMENT_SERVICE: lambda stem, town, lib: f"Užimtumo tarnybos {town} skyrius",
        Referrer.UNIVERSITY_OF_THIRD_AGE: lambda stem, town, lib: (
            f"{town} trečiojo amžiaus universitetas"
        ),
        Referrer.COMMUNITY: lambda stem, town, lib: f"{stem} bendruomenė",
        Referrer.MUNICIPALITY: lambda stem, town, lib: lib.replace(
            " viešoji biblioteka", " administracija"
        ),
    },
    halls=("{stem} bendruomenės namai", "{stem} kultūros centras", "{stem} seniūnijos salė"),
    seminar_topics=catalogue.SEMINAR_TOPICS,
    youth_topics=catalogue.YOUTH_TOPICS,
    home_visit=("Dalyvio namuose", "Išmanusis telefonas: vaizdo skambučiai"),
    consultation_notes=catalogue.CONSULTATION_NOTES,
    visit_notes=catalogue.VISIT_NOTES,
    participant_notes=catalogue.PARTICIPANT_NOTES,
    mail_domain="pastas.example",
    session_topics={},
    libraries=catalogue.REGION_LIBRARIES,
    home=(catalogue.HOME_REGION, catalogue.HOME_LIBRARY, catalogue.HOME_BRANCH),
)

LV = Vocabulary(
    country="LV",
    language="lv",
    origin="lv",
    neighbour="lt",
    group_names={
        "job_seekers": "NVA grupa",
        "u3a": "TVU grupa",
        "general": "Iedzīvotāju grupa",
        "municipal": "Pašvaldības speciālistu grupa",
        "library_staff": "Bibliotekāru grupa",
    },
    community_group="{stem} kopienas grupa",
    referrers={
        Referrer.EMPLOYMENT_SERVICE: lambda stem, town, lib: (
            f"Nodarbinātības valsts aģentūras {town} filiāle"
        ),
        Referrer.UNIVERSITY_OF_THIRD_AGE: lambda stem, town, lib: (
            f"{town} Trešā vecuma universitāte"
        ),
        Referrer.COMMUNITY: lambda stem, town, lib: f"{stem} kopiena",
        Referrer.MUNICIPALITY: lambda stem, town, lib: f"{town} novada pašvaldība",
    },
    halls=("{stem} tautas nams", "{stem} kultūras nams", "{stem} pagasta pārvaldes zāle"),
    seminar_topics=(
        "Kiberdrošība: krāpšana pa tālruni",
        "E-paraksts un Smart-ID",
        "E-veselība: kā pierakstīties pie ārsta",
        "Mākslīgais intelekts ikdienā",
    ),
    youth_topics=(
        "Droša uzvedība sociālajos tīklos",
        "Ņirgāšanās internetā: kā sevi pasargāt",
    ),
    home_visit=("Dalībnieka mājās", "Viedtālrunis: videozvani"),
    consultation_notes={
        "e_government": "Palīdzēts pieslēgties portālam latvija.lv ar internetbanku.",
        "e_health": "Pieraksts pie ģimenes ārsta portālā e-veseliba.lv.",
        "banking": "Rēķinu par elektrību un komunālajiem pakalpojumiem apmaksa internetā.",
        "smartphone": "Viedtālruņa iestatījumi un lietotņu instalēšana.",
        "email": "Izveidota e-pasta kastīte, iemācīts sūtīt pielikumus.",
        "safety": "Pārrunāta krāpšana ar īsziņām un pa tālruni.",
        "job_search": "CV ievietots NVA CV un vakanču portālā.",
        "social_media": "Videozvani tuviniekiem ārzemēs.",
        "office_software": "Dokumenta drukāšana un skenēšana.",
    },
    visit_notes=(
        "Konsultācijas par viedtālruņiem.",
        "Palīdzība pierakstīties pie ārsta internetā.",
        "Videozvani ar tuviniekiem.",
        "Internetbanka un droši maksājumi.",
        "",
    ),
    participant_notes=(
        "Vēlas iemācīties lietot e-veselību.",
        "Tuvinieki dzīvo ārzemēs: interesē videozvani.",
        "Ekrānā vajadzīgs lielāks burtu izmērs.",
        "Piedalās arī citās mācībās.",
    ),
    mail_domain="pasts.example",
    session_topics=latvia.SESSION_TOPICS_LV,
    libraries=latvia.REGION_LIBRARIES,
    home=(latvia.HOME_REGION, latvia.HOME_LIBRARY, latvia.HOME_BRANCH),
)

BY_COUNTRY = {v.country: v for v in (LT, LV)}


def for_country(country: str | None) -> Vocabulary:
    """The vocabulary of a store whose region is in ``country`` (Lithuanian when unknown)."""
    return BY_COUNTRY.get((country or "LT").upper(), LT)
