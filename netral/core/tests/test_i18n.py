"""English translation guard.

The UI's source language is Bahasa Indonesia; ``locale/en/LC_MESSAGES/django.po`` carries English.
These tests fail when a new string was added without a translation, when a translation is left
fuzzy, when a placeholder was lost or altered in translation, when the compiled ``.mo`` is stale,
and when the language switch stops reaching the rendered pages.  See docs/i18n.md.

The .po file is read with a small parser below (polib is not a project dependency).
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PO_PATH = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        ctx = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"django.po:{self.line}: {ctx}{self.msgid[:70]!r}"

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is not None:
            return [self.msgstr_plural.get(i, "") for i in range(max(len(self.msgstr_plural), 2))]
        return [self.msgstr]


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a quoted PO string: {text!r}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (obsolete ``#~`` entries skipped; the header is entry 0 if present)."""
    entries: list[Entry] = []
    current: Entry | None = None
    has_msgid = False
    flags: set[str] = set()
    target: tuple[str, int | None] | None = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            assert current is not None and target is not None, f"{path}:{number}: stray continuation line"
            kind, index = target
            if kind == "msgstr_plural":
                assert index is not None
                current.msgstr_plural[index] += _unquote(line)
            else:
                setattr(current, kind, (getattr(current, kind) or "") + _unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        # A msgctxt, or a msgid after a complete msgid, opens the next entry.
        if current is None or keyword == "msgctxt" or (keyword == "msgid" and has_msgid):
            current = Entry(line=number, flags=flags)
            entries.append(current)
            has_msgid = False
            flags = set()
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if match:
            index = int(match.group(1))
            current.msgstr_plural[index] = _unquote(rest)
            target = ("msgstr_plural", index)
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            setattr(current, keyword, _unquote(rest))
            has_msgid = has_msgid or keyword == "msgid"
            target = (keyword, None)
        else:
            raise AssertionError(f"{path}:{number}: unexpected line {raw!r}")
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    assert PO_PATH.exists(), "run: manage.py makemessages -l en (see docs/i18n.md)"
    return parse_po(PO_PATH)


def messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid != "" or e.msgctxt is not None]


# python-format (%(name)s, %s, %d, %%), str.format ({name}, {0}, {}) and HTML tags.
PLACEHOLDER = re.compile(
    r"""
    %\([^)]+\)[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]   # %(name)s, %(n)d, %(x).1f
    | %[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]          # %s, %d, %%
    | \{[\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}              # {name}, {0}, {}, {x:.1f}
    | </?[a-zA-Z][^<>]*>                                # HTML tags
    """,
    re.VERBOSE,
)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_parser_reads_the_catalogue(po_entries: list[Entry]) -> None:
    header = po_entries[0]
    assert header.msgid == "" and "fuzzy" not in header.flags, "the .po header must not be fuzzy"
    assert "Language: en" in header.msgstr
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr
    assert len(messages(po_entries)) > 1000
    assert any(e.msgid_plural for e in po_entries)


def test_every_entry_is_translated_and_not_fuzzy(po_entries: list[Entry]) -> None:
    fuzzy = [e.label for e in messages(po_entries) if "fuzzy" in e.flags]
    untranslated = [e.label for e in messages(po_entries) if not all(t.strip() for t in e.translations)]
    assert not fuzzy, "fuzzy entries (check, fix, drop the flag):\n" + "\n".join(fuzzy)
    assert not untranslated, "untranslated entries (see docs/i18n.md):\n" + "\n".join(untranslated)


def test_placeholders_survive_translation(po_entries: list[Entry]) -> None:
    problems = []
    for e in messages(po_entries):
        plural = [e.msgid_plural] * (len(e.translations) - 1) if e.msgid_plural is not None else []
        sources = [e.msgid, *plural]
        for source, target in zip(sources, e.translations, strict=True):
            if placeholders(source) != placeholders(target):
                problems.append(f"{e.label}: {placeholders(source)} != {placeholders(target)}")
    assert not problems, "placeholders or tags differ:\n" + "\n".join(problems)


