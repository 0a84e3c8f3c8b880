"""Programmes and places of the demonstration data, from the seed reports.

Programme titles are the real ones of "Prisijungusi Lietuva" (Lazdijai) and of the Latvian
library projects ("E-pakalpojumi un e-rīki dzīves situāciju risināšanai", 8 academic hours, and
"Vienotais pakalpojumu portāls www.latvija.lv", both for library staff); places are the
libraries of Alytaus apskritis with their branches, Lazdijai's from the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from libtrainer.domain.enums import Audience, BranchKind, DigCompArea, Level

# --- programmes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    title_lt: str
    title_lv: str
    title_en: str
    level: Level
    hours: int
    topics: tuple[DigCompArea, ...]
    audience: Audience
    session_topics: tuple[str, ...]


_I, _C, _K, _S, _P = (
    DigCompArea.INFORMATION,
    DigCompArea.COMMUNICATION,
    DigCompArea.CONTENT,
    DigCompArea.SAFETY,
    DigCompArea.PROBLEM_SOLVING,
)
_B, _A = Level.BEGINNER, Level.ADVANCED
_R, _L = Audience.RESIDENTS, Audience.LIBRARY_STAFF

PROGRAMMES = (
    ProgrammeSpec(
        "PL-TAU",
        "Skaitmeninės technologijos TAU: ateik, sužinok, išmok",
        "Digitālās tehnoloģijas TVU: nāc, uzzini, iemācies",
        "Digital technologies for the U3A: come, find out, learn",
        _B,
        24,
        (_I, _C, _S),
        _R,
        (
            "Kompiuteris ir išmanusis telefonas: pirmieji žingsniai",
            "Informacijos paieška internete",
            "Elektroninis paštas",
            "Vaizdo skambučiai artimiesiems užsienyje",
            "Saugus naudojimasis internetu",
            "Naujienų portalai ir e. knygos",
            "Nuotraukos telefone",
            "Praktinės užduotys ir kartojimas",
        ),
    ),
    ProgrammeSpec(
        "PL-PRAD",
        "Kompiuterinio raštingumo pradmenys",
        "Datorprasmju pamati",
        "Computer basics",
        _B,
        24,
        (_I, _K, _S),
        _R,
        (
            "Pelė, klaviatūra ir ekranas",
            "Failai ir aplankai",
            "Naršyklė ir paieška",
            "Elektroninis paštas",
            "Teksto rašymas ir taisymas",
            "Spausdinimas ir skenavimas",
            "Slaptažodžiai ir saugumas",
            "Praktinės užduotys",
        ),
    ),
    ProgrammeSpec(
        "PL-TEL",
        "Išmanusis telefonas kasdienai",
        "Viedtālrunis ikdienai",
        "A smartphone for everyday life",
        _B,
        16,
        (_C, _I, _S, _P),
        _R,
        (
            "Telefono nustatymai",
            "Programėlių diegimas",
            "Žinutės ir vaizdo skambučiai",
            "Banko ir e. sveikatos programėlės",
            "Saugumas ir slaptažodžiai",
            "Praktika",
        ),
    ),
    ProgrammeSpec(
        "PL-VPIK",
        "Viešosios paslaugos internetu kiekvienam",
        "Publiskie pakalpojumi internetā ikvienam",
        "Public services online for everyone",
        _A,
        12,
        (_I, _C, _S),
        _R,
        (
            "Elektroninių valdžios vartų portalas epaslaugos.lt",
            "E. sveikata: registracija pas gydytoją ir e. receptai",
            "Sodra, VMI ir Regitra internetu",
            "Elektroninė bankininkystė ir mobilusis parašas",
        ),
    ),
    ProgrammeSpec(
        "PL-LAIS",
        "Planuokime laisvalaikį internetu",
        "Plānosim brīvo laiku internetā",
        "Planning leisure time online",
        _A,
        12,
        (_I, _C),
        _R,
        (
            "Kelionių planavimas ir žemėlapiai",
            "Bilietai į renginius ir transportą internetu",
            "Muziejai, filmai ir knygos internete",
            "Atsiliepimai ir saugūs mokėjimai",
        ),
    ),
    ProgrammeSpec(
        "PL-FOTO",
        "Skaitmeninių nuotraukų apdorojimas ir saugus dalijimasis su kitais",
        "Digitālo fotoattēlu apstrāde un droša kopīgošana ar citiem",
        "Editing digital photos and sharing them safely",
        _A,
        12,
        (_K, _C, _S),
        _R,
        (
            "Fotografavimas telefonu",
            "Nuotraukų tvarkymas ir apkarpymas",
            "Albumai debesyje",
            "Saugus dalijimasis ir privatumo nustatymai",
        ),
    ),
    ProgrammeSpec(
        "PL-PRIST",
        "Pristatymų rengimas",
        "Prezentāciju sagatavošana",
        "Preparing presentations",
        _A,
        12,
        (_K, _C),
        _R,
        (
            "Pristatymo struktūra",
            "Skaidrės: tekstas ir vaizdai",
            "Diagramos ir vaizdo įrašai",
            "Pristatymas auditorijai",
        ),
    ),
    ProgrammeSpec(
        "PL-SAVE",
        "Inovatyvus savęs pristatymas",
        "Inovatīva sevis prezentēšana",
        "Innovative self-presentation",
        _A,
        16,
        (_K, _C, _P),
        _R,
        (
            "Gyvenimo aprašymas (CV) internete",
            "Motyvacinis laiškas",
            "Profilis darbo paieškos portaluose",
            "Pokalbis dėl darbo nuotoliu",
        ),
    ),
    ProgrammeSpec(
        "PL-PIRK",
        "Sumaniau apsipirkime ir atsiskaitykime internetu",
        "Gudrāk iepirksimies un norēķināsimies internetā",
        "Smarter shopping and paying online",
        _A,
        12,
        (_C, _S),
        _R,
        (
            "Elektroninės parduotuvės ir kainų palyginimas",
            "Mokėjimai už paslaugas internetu",
            "Pirkėjo teisės ir prekių grąžinimas",
            "Sukčiavimo atpažinimas",
        ),
    ),
    ProgrammeSpec(
        "PL-SAUG",
        "Saugiai internete",
        "Droši internetā",
        "Staying safe online",
        _B,
        4,
        (_S,),
        _R,
        ("Slaptažodžiai ir dviejų veiksnių patvirtinimas", "Sukčiavimas el. paštu ir telefonu"),
    ),
    ProgrammeSpec(
        "LV-EPAK",
        "E. paslaugos ir e. įrankiai gyvenimo situacijoms spręsti",
        "E-pakalpojumi un e-rīki dzīves situāciju risināšanai",
        "E-services and e-tools for solving life situations",
        _A,
        8,
        (_C, _S, _P),
        _L,
        (
            "Valsts un pašvaldību e-pakalpojumi",
            "Dzīves situācijas portālā latvija.lv",
            "Drošība digitālajā vidē",
            "Iedzīvotāju un uzņēmēju konsultēšana",
        ),
    ),
    ProgrammeSpec(
        "LV-PORT",
        "Vieningas paslaugų portalas www.latvija.lv",
        "Vienotais pakalpojumu portāls www.latvija.lv",
        "The single public services portal www.latvija.lv",
        _A,
        6,
        (_I, _C),
        _L,
        (
            "Portāla www.latvija.lv iespējas",
            "E-pakalpojumi un autentifikācija",
            "Bibliotēkas apmeklētāju konsultēšana",
        ),
    ),
)

# --- places ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BranchSpec:
    name: str
    kind: BranchKind = BranchKind.BRANCH
    rural: bool = True


@dataclass(frozen=True)
class LibrarySpec:
    name: str
    town: str  # genitive, as in "Užimtumo tarnybos Lazdijų skyrius"
    branches: tuple[BranchSpec, ...]


def _branches(*names: str, rural: bool = True) -> tuple[BranchSpec, ...]:
    return tuple(BranchSpec(f"{n} padalinys", BranchKind.BRANCH, rural) for n in names)


def _central(town: str) -> BranchSpec:
    return BranchSpec(f"{town} centrinė biblioteka", BranchKind.CENTRAL, False)


HOME_REGION = "Alytaus apskritis"
HOME_LIBRARY = "Lazdijų r. savivaldybės viešoji biblioteka"
HOME_BRANCH = "Būdviečio padalinys"

REGION_LIBRARIES = (
    LibrarySpec(
        HOME_LIBRARY,
        "Lazdijų",
        (
            _central("Lazdijų"),
            *_branches(
                "Būdviečio",
                "Seiliūnų",
                "Stebulių",
                "Verstaminų",
                "Vidzgailų",
                "Viktarino",
                "Veisiejų",
                "Seirijų",
            ),
        ),
    ),
    LibrarySpec(
        "Alytaus miesto savivaldybės viešoji biblioteka",
        "Alytaus",
        (
            _central("Alytaus miesto"),
            *_branches("Vidzgirio", "Putinų", "Dainavos", rural=False),
        ),
    ),
    LibrarySpec(
        "Alytaus r. savivaldybės viešoji biblioteka",
        "Alytaus",
        (
            _central("Alytaus rajono"),
            *_branches("Simno", "Daugų", "Butrimonių", "Miroslavo", "Pivašiūnų", "Krokialaukio"),
        ),
    ),
    LibrarySpec(
        "Druskininkų savivaldybės viešoji biblioteka",
        "Druskininkų",
        (
            _central("Druskininkų"),
            *_branches("Viečiūnų", "Leipalingio", "Jaskonių", "Ricielių"),
        ),
    ),
    LibrarySpec(
        "Varėnos r. savivaldybės viešoji biblioteka",
        "Varėnos",
        (
            _central("Varėnos"),
            *_branches("Merkinės", "Senosios Varėnos", "Valkininkų", "Marcinkonių", "Perlojos"),
            BranchSpec("Varėnos kilnojamoji biblioteka", BranchKind.MOBILE, True),
        ),
    ),
)


def place_stem(branch_name: str) -> str:
    """The genitive that names a branch's community: "Seiliūnų padalinys" → "Seiliūnų"."""
    for suffix in (" padalinys", " centrinė biblioteka", " kilnojamoji biblioteka", " filialas"):
        if branch_name.endswith(suffix):
            return branch_name[: -len(suffix)]
    return branch_name.split()[0]


