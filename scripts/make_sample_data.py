#!/usr/bin/env python3
"""Write fully synthetic raw partner extracts for netwerk's demo, tests and benchmarks.

Everything this script writes is invented: names come from short built-in lists, every
identifier is random with a valid checksum in a range chosen to stay away from real ones
(BSNs and RSINs are 9-digit numbers starting with 9 that pass the 11-proef, KvK numbers are
8 digits starting with 9, IBANs carry a correct mod-97 check but random account numbers).

Two modes:

* default: three cases of different crime types, each with a value chain and planted vital
  actors (a straw man directing many firms, a facilitator bridging two stages, a scarce
  specialist), written as one raw file per shipped extract spec plus a manifest, a planted
  answer file ``truth.yaml`` (tests only), a synthetic demo key and a README::

      python scripts/make_sample_data.py --out sample_data --seed 20261128

* ``--scale N``: the same six layouts with about N rows in ``politie.csv`` (the other files
  proportionally fewer, see :data:`SCALE_FRACTIONS`), streamed in chunks, for benchmarks.
  Never commit these::

      python scripts/make_sample_data.py --scale 1000000 --out /tmp/scale

* ``--registers N``: national-shaped registers for ``netwerk screen`` (KvK with officers,
  Kadaster, BRP, partner signals) with about N relations, planted clusters and hubs, specs,
  a manifest and ``truth.yaml``::

      python scripts/make_sample_data.py --registers 10000000 --out /tmp/registers

The same seed gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

__all__ = [
    "SPEC_FILES",
    "SCALE_FRACTIONS",
    "bsn_valid",
    "generate_sample",
    "generate_registers",
    "generate_scale",
    "main",
]

#: spec name -> (file name, delimiter, encoding, line terminator); mirrors the shipped specs
SPEC_FILES: dict[str, tuple[str, str, str, str]] = {
    "politie": ("politie.csv", ";", "cp1252", "\r\n"),
    "gemeente_brp": ("gemeente_brp.csv", ";", "cp1252", "\r\n"),
    "gemeente_vergunningen": ("gemeente_vergunningen.csv", ";", "cp1252", "\r\n"),
    "kvk": ("kvk.csv", ",", "utf-8-sig", "\n"),
    "kadaster": ("kadaster.csv", ";", "utf-8", "\n"),
    "belastingdienst": ("belastingdienst.csv", ";", "cp1252", "\r\n"),
}

COLUMNS: dict[str, list[str]] = {
    "politie": ["registratienummer", "pleegdatum", "feitomschrijving", "pleeg_postcode",
                "pleeg_huisnummer", "persoonsnummer", "bsn",
                "achternaam", "voornamen", "geboortedatum", "rol", "medeverdachte_persoonsnummer",
                "kenteken", "telefoonnummer", "betrouwbaarheid", "informatie"],
    "gemeente_brp": ["bsn", "voorvoegsel", "geslachtsnaam", "voornamen", "geboortedatum",
                     "postcode", "huisnummer", "huisletter", "huisnummertoevoeging",
                     "inschrijfdatum", "uitschrijfdatum"],
    "gemeente_vergunningen": ["vergunningnummer", "soort_vergunning", "kvk_nummer", "postcode",
                              "huisnummer", "toevoeging", "status", "bibob_toets", "datum_ingang",
                              "datum_einde"],
    "kvk": ["kvk_nummer", "vestigingsnummer", "handelsnaam", "rechtsvorm", "sbi_code",
            "datum_oprichting", "postcode", "huisnummer", "toevoeging", "bsn_functionaris",
            "achternaam_functionaris", "voornamen_functionaris", "geboortedatum_functionaris",
            "kvk_nummer_functionaris", "functie", "datum_in_functie", "datum_uit_functie"],
    "kadaster": ["kadastrale_aanduiding", "soort_object", "postcode", "huisnummer", "huisletter",
                 "huisnummertoevoeging", "soort_eigenaar", "bsn_eigenaar", "kvk_eigenaar",
                 "aandeel", "koopsom", "datum_aankoop"],
    "belastingdienst": ["bsn", "rsin", "kvk_nummer", "soort_aanslag", "bedrag_openstaande_schuld",
                        "peildatum", "iban", "relatie_kvk_nummer", "soort_relatie"],
}

#: columns holding a BSN or RSIN (11-proef) per file, and columns holding dates
BSN_COLUMNS = {"politie": ["bsn"], "gemeente_brp": ["bsn"], "kvk": ["bsn_functionaris"],
               "kadaster": ["bsn_eigenaar"], "belastingdienst": ["bsn", "rsin"],
               "gemeente_vergunningen": []}
DATE_COLUMNS = {
    "politie": ["pleegdatum", "geboortedatum"],
    "gemeente_brp": ["geboortedatum", "inschrijfdatum", "uitschrijfdatum"],
    "gemeente_vergunningen": ["datum_ingang", "datum_einde"],
    "kvk": ["datum_oprichting", "geboortedatum_functionaris", "datum_in_functie", "datum_uit_functie"],
    "kadaster": ["datum_aankoop"],
    "belastingdienst": ["peildatum"],
}
#: where the generator plants malformed dates (never in birth dates)
MESS_DATE_COLUMN = {"politie": "pleegdatum", "gemeente_brp": "inschrijfdatum",
                    "gemeente_vergunningen": "datum_ingang", "kvk": "datum_in_functie",
                    "kadaster": "datum_aankoop", "belastingdienst": "peildatum"}
#: injected mess per file: (exact duplicate rows, invalid BSNs, malformed dates)
MESS = {"politie": (3, 2, 2), "gemeente_brp": (2, 2, 1), "gemeente_vergunningen": (1, 0, 1),
        "kvk": (2, 1, 1), "kadaster": (1, 1, 1), "belastingdienst": (2, 1, 1)}
BAD_DATES = ["31-02-2024", "15.03.2024", "00-00-0000", "onbekend", "32-01-2023", "14-13-2024"]
#: the ones among them that every shipped spec lists as a placeholder date (``sentinel_dates``)
SENTINEL_DATES = {"00-00-0000"}

#: --scale: rows of each file as a fraction of N (politie has N rows)
SCALE_FRACTIONS = {"politie": 1.0, "gemeente_brp": 0.5, "gemeente_vergunningen": 0.02,
                   "kvk": 0.25, "kadaster": 0.15, "belastingdienst": 0.15}

# --- name material (cp1252-safe) -------------------------------------------------------------
FIRST_NAMES = [
    "Jan", "Pieter", "Mohamed", "Dennis", "Kevin", "Mehmet", "Ricardo", "Stefan", "Bram", "Sven",
    "Youssef", "Henk", "Ahmet", "Daan", "Luuk", "Rachid", "Marco", "Jeroen", "Thijs", "Erik",
    "Noël", "Raphaël", "François", "Joël", "Mustafa", "Gerrit", "Willem", "Sander", "Bilal", "Ömer",
    "Anna", "Sanne", "Fatima", "Linda", "Zoë", "Anaïs", "Chloë", "Noëlle", "Esmée", "Ilse",
    "Naima", "Sevda", "Marloes", "Iris", "Eva", "Renée", "Désirée", "Françoise", "Inge", "Lotte",
]
SECOND_NAMES = ["Johannes", "Maria", "Cornelis", "Hendrik", "Ali", "Petrus", "Elisabeth", "José"]
SURNAMES: list[tuple[str, str]] = [
    ("", "Jansen"), ("de", "Vries"), ("van", "Dijk"), ("van der", "Berg"), ("van den", "Heuvel"),
    ("", "Bakker"), ("", "Visser"), ("", "Smit"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"),
    ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"),
    ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Öztürk"), ("", "Yildiz"),
    ("", "El Amrani"), ("", "Bouzid"), ("", "Çelik"), ("", "Kaya"), ("van 't", "Hof"),
    ("ter", "Horst"), ("", "Meijer"), ("", "Hoekstra"), ("", "Koç"), ("in 't", "Veld"),
    ("", "Gonçalves"), ("", "Brüning"), ("", "Verhoeven"), ("", "Willems"), ("", "Claessens"),
    ("van", "Vliet"), ("", "Schouten"), ("", "Aydin"), ("de", "Jong"), ("", "Lefèvre"),
    ("van der", "Meer"), ("", "Boukhari"), ("", "Sahin"), ("van", "Beek"), ("", "Kuipers"),
]
PLATE_LETTERS = list("BDFGHJKLNPRSTVXZ")
REGIONS = {"hennep-oost": ("75", "ENS01", "PL0400"), "synthetica-haven": ("30", "RTD02", "PL1700"),
           "vastgoed-west": ("10", "ASD05", "PL1300")}
BANKS = ["INGB", "RABO", "ABNA", "SNSB", "TRIO", "BUNQ"]


# --- identifiers with valid checksums --------------------------------------------------------
def bsn_valid(value: str) -> bool:
    """True if ``value`` is 9 digits passing the 11-proef (BSN/RSIN).

    Examples
    --------
    >>> bsn_valid("999993653"), bsn_valid("999993654")
    (True, False)
    """
    if len(value) != 9 or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], range(9, 1, -1), strict=True))
    return (total - int(value[8])) % 11 == 0


def _eleven_check_digits(prefixes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Check digit for 8-digit prefixes (as int array) and a mask of prefixes that have one."""
    digits = np.stack([(prefixes // 10 ** (7 - i)) % 10 for i in range(8)], axis=1)
    total = digits @ np.arange(9, 1, -1)
    check = total % 11
    return check, check < 10


def make_iban(bank: str, account: int) -> str:
    """A Dutch-format IBAN ``NLkk BANK 0123456789`` with a correct mod-97 check."""
    bban = f"{bank}{account:010d}"
    num = int("".join(str(int(c, 36)) for c in bban + "NL00"))
    return f"NL{98 - num % 97:02d}{bban}"


class Ids:
    """Unique synthetic identifiers drawn from one seeded generator."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _eleven(self, lead: str) -> str:
        while True:
            body = lead + "".join(str(d) for d in self.rng.integers(0, 10, 8 - len(lead)))
            check, ok = _eleven_check_digits(np.array([int(body)]))
            value = body + str(int(check[0]))
            if ok[0] and value not in self.used:
                self.used.add(value)
                return value

    def bsn(self) -> str:
        return self._eleven(str(self.rng.integers(90, 95)))

    def rsin(self) -> str:
        return self._eleven(str(self.rng.integers(95, 100)))

    def _unique(self, make) -> str:
        while True:
            v = make()
            if v not in self.used:
                self.used.add(v)
                return v

    def kvk(self) -> str:
        return self._unique(lambda: "9" + "".join(map(str, self.rng.integers(0, 10, 7))))

    def branch(self) -> str:
        return self._unique(lambda: "9000" + "".join(map(str, self.rng.integers(0, 10, 8))))

    def police_id(self, region: str) -> str:
        return self._unique(lambda: f"PN{region[2:4]}{self.rng.integers(100000, 999999)}")

    def plate(self) -> str:
        r = self.rng

        def make() -> str:
            L = lambda n: "".join(r.choice(PLATE_LETTERS, n))  # noqa: E731
            D = lambda n: "".join(map(str, r.integers(0, 10, n)))  # noqa: E731
            side = int(r.integers(0, 4))
            if side == 0:
                return f"{D(2)}-{L(3)}-{D(1)}"
            if side == 1:
                return f"{D(1)}-{L(3)}-{D(2)}"
            if side == 2:
                return f"{L(2)}-{D(3)}-{L(1)}"
            return f"{L(1)}-{D(3)}-{L(2)}"

        return self._unique(make)

    def phone(self) -> str:
        return self._unique(lambda: f"06-{self.rng.integers(10000000, 99999999)}")

    def iban(self) -> str:
        bank = BANKS[int(self.rng.integers(0, len(BANKS)))]
        return self._unique(lambda: make_iban(bank, int(self.rng.integers(10**8, 10**10))))

    def postcode(self, region: str) -> str:
        return f"{region}{self.rng.integers(10, 99)}" + "".join(
            self.rng.choice(list("ABCEGHJKLMNPRTVWXZ"), 2))


# --- the case world --------------------------------------------------------------------------
@dataclass
class Address:
    key: str
    postcode: str
    number: str
    letter: str = ""
    addition: str = ""


@dataclass
class Person:
    key: str
    first: str
    prefix: str
    surname: str
    dob: date
    bsn: str
    police_id: str = ""
    role: str = ""
    stage: str = ""
    police_bsn: bool = True
    planted: str = ""
    vehicles: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    home: Address | None = None

    @property
    def full_surname(self) -> str:
        return f"{self.prefix} {self.surname}".strip()


@dataclass
class Company:
    key: str
    kvk: str
    rsin: str
    branch: str
    name: str
    form: str
    sbi: str
    founded: date
    address: Address
    stage: str = ""
    planted: str = ""


def d(x: date) -> str:
    return x.strftime("%d-%m-%Y")


class CaseWorld:
    """Builds one case: entities, the partner rows that describe them, and the entity graph."""

    def __init__(self, name: str, rng: np.random.Generator, ids: Ids) -> None:
        self.name = name
        self.rng = rng
        self.ids = ids
        self.region, self.gem, self.pol = REGIONS[name]
        self.rows: dict[str, list[dict]] = {k: [] for k in SPEC_FILES}
        self.protected: dict[str, set[int]] = {k: set() for k in SPEC_FILES}
        self.edges: list[tuple[str, str, str]] = []
        self.persons: list[Person] = []
        self.companies: list[Company] = []
        self.counter = 0
        self.incidents: list[tuple[str, date, str, list[Person], Address | None]] = []

    # helpers
    def _key(self, p: str) -> str:
        self.counter += 1
        return f"{p}{self.counter:04d}"

    def pick(self, seq):
        return seq[int(self.rng.integers(0, len(seq)))]

    def day(self, y0: int, y1: int) -> date:
        """A random day from 1 January ``y0`` to 31 December ``y1``, never after 31-10-2026."""
        start, end = date(y0, 1, 1), min(date(y1, 12, 31), date(2026, 10, 31))
        return start + timedelta(days=int(self.rng.integers(0, (end - start).days)))

    def _add(self, file: str, row: dict, planted: bool) -> None:
        if planted:
            self.protected[file].add(len(self.rows[file]))
        self.rows[file].append(row)

    def address(self, *, plain: bool = False) -> Address:
        """A new address; ``plain`` ones have no house letter or addition (used where partners
        write the address in different column layouts)."""
        r = self.rng
        letter = self.pick(["A", "B", "a", ""]) if r.random() < 0.12 and not plain else ""
        addition = self.pick(["1", "2", "bis", "hs", "II"]) if r.random() < 0.12 and not plain else ""
        a = Address(self._key("A"), self.ids.postcode(self.region), str(int(r.integers(1, 250))),
                    letter, addition)
        return a

    # persons and BRP
    def person(self, role: str = "", stage: str = "", *, address: Address | None = None,
               police: bool = False, police_bsn: bool = True, planted: str = "",
               surname: tuple[str, str] | None = None, household: int = 0) -> Person:
        prefix, sur = surname or self.pick(SURNAMES)
        first = self.pick(FIRST_NAMES)
        if self.rng.random() < 0.35:
            first = f"{first} {self.pick(SECOND_NAMES)}"
        p = Person(self._key("P"), first, prefix, sur, self.day(1962, 2003), self.ids.bsn(),
                   role=role, stage=stage, police_bsn=police_bsn, planted=planted)
        if police:
            p.police_id = self.ids.police_id(self.pol)
        self.persons.append(p)
        p.home = address or self.address()
        self.register(p, p.home)
        for _ in range(household):
            self.person(surname=(p.prefix, p.surname) if self.rng.random() < 0.6 else None,
                        address=p.home)
        return p

    def register(self, p: Person, a: Address, since: date | None = None,
                 until: date | None = None) -> None:
        since = since or self.day(2008, 2024)
        self._add("gemeente_brp", {
            "bsn": p.bsn, "voorvoegsel": p.prefix, "geslachtsnaam": p.surname,
            "voornamen": p.first, "geboortedatum": d(p.dob), "postcode": a.postcode,
            "huisnummer": a.number, "huisletter": a.letter, "huisnummertoevoeging": a.addition,
            "inschrijfdatum": d(since), "uitschrijfdatum": d(until) if until else ""},
            bool(p.planted))
        self.edges.append((p.key, a.key, "registered_at"))

    # companies and KvK
    def company(self, sbi: str, stage: str, name: str, *, form: str = "B.V.",
                address: Address | None = None, planted: str = "") -> Company:
        a = address or self.address(plain=True)
        full = name if form in ("Eenmanszaak", "Vennootschap onder firma") else f"{name} {form}"
        c = Company(self._key("C"), self.ids.kvk(), self.ids.rsin(), self.ids.branch(), full,
                    {"B.V.": "Besloten Vennootschap", "Holding B.V.": "Besloten Vennootschap"}.get(
                        form, form), sbi, self.day(2012, 2025), a, stage, planted)
        self.companies.append(c)
        self.edges.append((c.key, a.key, "established_at"))
        return c

    def officer(self, c: Company, who: Person | Company, functie: str = "Bestuurder",
                since: date | None = None, until: date | None = None) -> None:
        since = since or max(c.founded, self.day(2014, 2025))
        row = {"kvk_nummer": c.kvk, "vestigingsnummer": c.branch, "handelsnaam": c.name,
               "rechtsvorm": c.form, "sbi_code": c.sbi, "datum_oprichting": d(c.founded),
               "postcode": c.address.postcode, "huisnummer": c.address.number,
               "toevoeging": (c.address.letter + c.address.addition),
               "functie": functie, "datum_in_functie": d(since),
               "datum_uit_functie": d(until) if until else ""}
        for k in ("bsn_functionaris", "achternaam_functionaris", "voornamen_functionaris",
                  "geboortedatum_functionaris", "kvk_nummer_functionaris"):
            row[k] = ""
        if isinstance(who, Person):
            row.update(bsn_functionaris=who.bsn if self.rng.random() < 0.8 or who.planted else "",
                       achternaam_functionaris=self.variant_surname(who, 0.3),
                       voornamen_functionaris=who.first,
                       geboortedatum_functionaris=d(who.dob))
        else:
            row["kvk_nummer_functionaris"] = who.kvk
        kind = {"Bestuurder": "director_of", "Aandeelhouder": "shareholder_of",
                "Gevolmachtigde": "proxy_of"}[functie]
        self.edges.append((who.key, c.key, kind))
        self._add("kvk", row, bool(who.planted or c.planted))

    # names as partners misspell them (only variants a normaliser is meant to unify)
    def variant_surname(self, p: Person, prob: float) -> str:
        s = p.full_surname
        if self.rng.random() >= prob:
            return s
        kind = int(self.rng.integers(0, 5))
        if kind == 0:
            return s.upper()
        if kind == 1 and p.prefix:
            return f"{p.surname}, {p.prefix}"
        if kind == 2 and p.prefix:
            return " ".join(w.capitalize() for w in s.split(" "))
        if kind == 3:
            return "".join(ch for ch in unicodedata.normalize("NFKD", s)
                           if not unicodedata.combining(ch))
        return "  " + s.replace(" ", "  ") + " "

    # properties and Kadaster
    def parcel(self) -> str:
        return self.ids._unique(lambda: f"{self.gem} {self.pick('ABCDEFGHKLM')} "
                                        f"{int(self.rng.integers(1000, 9999))}")

    def owns(self, owner: Person | Company, kind: str, *, address: Address | None = None,
             price: float | None = None, when: date | None = None, parcel: str | None = None
             ) -> tuple[str, Address]:
        a = address or self.address()
        parcel = parcel or self.parcel()
        price = price if price is not None else float(self.rng.integers(180, 900)) * 1000
        when = when or self.day(2012, 2025)
        person = isinstance(owner, Person)
        self._add("kadaster", {
            "kadastrale_aanduiding": parcel, "soort_object": kind, "postcode": a.postcode,
            "huisnummer": a.number, "huisletter": a.letter, "huisnummertoevoeging": a.addition,
            "soort_eigenaar": "natuurlijk persoon" if person else "rechtspersoon",
            "bsn_eigenaar": owner.bsn if person else "", "kvk_eigenaar": "" if person else owner.kvk,
            "aandeel": "1/1", "koopsom": f"{price:.2f}".replace(".", ","), "datum_aankoop": d(when)},
            bool(owner.planted))
        self.edges += [(owner.key, "O" + parcel, "owns"), ("O" + parcel, a.key, "located_at")]
        return parcel, a

    # police
    def phone(self, *people: Person) -> str:
        t = self.ids.phone()
        for p in people:
            p.phones.append(t)
            self.edges.append((p.key, "T" + t, "uses"))
        return t

    def vehicle(self, *people: Person) -> str:
        v = self.ids.plate()
        for p in people:
            p.vehicles.append(v)
            self.edges.append((p.key, "V" + v, "uses"))
        return v

    def incident(self, people: list[Person], feit: str, *, where: Address | None = None,
                 when: date | None = None) -> None:
        """Police incident: every suspect lists every other one as co-suspect."""
        reg = f"{self.pol}-{self.rng.integers(2022, 2027)}{self.rng.integers(100000, 999999)}"
        self.incidents.append((reg, when or self.day(2022, 2026), feit, list(people), where))
        for i, p in enumerate(people):
            if where is not None:
                self.edges.append((p.key, where.key, "uses"))
            for q in people[i + 1:]:
                self.edges.append((p.key, q.key, "co_suspect"))

    def render_police(self) -> None:
        grades = ["A", "B", "B", "C", "C", "C", "D", "E", "F"]
        for reg, when, feit, people, where in self.incidents:
            for p in people:
                others = [q for q in people if q is not p]
                n = max(1, len(others), len(p.vehicles), len(p.phones))
                for j in range(n):
                    g = self.pick(grades) if self.rng.random() < 0.9 else ""
                    self._add("politie", {
                        "registratienummer": reg, "pleegdatum": d(when), "feitomschrijving": feit,
                        "pleeg_postcode": where.postcode if where else "",
                        "pleeg_huisnummer": where.number if where else "",
                        "persoonsnummer": p.police_id,
                        "bsn": p.bsn if p.police_bsn else "",
                        "achternaam": self.variant_surname(p, 0.35),
                        "voornamen": p.first.upper() if self.rng.random() < 0.1 else p.first,
                        "geboortedatum": d(p.dob),
                        "rol": p.role if self.rng.random() < 0.92 or p.planted else "",
                        "medeverdachte_persoonsnummer": others[j].police_id if j < len(others) else "",
                        "kenteken": self._plate_variant(p.vehicles[j]) if j < len(p.vehicles) else "",
                        "telefoonnummer": self._phone_variant(p.phones[j]) if j < len(p.phones) else "",
                        "betrouwbaarheid": g, "informatie": str(self.rng.integers(1, 7)) if g else ""},
                        bool(p.planted))

    def _plate_variant(self, v: str) -> str:
        x = self.rng.random()
        return v.replace("-", "") if x < 0.2 else (v.lower() if x < 0.3 else v)

    def _phone_variant(self, t: str) -> str:
        x = self.rng.random()
        if x < 0.2:
            return "+31 6 " + t[3:]
        return t.replace("-", "") if x < 0.4 else t

    # gemeente permits
    def permit(self, c: Company, soort: str, *, status: str = "verleend",
               address: Address | None = None) -> None:
        a = address or c.address
        code = {"Horeca-exploitatievergunning": "HX", "Alcoholwetvergunning": "AW",
                "Exploitatievergunning": "EX", "Omzettingsvergunning kamerverhuur": "OK"}[soort]
        pid = self.ids._unique(lambda: f"{code}-{self.rng.integers(2016, 2026)}-"
                                       f"{self.rng.integers(1000, 99999):05d}")
        start = max(c.founded, self.day(2016, 2025))
        self._add("gemeente_vergunningen", {
            "vergunningnummer": pid, "soort_vergunning": soort, "kvk_nummer": c.kvk,
            "postcode": a.postcode, "huisnummer": a.number, "toevoeging": a.letter + a.addition,
            "status": status, "bibob_toets": self.pick(["ja", "nee", "nee"]),
            "datum_ingang": d(start),
            "datum_einde": d(start + timedelta(days=5 * 365)) if self.rng.random() < 0.5 else ""},
            bool(c.planted))
        self.edges += [(c.key, "G" + pid, "holds_permit"), (c.key, a.key, "holds_permit")]

    # tax
    def tax(self, who: Person | Company, *, amount: float | None = None, soort: str = "",
            iban: bool = False, relation: Company | None = None,
            soort_relatie: str = "Bestuurder") -> None:
        person = isinstance(who, Person)
        soort = soort or (self.pick(["IB", "IB", "ZVW"]) if person else self.pick(["VPB", "OB", "LH"]))
        amount = amount if amount is not None else float(self.rng.integers(500, 90000)) + float(
            self.rng.integers(0, 100)) / 100
        acc = self.ids.iban() if iban else ""
        if acc and self.rng.random() < 0.5:
            acc = " ".join(acc[i:i + 4] for i in range(0, len(acc), 4))
        self._add("belastingdienst", {
            "bsn": who.bsn if person else "", "rsin": "" if person else who.rsin,
            "kvk_nummer": "" if person else who.kvk, "soort_aanslag": soort,
            "bedrag_openstaande_schuld": f"{amount:.2f}".replace(".", ","),
            "peildatum": d(self.day(2025, 2026)), "iban": acc,
            "relatie_kvk_nummer": relation.kvk if relation else "",
            "soort_relatie": soort_relatie if relation else ""}, bool(who.planted))
        if acc:
            self.edges.append((who.key, "R" + acc.replace(" ", ""), "uses"))
        if relation is not None:
            kind = {"Bestuurder": "director_of", "Aandeelhouder": "shareholder_of",
                    "Zakelijke relatie": "transacts_with"}[soort_relatie]
            self.edges.append((who.key, relation.key, kind))


# --- the three cases -------------------------------------------------------------------------
#: expected value-chain stages per case, in chain order
STAGES = {
    "hennep-oost": ["financing", "location", "electricity", "equipment", "cultivation", "sale",
                    "laundering"],
    "synthetica-haven": ["financing", "precursors", "production_site", "production", "waste",
                         "storage", "transport", "laundering"],
    "vastgoed-west": ["criminal_income", "placement", "layering", "real_estate_purchase",
                      "exploitation", "integration"],
}
CRIME_TYPES = {"hennep-oost": "cannabis", "synthetica-haven": "synthetic_drugs",
               "vastgoed-west": "money_laundering_real_estate"}


def _background(w: CaseWorld, companies: int, owners: int) -> None:
    """Unrelated records every real extract holds: legitimate firms, owners, debtors."""
    legit = [("4776", "Tuincentrum Het Hoge Veld"), ("5610", "Eetcafé De Zwaan"),
             ("4941", "Koeriersdienst Snel"), ("6831", "Woonmakelaardij Thuis"),
             ("9602", "Kapsalon Chez Françoise"), ("4511", "Garage Van Beek")]
    for i in range(companies):
        sbi, name = legit[(i + int(w.rng.integers(0, len(legit)))) % len(legit)]
        c = w.company(sbi, "", f"{name} {w.pick(['Noord', 'Zuid', 'Centrum', 'West', 'Oost'])}",
                      form=w.pick(["B.V.", "Eenmanszaak", "Vennootschap onder firma"]))
        w.officer(c, w.person(household=int(w.rng.integers(0, 3))))
        if sbi == "5610":
            w.permit(c, "Horeca-exploitatievergunning")
        if w.rng.random() < 0.5:
            w.tax(c, iban=True)
    for _ in range(owners):
        o = w.person(household=int(w.rng.integers(0, 3)))
        w.owns(o, "woning", address=o.home)
        if w.rng.random() < 0.4:
            w.tax(o)


def build_hennep_oost(w: CaseWorld) -> dict[str, Person]:
    """Cannabis: financing → location → electricity → equipment → cultivation → sale → laundering."""
    boss = w.person("financier", "financing", police=True, household=2)
    lender = w.person("geldschieter", "financing", police=True, household=1)
    straw = w.person("katvanger", "laundering", police=True, planted="straw_man")
    elec = w.person("elektricien", "electricity", police=True, planted="specialist", household=1)
    broker = w.person("tussenpersoon", "sale", police=True, police_bsn=False,
                      planted="facilitator", household=1)
    w.owns(boss, "woning", address=boss.home, price=785000.0)
    w.vehicle(boss), w.vehicle(boss), w.phone(boss), w.phone(boss)
    w.phone(lender), w.phone(straw), w.phone(elec), w.vehicle(elec), w.phone(broker)
    holding = w.company("6420", "financing", "Oostpoort", form="Holding B.V.")
    w.officer(holding, boss, "Aandeelhouder"), w.officer(holding, straw)
    w.incident([boss, lender, straw], "Witwassen (art. 420bis Sr)")
    # location: three business premises owned by the straw man's firms, two rented houses
    sites = []
    for name in ("Twentse Opslag", "Dinkeldal Beheer", "Hof van Eden Vastgoed"):
        c = w.company("6820", "location", name)
        w.officer(c, straw), w.officer(c, holding, "Aandeelhouder")
        _, a = w.owns(c, w.pick(["bedrijfspand", "loods"]), address=w.address(plain=True))
        w.tax(c, iban=True)
        sites.append(a)
    fronts = []
    for _ in range(2):
        landlord = w.person(household=1)
        _, a = w.owns(landlord, "woning", address=w.address(plain=True))
        fronts.append(w.person("pandbeschikbaarsteller", "location", police=True, address=a))
        sites.append(a)
    # equipment: the growshop (run by a proxy, directed on paper by the straw man)
    shop = w.company("4776", "equipment", "Growshop De Groene Vingers")
    keeper = w.person("growshophouder", "equipment", police=True, household=1)
    w.officer(shop, straw), w.officer(shop, keeper, "Gevolmachtigde"), w.phone(keeper)
    w.permit(shop, "Exploitatievergunning")
    w.tax(shop, iban=True, soort="OB")
    # cultivation: growers per site; the one electrician works at three of the five sites
    growers = []
    for i, site in enumerate(sites):
        crew = [w.person("hennepkweker", "cultivation", police=True,
                         police_bsn=bool(w.rng.random() < 0.6), household=int(w.rng.integers(0, 2)))
                for _ in range(2)]
        if i in (1, 3):
            crew.append(w.person("knipper", "cultivation", police=True, police_bsn=False))
        w.phone(*crew[:2])
        people = crew + ([fronts[i - 3]] if i >= 3 else []) + ([elec] if i in (0, 1, 3) else [])
        w.incident(people, "Opiumwet art. 3 (hennepteelt)", where=site)
        if i in (0, 1, 3):
            w.incident([elec, crew[0]], "Diefstal elektriciteit (art. 310 Sr)", where=site)
        growers.append(crew)
    w.incident([keeper, lender], "Opiumwet art. 11a (voorbereidingshandelingen)")
    w.incident([keeper, growers[2][0]], "Opiumwet art. 11a (voorbereidingshandelingen)")
    w.incident([boss, growers[3][0]], "Opiumwet art. 3 (hennepteelt)")
    w.incident([lender, growers[4][0]], "Opiumwet art. 3 (hennepteelt)")
    # sale: reached only through the broker
    dealers = [w.person("handelaar", "sale", police=True, household=int(w.rng.integers(0, 3)))
               for _ in range(3)]
    couriers = [w.person("koerier", "sale", police=True, police_bsn=False) for _ in range(2)]
    buyers = [w.person("afnemer", "sale", police=True) for _ in range(2)]
    for c in couriers:
        w.vehicle(c)
    w.phone(broker, couriers[0]), w.phone(dealers[0]), w.phone(dealers[1], dealers[2])
    w.incident([broker, growers[0][0], growers[2][0]], "Opiumwet art. 3 (handel hennep)")
    w.incident([broker, growers[4][1]], "Opiumwet art. 3 (handel hennep)")
    w.incident([broker, dealers[0], dealers[1]], "Opiumwet art. 3 (handel hennep)")
    w.incident([dealers[1], dealers[2], couriers[0]], "Opiumwet art. 3 (vervoer hennep)")
    w.incident([dealers[0], couriers[1]], "Opiumwet art. 3 (vervoer hennep)")
    w.incident([dealers[2], buyers[0]], "Opiumwet art. 3 (handel hennep)")
    w.incident([dealers[2], buyers[1]], "Opiumwet art. 3 (handel hennep)")
    w.tax(dealers[0], iban=True)
    # laundering: cash businesses directed by the straw man
    barber = w.company("9602", "laundering", "Barbershop Fadé")
    cars = w.company("4511", "laundering", "Autohandel Twente Select")
    lounge = w.company("5630", "laundering", "Lounge Oase")
    for c in (barber, cars, lounge):
        w.officer(c, straw)
        w.tax(c, iban=True)
    w.officer(lounge, holding, "Aandeelhouder")
    w.permit(lounge, "Horeca-exploitatievergunning"), w.permit(lounge, "Alcoholwetvergunning")
    w.tax(straw, amount=48210.55, soort="IB", relation=barber)
    w.tax(straw, amount=48210.55, soort="IB", relation=cars)
    w.tax(boss, iban=True, relation=cars, soort_relatie="Zakelijke relatie")
    _background(w, companies=4, owners=4)
    return {"straw_man": straw, "facilitator": broker, "specialist": elec}


def build_synthetica_haven(w: CaseWorld) -> dict[str, Person]:
    """Synthetic drugs: financing → precursors → production site → production → waste →
    storage → transport → laundering."""
    boss = w.person("financier", "financing", police=True, household=2)
    lender = w.person("geldschieter", "financing", police=True)
    straw = w.person("katvanger", "laundering", police=True, planted="straw_man", household=1)
    chem = w.person("chemicus", "production", police=True, police_bsn=False,
                    planted="specialist")
    fixer = w.person("logistiek regelaar", "storage", police=True, police_bsn=False,
                     planted="facilitator", household=1)
    w.phone(boss), w.vehicle(boss), w.phone(chem), w.phone(chem), w.phone(fixer), w.vehicle(fixer)
    holding = w.company("6420", "financing", "Havenstad", form="Holding B.V.")
    w.officer(holding, boss, "Aandeelhouder"), w.officer(holding, straw)
    # precursors
    supplier = w.person("precursorleverancier", "precursors", police=True, household=1)
    w.phone(supplier), w.vehicle(supplier)
    chemie = w.company("2014", "precursors", "Rijnmond Chemie")
    trade = w.company("4675", "precursors", "Trade & Chemicals Import")
    for c in (chemie, trade):
        w.officer(c, straw), w.officer(c, supplier, "Gevolmachtigde"), w.tax(c, iban=True)
    w.incident([boss, lender, supplier], "Deelname criminele organisatie (art. 140 Sr)")
    w.incident([boss, straw], "Witwassen (art. 420bis Sr)")
    w.incident([supplier, chem], "Opiumwet art. 10a (voorbereiding productie)")
    # production sites: a shed of the straw man's firm, a farmer's barn
    agro = w.company("6820", "production_site", "Agro Loods Beheer")
    w.officer(agro, straw), w.officer(agro, holding, "Aandeelhouder")
    _, shed = w.owns(agro, "loods", address=w.address(plain=True))
    farmer = w.person("pandbeschikbaarsteller", "production_site", police=True,
                      household=2)
    _, barn = w.owns(farmer, "agrarisch object", address=w.address(plain=True))
    w.owns(farmer, "woning", address=farmer.home)
    # production: the one chemist and his assistants
    assistants = [w.person("labassistent", "production", police=True,
                           police_bsn=bool(w.rng.random() < 0.5), household=int(w.rng.integers(0, 2)))
                  for _ in range(3)]
    w.phone(*assistants[:2]), w.phone(assistants[2])
    w.incident([chem, assistants[0], assistants[1]], "Opiumwet lijst I (productie)", where=shed)
    w.incident([chem, assistants[2], farmer], "Opiumwet lijst I (productie)", where=barn)
    w.incident([boss, chem], "Opiumwet lijst I (productie)")
    # waste
    dumper = w.person("afvaldumper", "waste", police=True, household=1)
    w.vehicle(dumper), w.phone(dumper)
    w.incident([dumper, assistants[1]], "Wet milieubeheer (dumping drugsafval)")
    w.incident([dumper, assistants[2]], "Wet milieubeheer (dumping drugsafval)")
    # storage and transport: reached only through the fixer
    keeper = w.person("opslagbeheerder", "storage", police=True, household=1)
    store = w.company("5210", "storage", "Botlek Warehousing")
    w.officer(store, keeper), w.officer(store, fixer, "Gevolmachtigde")
    _, depot = w.owns(store, "bedrijfspand", address=store.address)
    w.tax(store, iban=True)
    carrier = w.person("transporteur", "transport", police=True, household=2)
    haul = w.company("4941", "transport", "Rijnmond Express Transport")
    w.officer(haul, carrier), w.tax(haul, iban=True, relation=store,
                                    soort_relatie="Zakelijke relatie")
    drivers = [w.person("chauffeur", "transport", police=True,
                        police_bsn=bool(w.rng.random() < 0.5)) for _ in range(3)]
    w.vehicle(drivers[0], drivers[1]), w.vehicle(drivers[2]), w.phone(carrier), w.phone(drivers[2])
    w.incident([fixer, chem], "Opiumwet lijst I (productie)")
    w.incident([fixer, carrier], "Opiumwet lijst I (uitvoer)")
    w.incident([fixer, keeper], "Opiumwet lijst I (opslag)", where=depot)
    w.incident([carrier, drivers[0], drivers[1]], "Opiumwet lijst I (uitvoer)")
    w.incident([drivers[2], drivers[0]], "Opiumwet lijst I (vervoer)")
    # laundering: property and cars through the straw man's firms
    estate = w.company("6810", "laundering", "Maasvlakte Vastgoed")
    cars = w.company("4511", "laundering", "Autobedrijf Zuidplein")
    for c in (estate, cars):
        w.officer(c, straw), w.tax(c, iban=True)
    w.officer(estate, holding, "Aandeelhouder")
    cafe = w.company("5630", "laundering", "Grand Café Maaskade")
    w.officer(cafe, straw), w.officer(cafe, holding, "Aandeelhouder")
    w.permit(cafe, "Horeca-exploitatievergunning"), w.permit(cafe, "Alcoholwetvergunning")
    w.permit(cafe, "Exploitatievergunning", status="geweigerd")
    w.owns(estate, "woning", price=649000.0), w.owns(estate, "woning", price=512500.0)
    w.tax(boss, iban=True, relation=cars, soort_relatie="Zakelijke relatie")
    w.tax(straw, amount=23950.0, soort="IB", relation=estate)
    _background(w, companies=4, owners=3)
    return {"straw_man": straw, "facilitator": fixer, "specialist": chem}


def build_vastgoed_west(w: CaseWorld) -> dict[str, Person]:
    """Laundering through real estate: criminal income → placement → layering →
    real-estate purchase → exploitation → integration."""
    boss = w.person("financier", "criminal_income", police=True, household=2)
    dealers = [w.person("handelaar", "criminal_income", police=True) for _ in range(3)]
    courier = w.person("koerier", "criminal_income", police=True, police_bsn=False)
    w.phone(boss), w.vehicle(boss), w.phone(dealers[0], dealers[1]), w.vehicle(courier)
    w.incident([boss, dealers[0], dealers[1]], "Opiumwet lijst I (handel cocaïne)")
    w.incident([dealers[1], dealers[2], courier], "Opiumwet lijst I (handel cocaïne)")
    # placement: cash businesses run by front men
    fronts = [w.person("zetbaas", "placement", police=True, household=1) for _ in range(2)]
    brother = w.person("", "placement", surname=(boss.prefix, boss.surname), household=1)
    barber = w.company("9602", "placement", "Barbershop Noord")
    nails = w.company("9602", "placement", "Nagelstudio Glamour")
    resto = w.company("5610", "placement", "Restaurant De Gouden Leeuw")
    w.officer(barber, fronts[0]), w.officer(nails, fronts[1]), w.officer(resto, brother)
    w.permit(resto, "Horeca-exploitatievergunning"), w.permit(resto, "Alcoholwetvergunning")
    for c in (barber, nails, resto):
        w.tax(c, iban=True, soort="OB")
    w.incident([boss, fronts[0]], "Witwassen (art. 420bis Sr)")
    w.incident([fronts[1], dealers[2]], "Witwassen (art. 420bis Sr)")
    w.tax(brother, relation=resto, soort_relatie="Bestuurder")
    w.register(brother, boss.home, since=date(2009, 5, 1), until=date(2019, 8, 31))
    # the facilitator: the only bridge from the criminal side to the corporate structure
    adviser = w.person("financieel adviseur", "layering", police=True, police_bsn=False,
                       planted="facilitator", household=1)
    w.phone(adviser)
    w.incident([adviser, boss], "Witwassen (art. 420bis Sr)")
    w.officer(resto, adviser, "Gevolmachtigde")
    # layering: a holding structure directed by the straw man
    straw = w.person("katvanger", "layering", police=True, planted="straw_man")
    top = w.company("6420", "layering", "Amstel Capital", form="Holding B.V.")
    w.officer(top, adviser), w.officer(top, straw)
    invest = w.company("6420", "layering", "Noord Invest")
    consult = w.company("7022", "layering", "Zuidas Consultancy")
    w.officer(invest, top, "Aandeelhouder"), w.officer(consult, top, "Aandeelhouder")
    estates = [w.company("6810", "real_estate_purchase", f"Westhaven Vastgoed {r}")
               for r in ("I", "II", "III")]
    rent = w.company("6820", "exploitation", "Amstel Verhuur")
    projects = w.company("4110", "integration", "Keizersgracht Projecten")
    cars = w.company("4511", "integration", "Autohandel Westpoort")
    for c in (invest, consult, *estates, rent, projects, cars):
        w.officer(c, straw)
    for c in estates:
        w.officer(c, invest, "Aandeelhouder")
        w.tax(consult, relation=c, soort_relatie="Zakelijke relatie", soort="OB")
    w.officer(rent, top, "Aandeelhouder"), w.officer(projects, top, "Aandeelhouder")
    w.tax(straw, amount=61877.1, soort="IB", iban=True, relation=top)
    for c in (invest, rent, cars):
        w.tax(c, iban=True)
    # real-estate purchase: one broker arranges every purchase
    agent = w.person("vastgoedbemiddelaar", "real_estate_purchase", police=True,
                     planted="specialist", household=1)
    agency = w.company("6831", "real_estate_purchase", "Makelaardij Het Westen")
    w.officer(agency, agent), w.phone(agent)
    for c in estates:  # power of attorney to sign every purchase for the buying companies
        w.officer(c, agent, "Gevolmachtigde")
    w.incident([agent, straw], "Witwassen (art. 420bis Sr)")
    rooms = []
    for i, c in enumerate(estates * 2 + [projects]):
        price = float(w.rng.integers(35, 190)) * 10000
        _, a = w.owns(c, "woning" if i < 6 else "hotel", price=price,
                      address=w.address(plain=True), when=w.day(2021, 2025))
        if i < 3:
            w.tax(agency, relation=c, soort_relatie="Zakelijke relatie", soort="OB")
        rooms.append(a)
    # exploitation: room letting with many registered tenants
    manager = w.person("pandbeheerder", "exploitation", police=True, household=1)
    w.officer(rent, manager, "Gevolmachtigde")
    w.incident([manager, straw], "Overtreding Huisvestingswet (art. 35)", where=rooms[0])
    for a in rooms[:2]:
        w.permit(rent, "Omzettingsvergunning kamerverhuur", address=a)
        for _ in range(int(w.rng.integers(6, 10))):
            w.person(address=a)
    # integration: a hotel with a horeca permit, luxury cars
    w.permit(projects, "Horeca-exploitatievergunning", address=rooms[6])
    w.tax(projects, iban=True, soort="VPB")
    _background(w, companies=4, owners=3)
    return {"straw_man": straw, "facilitator": adviser, "specialist": agent}


BUILDERS = {"hennep-oost": build_hennep_oost, "synthetica-haven": build_synthetica_haven,
            "vastgoed-west": build_vastgoed_west}


# --- mess, structure checks, writing ---------------------------------------------------------
def _inject_mess(w: CaseWorld, file: str) -> dict[str, int]:
    """Plant malformed dates, invalid BSNs, missing birth dates and exact duplicates in one file.

    Mess never touches rows about planted actors, and duplicates are copies of clean rows, so
    the counts in ``truth.yaml`` can be reconciled with the files one by one.
    """
    rows, rng = w.rows[file], w.rng
    keys = [tuple(r[c] for c in COLUMNS[file]) for r in rows]
    if len(set(keys)) != len(keys):
        raise RuntimeError(f"{w.name}/{file}: generated rows are not unique before mess")
    n_dup, n_bsn, n_date = MESS[file]
    messed: set[int] = set()

    def choose(n: int, ok) -> list[int]:
        cand = [i for i in range(len(rows)) if i not in w.protected[file] and i not in messed
                and ok(rows[i])]
        picked = sorted(int(i) for i in rng.choice(cand, size=min(n, len(cand)), replace=False))
        messed.update(picked)
        return picked

    col = MESS_DATE_COLUMN[file]
    dates = choose(n_date, lambda r: r[col] != "")
    for j, i in enumerate(dates):
        rows[i][col] = BAD_DATES[(j + len(file)) % len(BAD_DATES)]
    # 00-00-0000 is a placeholder (a spec's sentinel date): ingest reads it as unknown
    placeholder = sum(rows[i][col] in SENTINEL_DATES for i in dates)
    bad_bsn = 0
    if n_bsn:
        bcol = BSN_COLUMNS[file][0]
        for i in choose(n_bsn, lambda r: r[bcol] != ""):
            v = rows[i][bcol]
            rows[i][bcol] = v[:8] + str((int(v[8]) + 1 + int(rng.integers(0, 9))) % 10)
            bad_bsn += not bsn_valid(rows[i][bcol])
    missing_dob = 0
    if file == "politie":
        for i in choose(2, lambda r: r["geboortedatum"] != ""):
            rows[i]["geboortedatum"] = ""
            missing_dob += 1
    dups = choose(n_dup, lambda r: True)
    for i in sorted(dups, reverse=True):
        rows.insert(i + 1 + int(rng.integers(0, 3)), dict(rows[i]))
    return {"rows": len(rows), "duplicates": len(dups), "invalid_bsn": bad_bsn,
            "malformed_dates": len(dates) - placeholder, "placeholder_dates": placeholder,
            "missing_birth_dates": missing_dob}


def _graph(w: CaseWorld):
    import networkx as nx

    g = nx.Graph()
    g.add_edges_from((a, b) for a, b, _ in w.edges if a != b)
    return g


def _check_structure(w: CaseWorld, planted: dict[str, Person]) -> dict[str, dict]:
    """Verify the planted actors are structurally vital; return figures for ``truth.yaml``."""
    import networkx as nx

    g = _graph(w)
    deg = dict(g.degree())
    bet = nx.betweenness_centrality(g)
    cut = set(nx.articulation_points(g))
    out: dict[str, dict] = {}
    for role, p in planted.items():
        out[role] = {
            "degree": deg[p.key],
            "degree_rank": 1 + sum(v > deg[p.key] for v in deg.values()),
            "betweenness_rank": 1 + sum(v > bet[p.key] for v in bet.values()),
            "articulation_point": p.key in cut,
        }
    seen = {p.key for *_x, people, _w in w.incidents for p in people}
    unseen = [p.role for p in w.persons if p.police_id and p.key not in seen]
    if unseen:
        raise RuntimeError(f"{w.name}: police know {unseen} but no incident names them")
    straw = planted["straw_man"]
    directed = sorted({b for a, b, k in w.edges if a == straw.key and k == "director_of"})
    if len(directed) < 6:
        raise RuntimeError(f"{w.name}: straw man directs only {len(directed)} firms")
    spec = planted["specialist"]
    if sum(q.role == spec.role for q in w.persons) != 1:
        raise RuntimeError(f"{w.name}: specialist role '{spec.role}' is not unique")
    fac = planted["facilitator"]
    h = g.copy()
    h.remove_node(fac.key)
    comp = {n: i for i, c in enumerate(nx.connected_components(h)) for n in c}
    sides = {}
    for q in w.persons:
        if q.stage and q is not fac and q.key in comp:
            sides.setdefault(comp[q.key], set()).add(q.stage)
    big = sorted(sides.values(), key=len, reverse=True)
    if fac.key not in cut or len(big) < 2:
        raise RuntimeError(f"{w.name}: facilitator does not separate stage clusters")
    out["facilitator"]["separates"] = [sorted(big[0]), sorted(big[1])]
    top = max(deg.values())
    if all(out[r]["degree"] == top for r in out):
        raise RuntimeError(f"{w.name}: every planted actor has the top degree")
    return out


def _write_csv(path: Path, file: str, rows: list[dict]) -> None:
    _, sep, enc, eol = SPEC_FILES[file]
    buf = io.StringIO()
    wr = csv.writer(buf, delimiter=sep, lineterminator=eol, quoting=csv.QUOTE_MINIMAL)
    wr.writerow(COLUMNS[file])
    for r in rows:
        wr.writerow([r[c] for c in COLUMNS[file]])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(enc))


def _kind_of(key: str) -> str:
    return {"P": "person", "C": "company", "A": "address", "O": "property", "V": "vehicle",
            "T": "phone", "R": "account", "G": "permit"}[key[0]]


def _planted_entry(w: CaseWorld, role: str, p: Person, figures: dict) -> dict:
    comp = {c.key: c for c in w.companies}
    return {
        "role": role,
        "police_role": p.role,
        "stage": p.stage,
        "bsn": p.bsn,
        "police_id": p.police_id,
        "police_knows_bsn": p.police_bsn,
        "voorvoegsel": p.prefix,
        "geslachtsnaam": p.surname,
        "voornamen": p.first,
        "geboortedatum": d(p.dob),
        "directs_kvk": sorted({comp[b].kvk for a, b, k in w.edges
                               if a == p.key and k == "director_of"}),
        "structure": figures,
    }


def generate_sample(out: Path, seed: int = 20261128) -> dict:
    """Write the three synthetic cases, ``truth.yaml``, ``demo.key`` and the README to ``out``.

    Returns
    -------
    dict
        The content of ``truth.yaml``.
    """
    out = Path(out)
    ids = Ids(np.random.default_rng([seed, 0]))
    truth: dict = {"seed": seed, "note": "Planted answers for tests only; never an input to "
                                         "netwerk's analysis.", "cases": {}}
    for i, name in enumerate(BUILDERS):
        w = CaseWorld(name, np.random.default_rng([seed, i + 1]), ids)
        planted = BUILDERS[name](w)
        w.render_police()
        figures = _check_structure(w, planted)
        g = _graph(w)
        files = {}
        extracts = []
        for spec, (fname, *_rest) in SPEC_FILES.items():
            files[fname] = _inject_mess(w, spec)
            _write_csv(out / name / "raw" / fname, spec, w.rows[spec])
            extracts.append({"file": f"raw/{fname}", "spec": spec})
        manifest = {"case": name, "crime_type": CRIME_TYPES[name], "extracts": extracts}
        (out / name / "manifest.yaml").write_text(
            yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), encoding="utf-8")
        kinds: dict[str, int] = {}
        for n in sorted(g.nodes):
            kinds[_kind_of(n)] = kinds.get(_kind_of(n), 0) + 1
        truth["cases"][name] = {
            "crime_type": CRIME_TYPES[name],
            "stages": STAGES[name],
            "role_stages": dict(sorted({p.role: p.stage for p in w.persons if p.role}.items())),
            "sbi_stages": {sbi: sorted({c.stage for c in w.companies if c.sbi == sbi and c.stage})
                           for sbi in sorted({c.sbi for c in w.companies if c.stage})},
            "planted": [_planted_entry(w, r, p, figures[r]) for r, p in planted.items()],
            "actors": {**dict(sorted(kinds.items())), "total": g.number_of_nodes()},
            "relations": len(w.edges),
            "files": files,
        }
    (out / "truth.yaml").write_text(
        "# Planted truth of the synthetic sample: for tests only.\n"
        + yaml.safe_dump(truth, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (out / "demo.key").write_text(
        "netwerk-demo-key-NOT-SECRET-synthetic-sample-data-only-2026\n", encoding="utf-8")
    return truth


# --- --scale: large extracts for benchmarks (vectorised, chunked) ----------------------------
def _distinct(rng: np.random.Generator, population: int, n: int) -> np.ndarray:
    """``n`` distinct integers from ``range(population)`` in random order, without the
    population-sized allocation of ``Generator.choice(..., replace=False)``."""
    if n > population // 2:
        return rng.permutation(population)[:n]
    out = np.unique(rng.integers(0, population, n + n // 10 + 16))
    while len(out) < n:
        out = np.unique(np.concatenate([out, rng.integers(0, population, n)]))
    return rng.permutation(out)[:n]


def _valid_numbers(rng: np.random.Generator, n: int, lo: int, hi: int) -> np.ndarray:
    """``n`` distinct 9-digit 11-proef numbers (as str) whose 8-digit prefix lies in [lo, hi)."""
    size = min(hi - lo, int(n * 1.2) + 100)
    prefixes = lo + _distinct(rng, hi - lo, size)
    check, ok = _eleven_check_digits(prefixes)
    values = (prefixes[ok] * 10 + check[ok])[:n]
    if len(values) < n:
        raise ValueError(f"cannot draw {n} distinct numbers in [{lo}, {hi})")
    return values.astype(str)


def _dates(rng: np.random.Generator, n: int, y0: int, y1: int) -> np.ndarray:
    start = np.datetime64(f"{y0}-01-01")
    days = rng.integers(0, int((np.datetime64(f"{y1}-10-31") - start).astype(int)), n)
    return pd.DatetimeIndex(start + days.astype("timedelta64[D]")).strftime("%d-%m-%Y").to_numpy()


def _digits(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    return np.char.zfill(rng.integers(0, 10**k, n).astype(str), k)


def _pick(rng: np.random.Generator, pool, n: int, p_empty: float = 0.0) -> np.ndarray:
    pool = np.asarray(pool, dtype=object)
    out = pool[rng.integers(0, len(pool), n)]
    if p_empty:
        out = np.where(rng.random(n) < p_empty, "", out)
    return out


def generate_scale(out: Path, n: int, seed: int = 20261128, *, chunk: int = 100_000,
                   progress=None) -> dict[str, int]:
    """Write the six layouts with about ``n`` rows in ``politie.csv`` (others per
    :data:`SCALE_FRACTIONS`), one consistent synthetic population, streamed in chunks.

    Returns
    -------
    dict
        File name -> rows written.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 1000])
    n_per = max(500, n // 3)
    n_com = max(100, n // 10)
    n_adr = max(500, n // 4)
    # population
    bsn = _valid_numbers(rng, n_per, 90_000_000, 95_000_000)
    rsin = _valid_numbers(rng, n_com, 95_000_000, 100_000_000)
    kvk = (90_000_000 + _distinct(rng, 10_000_000, n_com)).astype(str)
    branch = np.char.add("9000", np.char.zfill(_distinct(rng, 10**8, n_com).astype(str), 8))
    pid = np.char.add("PN", (10_000_000 + _distinct(rng, 90_000_000, n_per)).astype(str))
    sur_i = rng.integers(0, len(SURNAMES), n_per)
    prefix = np.array([p for p, _ in SURNAMES], dtype=object)[sur_i]
    surname = np.array([s for _, s in SURNAMES], dtype=object)[sur_i]
    first = _pick(rng, FIRST_NAMES, n_per)
    dob = _dates(rng, n_per, 1955, 2005)
    postcode = np.char.add(rng.integers(1000, 9999, n_adr).astype(str),
                           np.char.add(_pick(rng, list("ABCEGHJKLMNPRTVWXZ"), n_adr).astype(str),
                                       _pick(rng, list("ABCEGHJKLMNPRTVWXZ"), n_adr).astype(str)))
    number = rng.integers(1, 400, n_adr).astype(str)
    n_pool = max(200, n // 5)
    letters = np.array(PLATE_LETTERS)
    plates = np.char.add(np.char.add(_digits(rng, n_pool, 2), "-"), np.char.add(
        np.char.add(np.char.add(letters[rng.integers(0, 16, n_pool)], letters[rng.integers(0, 16, n_pool)]),
                    letters[rng.integers(0, 16, n_pool)]), np.char.add("-", _digits(rng, n_pool, 1))))
    phones = np.char.add("06-", (10_000_000 + _distinct(rng, 90_000_000, n_pool)).astype(str))
    banks = np.array(BANKS)[rng.integers(0, len(BANKS), n_pool)]
    accounts = rng.integers(10**8, 10**10, n_pool)
    ibans = np.array([make_iban(b, int(a)) for b, a in zip(banks, accounts, strict=True)])
    roles = ["", "", "", "hennepkweker", "koerier", "handelaar", "financier", "katvanger",
             "chauffeur", "labassistent", "elektricien", "chemicus", "uithaler"]
    targets = {f: max(1, int(round(n * frac))) for f, frac in SCALE_FRACTIONS.items()}

    gem = np.array([f"{c}{k:02d}" for c in ("ASD", "RTD", "UTR", "ENS", "EHV") for k in range(4)])

    def frame(file: str, m: int, offset: int) -> pd.DataFrame:
        idx = offset + np.arange(m)  # unique serials for parcels and permits
        p = rng.integers(0, n_per, m)
        a = rng.integers(0, n_adr, m)
        c = rng.integers(0, n_com, m)
        if file == "politie":
            q = rng.integers(0, n_per, m)
            has_co = rng.random(m) < 0.5
            with_adr = rng.random(m) < 0.3
            g = _pick(rng, list("ABCDEF"), m, 0.1)
            return pd.DataFrame({
                "registratienummer": np.char.add("PL0000-", _digits(rng, m, 10)),
                "pleegdatum": _dates(rng, m, 2020, 2026),
                "feitomschrijving": _pick(rng, ["Opiumwet art. 3 (hennepteelt)",
                                                "Opiumwet lijst I (productie)",
                                                "Witwassen (art. 420bis Sr)"], m),
                "pleeg_postcode": np.where(with_adr, postcode[a], ""),
                "pleeg_huisnummer": np.where(with_adr, number[a], ""),
                "persoonsnummer": pid[p],
                "bsn": np.where(rng.random(m) < 0.6, bsn[p], ""),
                "achternaam": np.char.strip(np.char.add(np.char.add(prefix[p].astype(str), " "),
                                                        surname[p].astype(str))),
                "voornamen": first[p], "geboortedatum": dob[p], "rol": _pick(rng, roles, m),
                "medeverdachte_persoonsnummer": np.where(has_co & (q != p), pid[q], ""),
                "kenteken": _pick(rng, plates, m, 0.7), "telefoonnummer": _pick(rng, phones, m, 0.6),
                "betrouwbaarheid": g,
                "informatie": np.where(g == "", "", rng.integers(1, 7, m).astype(str))})
        if file == "gemeente_brp":
            return pd.DataFrame({
                "bsn": bsn[p], "voorvoegsel": prefix[p], "geslachtsnaam": surname[p],
                "voornamen": first[p], "geboortedatum": dob[p], "postcode": postcode[a],
                "huisnummer": number[a], "huisletter": "", "huisnummertoevoeging": "",
                "inschrijfdatum": _dates(rng, m, 2000, 2025),
                "uitschrijfdatum": np.where(rng.random(m) < 0.3, _dates(rng, m, 2015, 2026), "")})
        if file == "gemeente_vergunningen":
            return pd.DataFrame({
                "vergunningnummer": np.char.add("VG-2025-", np.char.zfill(idx.astype(str), 7)),
                "soort_vergunning": _pick(rng, ["Horeca-exploitatievergunning",
                                                "Alcoholwetvergunning", "Exploitatievergunning"], m),
                "kvk_nummer": kvk[c], "postcode": postcode[a], "huisnummer": number[a],
                "toevoeging": "", "status": _pick(rng, ["verleend", "geweigerd", "ingetrokken"], m),
                "bibob_toets": _pick(rng, ["ja", "nee"], m), "datum_ingang": _dates(rng, m, 2015, 2026),
                "datum_einde": ""})
        if file == "kvk":
            return pd.DataFrame({
                "kvk_nummer": kvk[c], "vestigingsnummer": branch[c],
                "handelsnaam": np.char.add("Onderneming ", np.char.zfill(c.astype(str), 7)),
                "rechtsvorm": "Besloten Vennootschap",
                "sbi_code": _pick(rng, ["4776", "4690", "4941", "5210", "6810", "6820", "5610",
                                        "9602", "4511", "2014"], m),
                "datum_oprichting": _dates(rng, m, 1990, 2025), "postcode": postcode[a],
                "huisnummer": number[a], "toevoeging": "", "bsn_functionaris": bsn[p],
                "achternaam_functionaris": np.char.strip(np.char.add(np.char.add(
                    prefix[p].astype(str), " "), surname[p].astype(str))),
                "voornamen_functionaris": first[p], "geboortedatum_functionaris": dob[p],
                "kvk_nummer_functionaris": "",
                "functie": _pick(rng, ["Bestuurder", "Aandeelhouder", "Gevolmachtigde"], m),
                "datum_in_functie": _dates(rng, m, 2000, 2026), "datum_uit_functie": ""})
        if file == "kadaster":
            person = rng.random(m) < 0.6
            return pd.DataFrame({
                "kadastrale_aanduiding": np.char.add(np.char.add(gem[idx % 20], " "), np.char.add(
                    np.array(list("ABCDEFGHKLM"))[(idx // 20) % 11],
                    np.char.add(" ", (idx // 220 + 1).astype(str)))),
                "soort_object": _pick(rng, ["woning", "bedrijfspand", "loods"], m),
                "postcode": postcode[a], "huisnummer": number[a], "huisletter": "",
                "huisnummertoevoeging": "",
                "soort_eigenaar": np.where(person, "natuurlijk persoon", "rechtspersoon"),
                "bsn_eigenaar": np.where(person, bsn[p], ""), "kvk_eigenaar": np.where(person, "", kvk[c]),
                "aandeel": "1/1",
                "koopsom": np.char.add((rng.integers(100, 2000, m) * 1000).astype(str), ",00"),
                "datum_aankoop": _dates(rng, m, 1995, 2026)})
        person = rng.random(m) < 0.5
        rel = rng.random(m) < 0.3
        return pd.DataFrame({
            "bsn": np.where(person, bsn[p], ""), "rsin": np.where(person, "", rsin[c]),
            "kvk_nummer": np.where(person, "", kvk[c]),
            "soort_aanslag": np.where(person, "IB", "VPB"),
            "bedrag_openstaande_schuld": np.char.add(rng.integers(100, 99999, m).astype(str), ",50"),
            "peildatum": _dates(rng, m, 2025, 2026), "iban": _pick(rng, ibans, m, 0.5),
            "relatie_kvk_nummer": np.where(rel, kvk[rng.integers(0, n_com, m)], ""),
            "soort_relatie": np.where(rel, "Zakelijke relatie", "")})

    written: dict[str, int] = {}
    for file, total in targets.items():
        fname, sep, enc, eol = SPEC_FILES[file]
        path = out / fname
        path.unlink(missing_ok=True)
        done = 0
        while done < total:
            m = min(chunk, total - done)
            df = frame(file, m, done)[COLUMNS[file]]
            df.to_csv(path, sep=sep, encoding=enc if done == 0 else enc.replace("-sig", ""),
                      index=False, header=done == 0, mode="w" if done == 0 else "a",
                      lineterminator=eol)
            done += m
            if progress:
                progress(file, done, total)
        written[fname] = total
    manifest = {"case": f"scale-{n}", "crime_type": "synthetic_benchmark",
                "extracts": [{"file": SPEC_FILES[f][0], "spec": f} for f in SPEC_FILES]}
    (out / "manifest.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    return written


# --- --registers N: national-shaped registers for `netwerk screen` ----------------------------
#: register file -> (spec reference in the manifest, delimiter, encoding, line terminator)
REGISTER_FILES: dict[str, tuple[str, str, str, str]] = {
    "kvk.csv": ("specs/kvk_register.yaml", ",", "utf-8-sig", "\n"),
    "kadaster.csv": ("kadaster", ";", "utf-8", "\n"),
    "gemeente_brp.csv": ("gemeente_brp", ";", "cp1252", "\r\n"),
    "signalen.csv": ("specs/signalen.yaml", ";", "utf-8", "\n"),
}

#: the KvK register spec: the shipped kvk spec plus the officer's birth year (not an identifier;
#: needed for the young-director indicator)
KVK_REGISTER_ATTRIBUTES = {"geboortejaar": {"column": "geboortejaar_functionaris", "type": "int"}}

SIGNALS_SPEC = {
    "name": "signalen",
    "partner": "RIEC",
    "description": "Signalen van partners (politie, Belastingdienst, gemeente) over personen en "
                   "ondernemingen: soort signaal en datum.",
    "format": "csv", "delimiter": ";", "encoding": "utf-8", "decimal": ",",
    "date_format": "%d-%m-%Y",
    "legal_basis": "RIEC-convenant 2024, art. 3 (signalenoverleg)",
    "grading": {"scheme": "admiralty", "source": "B", "information": "2"},
    "identifiers": [{"columns": ["bsn"], "kind": "bsn"}, {"columns": ["kvk_nummer"], "kind": "kvk"}],
    "nodes": [
        {"id": "bsn", "kind": "person", "required": "false",
         "attributes": {"signaal": "soort_signaal",
                        "signaal_datum": {"column": "datum_signaal", "type": "date"}}},
        {"id": "kvk_nummer", "kind": "company", "required": "false",
         "attributes": {"signaal": "soort_signaal",
                        "signaal_datum": {"column": "datum_signaal", "type": "date"}}},
    ],
}
SIGNAL_KINDS = ["politie: witwassen", "Belastingdienst: naheffing", "gemeente: Bibob-advies",
                "FIOD: fraude"]


def _register_specs(out: Path) -> None:
    """Write the two register specs that are not shipped (next to the manifest)."""
    spec_dir = out / "specs"
    spec_dir.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[1]
    kvk = yaml.safe_load((root / "src/netwerk/data/specs/kvk.yaml").read_text(encoding="utf-8"))
    kvk["name"] = "kvk_register"
    kvk["description"] = kvk["description"] + " Met geboortejaar van de functionaris."
    for node in kvk["nodes"]:
        if node["id"] == "functionaris":
            node.setdefault("attributes", {}).update(KVK_REGISTER_ATTRIBUTES)
    head = ("# KvK register for screening: the shipped kvk spec plus geboortejaar_functionaris "
            "(written by scripts/make_sample_data.py --registers)\n")
    (spec_dir / "kvk_register.yaml").write_text(
        head + yaml.safe_dump(kvk, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (spec_dir / "signalen.yaml").write_text(
        "# Partner signals about subjects (written by scripts/make_sample_data.py --registers)\n"
        + yaml.safe_dump(SIGNALS_SPEC, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _day(d0: date, k: int | np.ndarray) -> np.ndarray | str:
    if isinstance(k, np.ndarray):
        base = np.datetime64(d0.isoformat())
        return pd.DatetimeIndex(base + k.astype("timedelta64[D]")).strftime("%d-%m-%Y").to_numpy()
    return (d0 + timedelta(days=int(k))).strftime("%d-%m-%Y")


def generate_registers(out: Path, n: int, seed: int = 20261128, *, planted: int | None = None,
                       chunk: int = 200_000, progress=None) -> dict:
    """Write national-shaped raw registers with about ``n`` relations in all: KvK (companies with
    officers), Kadaster (parcels with owners), BRP (residents per address) and partner signals,
    with planted clusters and hubs, a manifest and ``truth.yaml``.

    Background: companies with one or two officers drawn from a director pool (so a few persons
    direct five or more companies by chance), random founding and purchase dates (so some
    companies buy property soon after founding by chance), households of about 2.2 residents per
    address, some resales and a few random signals. Hubs: three trust-office addresses and two
    serial directors touching many companies. Planted clusters (default: 3 + n/100,000, at most
    25): a young straw man directing six companies founded within two months at one fresh address,
    each buying a property within three months, one property resold within a year, a holding
    chain up to a boss with a partner signal, one holding at a trust-office address.

    Returns
    -------
    dict
        The truth (also written to ``truth.yaml``): planted clusters and hubs by raw identifier,
        and the rows written per file.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 2000])
    k_planted = planted if planted is not None else min(25, 3 + n // 100_000)
    rows_kvk, rows_kad, rows_brp = int(0.22 * n), int(0.14 * n), int(0.28 * n)
    n_com = max(200, int(rows_kvk / 1.3))
    n_per = max(1000, int(rows_brp / 1.15))
    n_adr = max(400, int(n_per / 2.2))
    n_par = max(200, int(rows_kad / 1.05))
    n_dir = min(n_per, max(200, int(1.3 * n_com)))
    n_hub_com = max(60, n_com // 250)  # companies per trust-office address
    n_serial = max(60, n_com // 400)  # companies per serial director
    bsn = _valid_numbers(rng, n_per + 4 * k_planted + 2, 90_000_000, 95_000_000)
    kvk = (90_000_000 + _distinct(rng, 10_000_000, n_com + 10 * k_planted)).astype(str)
    branch = np.char.add("9000", np.char.zfill(_distinct(rng, 10**8, len(kvk)).astype(str), 8))
    sur_i = rng.integers(0, len(SURNAMES), len(bsn))
    prefix = np.array([p for p, _ in SURNAMES], dtype=object)[sur_i]
    surname = np.array([s for _, s in SURNAMES], dtype=object)[sur_i]
    full_surname = np.char.strip(np.char.add(np.char.add(prefix.astype(str), " "),
                                             surname.astype(str)))
    first = _pick(rng, FIRST_NAMES, len(bsn))
    born = rng.integers(0, (date(2000, 12, 31) - date(1940, 1, 1)).days, len(bsn))
    dob = np.array(_day(date(1940, 1, 1), born), dtype=object)
    birth_year = pd.to_datetime(dob, format="%d-%m-%Y").year.to_numpy().copy()
    letters = list("ABCEGHJKLMNPRTVWXZ")
    adr_pc = np.char.add(rng.integers(1000, 8999, n_adr).astype(str),
                         np.char.add(_pick(rng, letters, n_adr).astype(str),
                                     _pick(rng, letters, n_adr).astype(str)))
    adr_nr = rng.integers(1, 400, n_adr).astype(str)
    # addresses could repeat by chance (same postcode + number): keep the first of each
    adr_key = np.char.add(np.char.add(adr_pc, " "), adr_nr)
    _, first_idx = np.unique(adr_key, return_index=True)
    keep = np.sort(first_idx)
    adr_pc, adr_nr = adr_pc[keep], adr_nr[keep]
    n_adr = len(adr_pc)
    hub_adr = np.arange(3)  # trust-office addresses
    free = 3 + 3 * k_planted  # addresses below this are kept for hubs and planted clusters
    com_adr = rng.integers(free, n_adr, len(kvk))
    com_found = rng.integers(0, (date(2025, 6, 30) - date(1990, 1, 1)).days, len(kvk))
    directors = _distinct(rng, n_per, n_dir)
    serial = directors[:2]
    truth_files: dict[str, int] = {}
    gem = np.array([f"{c}{k:02d}" for c in ("ASD", "RTD", "UTR", "ENS", "EHV") for k in range(4)])

    def parcel(idx: np.ndarray) -> np.ndarray:
        return np.char.add(np.char.add(gem[idx % 20], " "), np.char.add(
            np.array(list("ABCDEFGHKLM"))[(idx // 20) % 11], np.char.add(" ", (idx // 220 + 1).astype(str))))

    def kvk_rows(c: np.ndarray, officer: np.ndarray, holder: np.ndarray, functie: np.ndarray,
                 in_functie: np.ndarray) -> pd.DataFrame:
        """Rows of the KvK register; ``officer`` a person index or -1, ``holder`` a company
        index or -1 (a company as shareholder/director)."""
        m = len(c)
        is_p = officer >= 0
        o = np.where(is_p, officer, 0)
        h = np.where(holder >= 0, holder, 0)
        a = com_adr[c]
        return pd.DataFrame({
            "kvk_nummer": kvk[c], "vestigingsnummer": branch[c],
            "handelsnaam": np.char.add("Onderneming ", np.char.zfill(c.astype(str), 7)),
            "rechtsvorm": "Besloten Vennootschap",
            "sbi_code": _pick(rng, ["4776", "4690", "4941", "6810", "6820", "5610", "4511"], m),
            "datum_oprichting": _day(date(1990, 1, 1), com_found[c]),
            "postcode": adr_pc[a], "huisnummer": adr_nr[a], "toevoeging": "",
            "bsn_functionaris": np.where(is_p, bsn[o], ""),
            "achternaam_functionaris": np.where(is_p, full_surname[o], ""),
            "voornamen_functionaris": np.where(is_p, first[o], ""),
            "geboortedatum_functionaris": np.where(is_p, dob[o], ""),
            "kvk_nummer_functionaris": np.where(holder >= 0, kvk[h], ""),
            "functie": functie,
            "datum_in_functie": _day(date(1990, 1, 1), in_functie),
            "datum_uit_functie": "",
            "geboortejaar_functionaris": np.where(is_p, birth_year[o].astype(str), ""),
        })

    # --- background KvK --------------------------------------------------------------------
    base_com = np.arange(n_com)
    com_adr[rng.choice(n_com, 3 * n_hub_com, replace=False)] = np.repeat(hub_adr, n_hub_com)
    second = base_com[rng.random(n_com) < 0.3]
    c_all = np.concatenate([base_com, second])
    m = len(c_all)
    by_company = rng.random(m) < 0.05
    off = np.where(by_company, -1, directors[rng.integers(0, n_dir, m)])
    hold = np.where(by_company, rng.integers(0, n_com, m), -1)
    hold = np.where(hold == c_all, (c_all + 1) % n_com, hold)
    functie = np.where(by_company, _pick(rng, ["Bestuurder", "Aandeelhouder"], m),
                       _pick(rng, ["Bestuurder"] * 7 + ["Aandeelhouder"] * 2 + ["Gevolmachtigde"], m))
    span = np.maximum(1, (date(2026, 6, 30) - date(1990, 1, 1)).days - com_found[c_all])
    in_f = com_found[c_all] + (rng.random(m) * span).astype(int)
    # officers take office at 18 at the earliest (days since 1990 of their 18th birthday)
    adult = born[np.where(off >= 0, off, 0)] - (date(1990, 1, 1) - date(1940, 1, 1)).days + 6575
    in_f = np.where(off >= 0, np.minimum(np.maximum(in_f, adult),
                                         (date(2026, 6, 30) - date(1990, 1, 1)).days), in_f)
    ser_c = rng.choice(n_com, 2 * n_serial, replace=False)
    ser_p = np.repeat(serial, n_serial)
    kvk_parts = [kvk_rows(c_all, off, hold, functie, in_f),
                 kvk_rows(ser_c, ser_p, np.full(len(ser_c), -1), np.full(len(ser_c), "Bestuurder"),
                          com_found[ser_c] + 10)]
    # --- background Kadaster ---------------------------------------------------------------
    par = np.arange(n_par)
    resold = par[rng.random(n_par) < 0.05]
    p_all = np.concatenate([par, resold])
    mq = len(p_all)
    person_owner = rng.random(mq) < 0.6
    kad_parts = [pd.DataFrame({
        "kadastrale_aanduiding": parcel(p_all),
        "soort_object": _pick(rng, ["woning", "bedrijfspand", "loods"], mq),
        "postcode": adr_pc[(p_all % (n_adr - free)) + free],
        "huisnummer": adr_nr[(p_all % (n_adr - free)) + free],
        "huisletter": "", "huisnummertoevoeging": "",
        "soort_eigenaar": np.where(person_owner, "natuurlijk persoon", "rechtspersoon"),
        "bsn_eigenaar": np.where(person_owner, bsn[rng.integers(0, n_per, mq)], ""),
        "kvk_eigenaar": np.where(person_owner, "", kvk[rng.integers(0, n_com, mq)]),
        "aandeel": "1/1",
        "koopsom": np.char.add((rng.integers(100, 2000, mq) * 1000).astype(str), ",00"),
        "datum_aankoop": _day(date(1995, 1, 1), rng.integers(0, 11_500, mq))})]
    # --- background BRP --------------------------------------------------------------------
    movers = np.arange(n_per)[rng.random(n_per) < 0.15]
    b_all = np.concatenate([np.arange(n_per), movers])
    mb = len(b_all)
    home = rng.integers(free, n_adr, mb)
    moved = np.concatenate([np.zeros(n_per, bool), np.ones(len(movers), bool)])
    brp_parts = [pd.DataFrame({
        "bsn": bsn[b_all], "voorvoegsel": prefix[b_all], "geslachtsnaam": surname[b_all],
        "voornamen": first[b_all], "geboortedatum": dob[b_all],
        "postcode": adr_pc[home], "huisnummer": adr_nr[home], "huisletter": "",
        "huisnummertoevoeging": "",
        "inschrijfdatum": _day(date(2000, 1, 1), rng.integers(0, 9000, mb)),
        "uitschrijfdatum": np.where(moved, "", "")})]
    # --- background signals ----------------------------------------------------------------
    sp = rng.choice(n_per, max(1, n_per // 1000), replace=False)
    sc = rng.choice(n_com, max(1, n_com // 1000), replace=False)
    sig_parts = [pd.DataFrame({"bsn": bsn[sp], "kvk_nummer": "",
                               "soort_signaal": _pick(rng, SIGNAL_KINDS, len(sp)),
                               "datum_signaal": _day(date(2023, 1, 1), rng.integers(0, 1000, len(sp)))}),
                 pd.DataFrame({"bsn": "", "kvk_nummer": kvk[sc],
                               "soort_signaal": _pick(rng, SIGNAL_KINDS, len(sc)),
                               "datum_signaal": _day(date(2023, 1, 1), rng.integers(0, 1000, len(sc)))})]
    # --- planted clusters ------------------------------------------------------------------
    clusters = []
    for k in range(k_planted):
        pk = n_per + 2 * k  # straw man, boss: persons outside the background population
        straw, boss = pk, pk + 1
        born[straw] = (date(2003, 3, 1) - date(1940, 1, 1)).days + k
        born[boss] = (date(1972, 5, 1) - date(1940, 1, 1)).days + k
        for q in (straw, boss):
            dob[q] = _day(date(1940, 1, 1), born[q])
            birth_year[q] = int(dob[q][-4:])
        co = n_com + 10 * k + np.arange(6)  # six front companies
        h1, h2 = n_com + 10 * k + 6, n_com + 10 * k + 7
        shared_adr = 3 + k  # fresh address: background companies never use it
        com_adr[co] = shared_adr
        com_adr[h1] = hub_adr[k % 3]
        com_adr[h2] = 3 + k_planted + k
        start = (date(2024, 1, 15) - date(1990, 1, 1)).days + 7 * k
        com_found[co] = start + np.array([0, 9, 17, 26, 38, 51])
        com_found[h1] = start - 400
        com_found[h2] = start - 200
        kvk_parts.append(kvk_rows(co, np.full(6, straw), np.full(6, -1),
                                  np.full(6, "Bestuurder"), com_found[co] + 2))
        kvk_parts.append(kvk_rows(np.array([h1]), np.array([boss]), np.array([-1]),
                                  np.array(["Bestuurder"]), com_found[[h1]] + 1))
        kvk_parts.append(kvk_rows(np.array([h2, co[0]]), np.array([-1, -1]), np.array([h1, h2]),
                                  np.array(["Aandeelhouder", "Aandeelhouder"]),
                                  np.array([com_found[h2] + 5, com_found[co[0]] + 3])))
        parcels = n_par + 10 * k + np.arange(7)
        buy = com_found[co] + rng.integers(20, 90, 6)
        d0 = date(1990, 1, 1)
        owners = [("rechtspersoon", "", kvk[c]) for c in co] + [("natuurlijk persoon", bsn[boss], "")]
        dates = [_day(d0, int(b)) for b in buy] + [_day(d0, start - 3000)]
        # the first company's property is resold to the second company within the year
        owners.append(("rechtspersoon", "", kvk[co[1]]))
        dates.append(_day(d0, int(buy[0]) + 150))
        pidx = np.concatenate([parcels, parcels[:1]])
        kad_parts.append(pd.DataFrame({
            "kadastrale_aanduiding": np.char.add("PLT00 Z ", (pidx + 1).astype(str)),
            "soort_object": "bedrijfspand",
            "postcode": adr_pc[(pidx % (n_adr - free)) + free],
            "huisnummer": adr_nr[(pidx % (n_adr - free)) + free],
            "huisletter": "", "huisnummertoevoeging": "",
            "soort_eigenaar": [o[0] for o in owners], "bsn_eigenaar": [o[1] for o in owners],
            "kvk_eigenaar": [o[2] for o in owners], "aandeel": "1/1",
            "koopsom": np.char.add((rng.integers(200, 900, len(pidx)) * 1000).astype(str), ",00"),
            "datum_aankoop": dates}))
        brp_parts.append(pd.DataFrame({
            "bsn": bsn[[straw, boss]], "voorvoegsel": prefix[[straw, boss]],
            "geslachtsnaam": surname[[straw, boss]], "voornamen": first[[straw, boss]],
            "geboortedatum": dob[[straw, boss]],
            "postcode": adr_pc[[shared_adr, 3 + 2 * k_planted + k]],
            "huisnummer": adr_nr[[shared_adr, 3 + 2 * k_planted + k]], "huisletter": "",
            "huisnummertoevoeging": "", "inschrijfdatum": _day(d0, start - 100),
            "uitschrijfdatum": ""}))
        sig_parts.append(pd.DataFrame({"bsn": [bsn[boss]], "kvk_nummer": [""],
                                       "soort_signaal": ["politie: witwassen"],
                                       "datum_signaal": [_day(d0, start + 300)]}))
        clusters.append({
            "straw_man": str(bsn[straw]), "boss": str(bsn[boss]),
            "companies": [str(v) for v in kvk[co]], "holdings": [str(kvk[h1]), str(kvk[h2])],
            "address": {"postcode": str(adr_pc[shared_adr]), "huisnummer": str(adr_nr[shared_adr])},
            "parcels": [f"PLT00 Z {int(v) + 1}" for v in parcels],
            "flags": ["many_directorships", "registrations_at_address", "young_director",
                      "founded_before_purchase", "ownership_chain", "quick_resale", "signal",
                      "hub_contact"]})
    frames = {
        "kvk.csv": (kvk_parts, COLUMNS["kvk"] + ["geboortejaar_functionaris"]),
        "kadaster.csv": (kad_parts, COLUMNS["kadaster"]),
        "gemeente_brp.csv": (brp_parts, COLUMNS["gemeente_brp"]),
        "signalen.csv": (sig_parts, ["bsn", "kvk_nummer", "soort_signaal", "datum_signaal"]),
    }
    for fname, (parts, cols) in frames.items():
        _, sep, enc, eol = REGISTER_FILES[fname]
        path = out / fname
        path.unlink(missing_ok=True)
        df = pd.concat(parts, ignore_index=True)[cols]
        df = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
        for start_row in range(0, max(len(df), 1), chunk):
            part = df.iloc[start_row:start_row + chunk]
            part.to_csv(path, sep=sep, encoding=enc if start_row == 0 else enc.replace("-sig", ""),
                        index=False, header=start_row == 0, mode="w" if start_row == 0 else "a",
                        lineterminator=eol)
            if progress:
                progress(fname, min(start_row + chunk, len(df)), len(df))
        truth_files[fname] = len(df)
    _register_specs(out)
    manifest = {"case": f"registers-{n}", "crime_type": "money_laundering_real_estate",
                "extracts": [{"file": f, "spec": REGISTER_FILES[f][0]} for f in REGISTER_FILES]}
    (out / "manifest.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    truth = {"relations_target": n, "files": truth_files, "planted": clusters,
             "hubs": {"addresses": [{"postcode": str(adr_pc[i]), "huisnummer": str(adr_nr[i])}
                                    for i in hub_adr],
                      "serial_directors": [str(bsn[i]) for i in serial],
                      "companies_per_address": int(n_hub_com),
                      "companies_per_serial_director": int(n_serial)}}
    (out / "truth.yaml").write_text(
        "# planted answers for tests and benchmarks (synthetic identifiers; never real)\n"
        + yaml.safe_dump(truth, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("sample_data"), help="output folder")
    ap.add_argument("--seed", type=int, default=20261128, help="random seed (default 20261128)")
    ap.add_argument("--scale", type=int, default=None, metavar="N",
                    help="write benchmark extracts with about N rows in politie.csv instead")
    ap.add_argument("--registers", type=int, default=None, metavar="N",
                    help="write national-shaped registers (KvK, Kadaster, BRP, signals) with "
                         "about N relations, planted clusters and hubs, for netwerk screen")
    args = ap.parse_args(argv)
    if args.registers is not None:
        if args.registers < 1000:
            ap.error("--registers needs at least 1000 relations")
        import time

        t0 = time.perf_counter()
        truth = generate_registers(args.out, args.registers, args.seed,
                                   progress=lambda f, k, t: print(f"  {f}: {k}/{t}",
                                                                  file=sys.stderr))
        for f, k in truth["files"].items():
            print(f"{args.out / f}: {k} rows")
        print(f"{len(truth['planted'])} planted clusters; {time.perf_counter() - t0:.1f} s")
        return 0
    if args.scale is not None:
        if args.scale < 1:
            ap.error("--scale must be a positive number of rows")
        import time

        t0 = time.perf_counter()
        rows = generate_scale(args.out, args.scale, args.seed,
                              progress=lambda f, k, t: print(f"  {f}: {k}/{t}", file=sys.stderr))
        for f, k in rows.items():
            print(f"{args.out / f}: {k} rows")
        print(f"{sum(rows.values())} rows in {time.perf_counter() - t0:.1f} s")
        return 0
    truth = generate_sample(args.out, args.seed)
    for case, t in truth["cases"].items():
        print(f"{case}: {t['actors']['total']} actors, "
              + ", ".join(f"{f} {v['rows']}" for f, v in t["files"].items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