def test_compiled_catalogue_matches_the_po(po_entries: list[Entry]) -> None:
    assert MO_PATH.exists(), "run: manage.py compilemessages -l en --ignore=.venv"
    with MO_PATH.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for e in messages(po_entries):
        key = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural is None:
            if mo._catalog.get(key) != e.msgstr:  # type: ignore[attr-defined]
                stale.append(e.label)
        elif any(mo._catalog.get((key, i)) != s for i, s in enumerate(e.translations)):  # type: ignore[attr-defined]
            stale.append(e.label)
    assert not stale, "django.mo is out of date; run compilemessages:\n" + "\n".join(stale[:20])


def test_key_strings_come_out_in_english() -> None:
    from django.utils.translation import gettext, ngettext

    with translation.override("en"):
        assert gettext("Laporkan") == "Report"
        assert gettext("Lacak laporan") == "Track a report"
        assert gettext("Dasbor") == "Dashboard"
        assert gettext("Kajian awal") == "Initial review"
        assert gettext("Pakta integritas") == "Integrity pact"
        assert ngettext("%(n)d hari", "%(n)d hari", 1) % {"n": 1} == "1 day"
        assert ngettext("%(n)d hari", "%(n)d hari", 3) % {"n": 3} == "3 days"
    with translation.override("id"):
        assert gettext("Laporkan") == "Laporkan"


ENGLISH_HEADING = "Safeguard ASN neutrality in elections"
INDONESIAN_HEADING = "Jaga netralitas ASN dalam pemilihan"


@pytest.mark.django_db
def test_home_page_defaults_to_indonesian(client: Any) -> None:
    html = client.get("/").content.decode()
    assert INDONESIAN_HEADING in html
    assert ENGLISH_HEADING not in html
    assert '<html lang="id">' in html


@pytest.mark.django_db
def test_home_page_in_english_from_language_cookie(client: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert ENGLISH_HEADING in html
    assert INDONESIAN_HEADING not in html
    assert "Make a report" in html
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_language_switcher_sets_english(client: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert ENGLISH_HEADING in html
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert INDONESIAN_HEADING in client.get("/").content.decode()


@pytest.mark.django_db
def test_signed_in_navigation_in_english(client: Any, cast: Any) -> None:
    client.force_login(cast.sup_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert "Sign out" in html
    assert "Keluar" not in html
    assert ENGLISH_HEADING in html


# Names under which makemessages (xgettext with Django's keywords) finds strings in Python code.
EXTRACTED_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
TRANSLATION_FUNCTIONS = EXTRACTED_NAMES - {"_"}
IMPORT_ALIAS = re.compile(r"\b(gettext\w*|ngettext\w*|pgettext\w*|npgettext\w*)\s+as\s+(\w+)")
ESCAPED_QUOTE_IN_TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+"(?:[^"\\]|\\.)*\\"(?:[^"\\]|\\.)*"[^%]*%\}""")


def test_strings_are_extractable() -> None:
    """Strings makemessages would silently miss: an alias like ``gettext_lazy as _lazy`` is not an
    xgettext keyword, and ``{% translate "…\\"…\\"…" %}`` is cut at the backslash on extraction
    (the msgid then never matches the run-time lookup). Both leave the text Indonesian in English."""
    base = Path(settings.BASE_DIR)
    problems = []
    for path in sorted((base / "netral").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for function, alias in IMPORT_ALIAS.findall(line):
                if function in TRANSLATION_FUNCTIONS and alias not in EXTRACTED_NAMES:
                    problems.append(f"{path.relative_to(base)}:{number}: {function} as {alias}")
    for root in (base / "templates", base / "netral"):
        for path in sorted(root.rglob("*.html")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if ESCAPED_QUOTE_IN_TAG.search(line):
                    problems.append(
                        f'{path.relative_to(base)}:{number}: \\" inside a translate tag (use single quotes)'
                    )
    assert not problems, "strings makemessages cannot extract (see docs/i18n.md):\n" + "\n".join(problems)