def town_of(library_name: str) -> str:
    """The town genitive of a municipal library: "Lazdijų r. savivaldybės …" → "Lazdijų"."""
    for spec in REGION_LIBRARIES:
        if spec.name == library_name:
            return spec.town
    return library_name.split()[0]


def community_halls(stem: str) -> tuple[str, ...]:
    """Off-site places near a branch: community halls, often without internet."""
    return (f"{stem} bendruomenės namai", f"{stem} kultūros centras", f"{stem} seniūnijos salė")


# --- consultations and e-scout visits --------------------------------------------------------

CONSULTATION_NOTES = {
    "e_government": "Padėta prisijungti prie epaslaugos.lt per elektroninę bankininkystę.",
    "e_health": "Registracija pas šeimos gydytoją per esveikata.lt.",
    "banking": "Sąskaitos už elektrą ir komunalines paslaugas apmokėjimas internetu.",
    "smartphone": "Išmaniojo telefono nustatymai ir programėlių diegimas.",
    "email": "Sukurta el. pašto dėžutė, išmokyta siųsti priedus.",
    "safety": "Aptartas sukčiavimas SMS žinutėmis ir telefonu.",
    "job_search": "Gyvenimo aprašymas įkeltas į Užimtumo tarnybos portalą.",
    "social_media": "Vaizdo skambučiai artimiesiems užsienyje.",
    "office_software": "Dokumento spausdinimas ir skenavimas.",
}
VISIT_NOTES = (
    "Konsultacijos apie išmaniuosius telefonus.",
    "Pagalba registruojantis pas gydytoją internetu.",
    "Vaizdo skambučiai su artimaisiais.",
    "Elektroninė bankininkystė ir saugūs mokėjimai.",
    "",
)
PARTICIPANT_NOTES = (
    "Nori išmokti naudotis e. sveikata.",
    "Artimieji gyvena užsienyje: domina vaizdo skambučiai.",
    "Reikia didesnio šrifto ekrane.",
    "Dalyvauja ir kituose mokymuose.",
)
CONSENT_VERSIONS = ("2024-01", "2025-02")
SEMINAR_TOPICS = (
    "Kibernetinė sauga: sukčiavimas telefonu",
    "Elektroninis parašas ir Smart-ID",
    "E. sveikata: kaip užsiregistruoti pas gydytoją",
    "Dirbtinis intelektas kasdienybėje",
)
YOUTH_TOPICS = (
    "Saugus elgesys socialiniuose tinkluose",
    "Patyčios internete: kaip apsisaugoti",
)
