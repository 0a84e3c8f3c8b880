"""Every translatable message has a real Lithuanian and Latvian translation that keeps the
message's {placeholders}, and no message is translated two ways.

Messages are found the way ``scripts/extract-messages`` finds them (the script is loaded here,
so the test and the tool cannot disagree): every literal ``_()``, ``N_()`` and ``ngettext()``
argument anywhere under ``src/libtrainer``. A message counts as translated when any ``.po`` of
the language has a non-empty, non-fuzzy translation, because the catalogues of one language are
merged at run time.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "extract-messages"
PLURAL_FORMS = {
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) "
    "? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}


def _load_script() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("extract_messages", str(SCRIPT))
    spec = importlib.util.spec_from_loader("extract_messages", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["extract_messages"] = module  # dataclasses look their module up while defined
    loader.exec_module(module)
    return module


em = _load_script()


@pytest.fixture(scope="module")
def messages() -> dict[str, Any]:
    found, _dynamic = em.scan()
    return found


def _describe(gaps: list[Any]) -> str:
    lines = [
        f"[{','.join(sorted(m.areas))}] {m.msgid!r} ({m.uses[0].path}:{m.uses[0].line})"
        for m in gaps[:40]
    ]
    more = f"\n… and {len(gaps) - 40} more" if len(gaps) > 40 else ""
    return "\n".join(lines) + more


def test_extractor_finds_literal_messages_in_every_layer(messages: dict[str, Any]) -> None:
    """The scanner sees messages of domain rules, labels, services, the store, keys and the CLI."""
    expected = {
        "{field_label} must not be empty.": "domain/rules.py",
        "Given name": "i18n/labels.py",
        "The participant {id} does not exist (or was deleted).": "services/common.py",
        "This computer refused to keep a secret key just now. Sign out of the computer (on "
        "Windows: of Windows) and sign in again, or restart it, then try again.": "sync/keys.py",
        "The passphrase must not be empty.": "store/cipher.py",
        "Store created in {path}.": "cli/core.py",
    }
    for msgid, path in expected.items():
        assert msgid in messages, msgid
        assert path in {use.path for use in messages[msgid].uses}
        assert "core" in messages[msgid].areas


@pytest.mark.parametrize("lang", em.REQUIRED)
def test_every_message_has_a_translation(messages: dict[str, Any], lang: str) -> None:
    """No _()/N_() message anywhere under src/libtrainer lacks a lt or lv translation."""
    gaps = em.missing(messages, lang)
    assert not gaps, f"{len(gaps)} messages have no {lang} translation:\n{_describe(gaps)}"


@pytest.mark.parametrize("lang", em.REQUIRED)
def test_core_messages_have_a_translation(messages: dict[str, Any], lang: str) -> None:
    """The core area (domain, store, services, labels, keys, core CLI) is fully translated."""
    core = {k: m for k, m in messages.items() if "core" in m.areas}
    gaps = em.missing(core, lang)
    assert not gaps, f"{len(gaps)} core messages have no {lang} translation:\n{_describe(gaps)}"


@pytest.mark.parametrize("lang", em.LANGUAGES)
def test_translations_keep_the_placeholders_of_their_message(lang: str) -> None:
    """render() fills {placeholders} with str.format: a translation must use the same ones."""
    problems = em.placeholder_problems(lang)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", em.LANGUAGES)
def test_no_message_is_translated_two_ways(lang: str) -> None:
    """Two catalogues of a language never give one message different translations."""
    clashes = em.conflicts(lang)
    assert not clashes, "\n".join(clashes[:40])


@pytest.mark.parametrize("lang", em.LANGUAGES)
def test_catalogues_declare_the_languages_plural_forms(lang: str) -> None:
    """Every .po of a language states its gettext plural rule (3 forms for lt and lv)."""
    catalogs = em.load_catalogs(lang)
    assert "core" in catalogs
    for area, catalog in catalogs.items():
        assert catalog.plural_forms.replace(" ", "") == PLURAL_FORMS[lang].replace(" ", ""), area


def test_placeholder_check_catches_a_changed_name() -> None:
    """The placeholder comparison flags a renamed or dropped {name} but not escaped braces."""
    assert em.placeholders("{field_label} nuo {low} iki {high}") == {"field_label", "low", "high"}
    assert em.placeholders("{{not}} a {value}") == {"value"}
    assert em.placeholders("broken {") == {"<malformed>"}


def test_update_adds_missing_messages_with_empty_translations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--update puts an area's untranslated messages into its .po, keeping what is there."""
    monkeypatch.setattr(em, "LOCALE_DIR", tmp_path)
    new = em.Message("Ąžuolų alėja {n}", areas={"core"}, uses=[em.Use("x.py", 3)])
    assert em.update("core", {new.msgid: new}, langs=("lt",)) == 1
    [entry] = [e for e in em.load_catalogs("lt")["core"] if e.id]
    assert (entry.id, entry.string) == ("Ąžuolų alėja {n}", "")
    assert em.update("core", {new.msgid: new}, langs=("lt",)) == 0


#: Each language's own quotation marks: Lithuanian „…“, Latvian „…”. The other language's closing
#: mark (or English “…”) in a translation is a slip a reader notices at once.
WRONG_QUOTES = {"lt": "”", "lv": "“"}


@pytest.mark.parametrize("lang", sorted(WRONG_QUOTES))
def test_translations_use_the_languages_own_quotation_marks(lang: str) -> None:
    """No Lithuanian translation closes a quotation with ” and no Latvian one uses “."""
    from babel.messages.pofile import read_po

    wrong = []
    for po in sorted(
        (ROOT / "src/libtrainer/resources/locale" / lang / "LC_MESSAGES").glob("*.po")
    ):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and any(WRONG_QUOTES[lang] in (text or "") for text in texts):
                wrong.append(f"{po.name}: {texts[0]!r}")
    assert not wrong, "\n".join(wrong[:20])
