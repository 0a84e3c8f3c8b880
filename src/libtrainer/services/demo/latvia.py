"""The Latvian side of the demonstration catalogue: session topics of the programmes in Latvian
and the libraries of a Latvian region (Cēsu, Ogres and Valmieras novads, whose libraries the
seed reports name among those trained in e-services) with their parish and town branches."""

from __future__ import annotations

from libtrainer.domain.enums import BranchKind
from libtrainer.services.demo.catalogue import BranchSpec, LibrarySpec

#: Session topics of the programmes whose own are Lithuanian, in Latvian (by programme code).
SESSION_TOPICS_LV = {
    "PL-TAU": (
        "Dators un viedtālrunis: pirmie soļi",
        "Informācijas meklēšana internetā",
        "E-pasts",
        "Videozvani tuviniekiem ārzemēs",
        "Droša interneta lietošana",
        "Ziņu portāli un e-grāmatas",
        "Fotogrāfijas viedtālrunī",
        "Praktiski uzdevumi un atkārtošana",
    ),
    "PL-PRAD": (
        "Pele, tastatūra un ekrāns",
        "Datnes un mapes",
        "Pārlūks un meklēšana",
        "E-pasts",
        "Teksta rakstīšana un labošana",
        "Drukāšana un skenēšana",
        "Paroles un drošība",
        "Praktiski uzdevumi",
    ),
    "PL-TEL": (
        "Tālruņa iestatījumi",
        "Lietotņu instalēšana",
        "Ziņas un videozvani",
        "Bankas un e-veselības lietotnes",
        "Drošība un paroles",
        "Prakse",
    ),
    "PL-VPIK": (
        "Valsts pārvaldes pakalpojumu portāls latvija.lv",
        "E-veselība: pieraksts pie ārsta un e-receptes",
        "VID EDS un e-pakalpojumi internetā",
        "Internetbanka un e-paraksts",
    ),
    "PL-LAIS": (
        "Ceļojumu plānošana un kartes",
        "Biļetes uz pasākumiem un transportu internetā",
        "Muzeji, filmas un grāmatas internetā",
        "Atsauksmes un droši maksājumi",
    ),
    "PL-FOTO": (
        "Fotografēšana ar tālruni",
        "Fotoattēlu kārtošana un apgriešana",
        "Albumi mākonī",
        "Droša kopīgošana un privātuma iestatījumi",
    ),
    "PL-PRIST": (
        "Prezentācijas uzbūve",
        "Slaidi: teksts un attēli",
        "Diagrammas un videoieraksti",
        "Uzstāšanās ar prezentāciju",
    ),
    "PL-SAVE": (
        "Dzīvesgājuma apraksts (CV) internetā",
        "Motivācijas vēstule",
        "Profils darba meklēšanas portālos",
        "Darba intervija attālināti",
    ),
    "PL-PIRK": (
        "Interneta veikali un cenu salīdzināšana",
        "Maksājumi par pakalpojumiem internetā",
        "Pircēja tiesības un preču atgriešana",
        "Krāpšanas atpazīšana",
    ),
    "PL-SAUG": ("Paroles un divpakāpju autentifikācija", "Krāpšana e-pastā un pa tālruni"),
}


def _branches(*names: str, rural: bool = True) -> tuple[BranchSpec, ...]:
    """Parish ("Amatas pagasta") or town ("Līgatnes pilsētas") libraries."""
    return tuple(BranchSpec(f"{n} bibliotēka", BranchKind.BRANCH, rural) for n in names)


def _central(name: str) -> BranchSpec:
    return BranchSpec(name, BranchKind.CENTRAL, False)


#: The store ``demo --start`` makes on a Latvian computer (or with ``--country LV``).
HOME_REGION = "Vidzemes reģions"
HOME_LIBRARY = "Cēsu Centrālā bibliotēka"
HOME_BRANCH = "Priekuļu pagasta bibliotēka"

REGION_LIBRARIES = (
    LibrarySpec(
        HOME_LIBRARY,
        "Cēsu",
        (
            _central("Cēsu Centrālā bibliotēka"),
            *_branches(
                "Amatas pagasta",
                "Priekuļu pagasta",
                "Vecpiebalgas pagasta",
                "Jaunpiebalgas pagasta",
                "Drabešu pagasta",
                "Zosēnu pagasta",
            ),
            *_branches("Līgatnes pilsētas", rural=False),
        ),
    ),
    LibrarySpec(
        "Ogres Centrālā bibliotēka",
        "Ogres",
        (
            _central("Ogres Centrālā bibliotēka"),
            *_branches("Madlienas pagasta", "Suntažu pagasta", "Ķeipenes pagasta"),
            *_branches("Ķeguma pilsētas", "Lielvārdes pilsētas", "Ikšķiles pilsētas", rural=False),
        ),
    ),
    LibrarySpec(
        "Valmieras bibliotēka",
        "Valmieras",
        (
            _central("Valmieras bibliotēka"),
            *_branches("Kocēnu pagasta", "Burtnieku pagasta", "Brenguļu pagasta"),
            *_branches("Mazsalacas pilsētas", "Rūjienas pilsētas", rural=False),
            BranchSpec("Valmieras bibliobuss", BranchKind.MOBILE, True),
        ),
    ),
)
