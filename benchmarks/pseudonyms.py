"""Pseudonym quality: one pseudonym per person across documents, and on the annotated corpora.

Run ``python benchmarks/pseudonyms.py`` (``--realdev`` adds /tmp/realdev/corpus.jsonl, which is
read in place and never copied into the repository; ``--skip-crossdoc`` leaves out part 1).

1. Cross-document check (no corpus needed). 40 people, whose names are from the tables, listed
   as either gender, or unknown to the tables, each written into 6 drafts that say different
   things about them: no gender cue, a pronoun, a kin noun, an honorific, French, and one with
   a brother or sister who shares the surname. Drafts are redacted in separate processes: one
   process per kind of draft (so each person's six drafts go through six different processes),
   once without a registry and once with one registry file shared by the processes, run one
   after the other. Reported: people with the same full pseudonym in every draft, given-name-only
   mentions rendered as that pseudonym's given name, full pseudonyms shared by two people,
   real name words surviving, and people whose story evidence (pronouns, kin words,
   honorifics) points to different genders in different drafts: those would have got two
   pseudonyms if story evidence chose the gender without a registry.
2. The dev set (benchmarks/devset), the held-out set (benchmarks/heldout) and, with
   ``--realdev``, the realdev corpus, each redacted with a fixed key and no registry:
   * one pseudonym: gold beneficiaries (PERSON) whose pseudonymised mentions write each real
     name word always as the same pseudonym word (mention and replacement aligned word by
     word; kept words such as "Ms" or an initial pair with themselves, French articles an
     elision fix rewrote are left out), each pseudonym word named in the footnote; a nickname
     the story introduces ("dit Bébé") is a word of its own, so it may have its own
     pseudonym, which must be the same every time and be in the footnote;
   * leaked: gold PERSON words (3+ letters, not also a staff name's word) still in the output,
     in any case, except where every occurrence left is written in lower case and is an
     ordinary word of the language ("Integration takes patience" beside "Patience Nyenswah"):
     those are the word, not the name, and are reported apart as "homographs";
   * idempotent: documents where ``redact(redact(x)) == redact(x)``;
   * footnote: documents with a pseudonymised name that also carry the pseudonym footnote;
   * gender: gold people with a gender (dev and held-out sets only) whose pseudonymous given
     name has that gender in the tables (every entry agrees); "other" counts a name of the
     opposite gender (the rest are names the tables give to either gender). The pseudonymous
     given name is the replacement of a mention word the tables know as a given name, else of
     the first word of a two-word mention; a person without one is not counted;
   * region: people whose real given name has an origin in the tables, and whose pseudonymous
     given name has an origin in the same region group (data/pools/origin_groups.toml) or, when
     that group's pool is too small, in its macro-region.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import Doc, load_devset, load_realdev  # noqa: E402
from safename.textutil import WORD_RE, fold  # noqa: E402

KEY = bytes(range(32))
# That key is public (safename refuses it for real work); a benchmark may use it.
os.environ.setdefault("SAFENAME_ALLOW_PUBLIC_KEY", "1")
BENCH_DIR = Path(__file__).resolve().parent

# (given, surname, gender): names the tables know, list as either gender, or do not know.
PEOPLE = [
    ("Aminata", "Traoré", "f"), ("Mamadou", "Diallo", "m"), ("Fatoumata", "Camara", "f"),
    ("Ousmane", "Coulibaly", "m"), ("Kadiatou", "Sangaré", "f"), ("Abdoulaye", "Konaté", "m"),
    ("Mariam", "Keïta", "f"), ("Sékou", "Condé", "m"), ("Awa", "Diop", "f"),
    ("Moussa", "Sissoko", "m"), ("Blessing", "Okafor", "f"), ("Chukwuemeka", "Eze", "m"),
    ("Chiamaka", "Obi", "f"), ("Emeka", "Nwosu", "m"), ("Halima", "Issoufou", "f"),
    ("Ibrahim", "Musa", "m"), ("Ebiere", "Okoro", "f"), ("Osaro", "Igbinedion", "m"),
    ("Adama", "Ouédraogo", "f"), ("Adama", "Sawadogo", "m"), ("Nana", "Touré", "f"),
    ("Chidera", "Nwachukwu", "f"), ("Yacine", "Faye", "f"), ("Precious", "Okonkwo", "f"),
    ("Gift", "Edeh", "m"), ("Kwiriba", "Ntale", "f"), ("Tsegaye", "Bekele", "m"),
    ("Hiwet", "Tesfay", "f"), ("Abdirahman", "Warsame", "m"), ("Hodan", "Farah", "f"),
    ("Yasmina", "Benali", "f"), ("Karim", "Haddad", "m"), ("Esohe", "Osagie", "f"),
    ("Efosa", "Aigbe", "m"), ("Rokia", "Dembélé", "f"), ("Lansana", "Kamara", "m"),
    ("Ama", "Mensah", "f"), ("Kofi", "Boateng", "m"), ("Oumou", "Bah", "f"),
    ("Tidiane", "Ndiaye", "m"),
]  # fmt: skip
SIBLINGS = {"f": ("Salimata", "sister"), "m": ("Bakary", "brother")}
TOWNS = ["Kayes", "Labé", "Agadez", "Benin City", "Warri", "Kano", "Gao", "Tambacounda"]


def _drafts(i: int, given: str, surname: str, gender: str) -> dict[str, str]:
    """Six drafts about one person, saying different things about them."""
    full, town = f"{given} {surname}", TOWNS[i % len(TOWNS)]
    she, her = ("She", "her") if gender == "f" else ("He", "his")
    kin = "son" if gender == "f" else "daughter"
    hon = "Ms" if gender == "f" else "Mr"
    sib_given, sib_noun = SIBLINGS["m" if i % 2 else "f"]
    arrived = "rentrée" if gender == "f" else "rentré"
    return {
        "nocue": f"{full}, 24, returned to {town} last year. {given} now runs a small shop.",
        "pronoun": f"The counsellor met {full} at the centre. {she} said the road was long, "
        f"and {given} wants to study.",
        "kin": f"{full} and {'her' if gender == 'f' else 'his'} {kin} arrived in {town} in May. "
        f"{given} found work within a week.",
        "honorific": f"{full} left {town} in 2019. {hon} {surname} says {her} family helped. "
        f"{given} smiles.",
        "french": f"{full}, 28 ans, est {arrived} à {town} en mars. Selon {given}, le retour "
        f"est difficile.",
        "sibling": f"{full} and {'her' if gender == 'f' else 'his'} {sib_noun} {sib_given} "
        f"{surname} returned to {town}. {given} said they were tired.",
    }


def _worker(registry: str | None) -> int:
    """Redact the drafts on stdin (a JSON list) in this process; print the results as JSON."""
    from safename import Config, Redactor

    config = Config(registry=Path(registry)) if registry else Config()
    redactor = Redactor(config, key=KEY)
    out = []
    for draft in json.load(sys.stdin):
        result = redactor.redact(draft["text"], language=draft["language"])
        persons = [
            {"text": f.text, "replacement": f.replacement, "person": f.person}
            for f in result.findings
            if f.entity_type == "PERSON" and f.action == "pseudonymize"
        ]
        out.append({"id": draft["id"], "text": result.text, "persons": persons})
    json.dump(out, sys.stdout)
    return 0


def _names(replacement: str | None) -> list[str]:
    """The words of a replacement, an elided French article cut off ("d'Ifeoluwa")."""
    words = re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", (replacement or "").replace("*", " "))
    return [re.sub(r"^(?:[dDlL]|[qQ][uU])['’]", "", w) for w in words]


ARTICLES = frozenset({"de", "d", "du", "la", "le", "l", "qu", "que", "s"})


def _aligned(f) -> list[tuple[str, str]] | None:
    """(real word, pseudonym word) pairs of one replaced mention, folded, French articles an
    elision fix rewrote left out ("D'OUSMANE" -> "DE HAMMA"); kept words pair with themselves
    ("Ms Okafor" -> "Ms Akinola", "Kouyaté B" -> "Yanogo B"). None when the word counts differ."""
    real = [fold(re.sub(r"['’][sS]$", "", w)) for w in _names(f.text)]
    pseudo = [fold(re.sub(r"['’][sS]$", "", w)) for w in _names(f.replacement)]
    real = [w for w in real if w not in ARTICLES]
    pseudo = [w for w in pseudo if w not in ARTICLES]
    if len(real) != len(pseudo):
        return None
    return list(zip(real, pseudo, strict=True))


def _one_pseudonym(replaced: list, explained: set[str]) -> bool:
    """Every real word of the person is always written as the same pseudonym word, and every
    pseudonym word is named in the footnote (`explained`: its folded words)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for f in replaced:
        pairs = _aligned(f)
        if pairs is None:
            return False
        for real, pseudo in pairs:
            seen[real].add(pseudo)
    return all(len(p) == 1 and (p == {real} or p <= explained) for real, p in seen.items())


def _given_pair(replaced: list) -> tuple[str | None, str | None]:
    """The person's real given name and its pseudonym: a mention word the tables know as a given
    name, replaced by a name the tables know; else the first word of a mention of two or more
    words ("Goorgui Bass"). Never a surname's pseudonym that happens to be a given name too
    ("KONÉ" -> "SALIFU"), nor a word the replacement kept ("Mama Haïdara" -> "Mama …")."""
    from safename.detect.lexicon import lexicon
    from safename.pseudonym.pools import name_gender

    given = lexicon().given
    for real, pseudo in [pair for f in replaced for pair in (_aligned(f) or [])]:
        if real in given and pseudo != real and name_gender(pseudo) is not None:
            return real, pseudo
    for f in replaced:
        aligned = _aligned(f) or []
        if len(aligned) >= 2:
            real, pseudo = aligned[0]
            if pseudo != real and name_gender(pseudo) is not None:
                return real, pseudo
    return None, None


def crossdoc() -> list[tuple[str, str]]:
    from safename.pseudonym.gender import infer_gender

    drafts: dict[str, list[dict]] = defaultdict(list)
    evidence: dict[int, set[str]] = defaultdict(set)
    for i, (given, surname, gender) in enumerate(PEOPLE):
        for context, text in _drafts(i, given, surname, gender).items():
            language = "fr" if context == "french" else "en"
            drafts[context].append({"id": i, "text": text, "language": language})
            start = text.index(f"{given} {surname}")
            mentions = [(start, start + len(given) + 1 + len(surname))]
            mentions += [(m.start(), m.end()) for m in re.finditer(rf"\b{given}\b", text)][1:]
            evidence[i].add(infer_gender(text, mentions, [given], language))
    flips = sum(1 for genders in evidence.values() if len(genders) > 1)
    rows = []
    for mode in ("no registry", "registry"):
        with tempfile.TemporaryDirectory() as tmp:
            registry = str(Path(tmp) / "pseudonyms.json") if mode == "registry" else None
            results: dict[int, dict[str, dict]] = defaultdict(dict)
            started = time.perf_counter()
            for context, batch in drafts.items():
                cmd = [sys.executable, __file__, "--worker"]
                if registry:
                    cmd += ["--registry", registry]
                proc = subprocess.run(
                    cmd, input=json.dumps(batch), capture_output=True, text=True, check=True
                )
                for r in json.loads(proc.stdout):
                    results[r["id"]][context] = r
            elapsed = time.perf_counter() - started
            if registry:
                stored = Path(registry).read_text(encoding="utf-8")
                real_in_registry = sum(
                    1
                    for g, s, _ in PEOPLE
                    for w in (g, s)
                    if re.search(rf"\b{re.escape(w)}\b", stored, re.I)
                )
        same = given_ok = given_total = leaks = 0
        full_of: dict[int, str] = {}
        for i, (given, surname, _) in enumerate(PEOPLE):
            fulls, givens_ok = set(), True
            for r in results[i].values():
                full = next((p for p in r["persons"] if p["text"] == f"{given} {surname}"), None)
                fulls.add(" ".join(_names(full["replacement"])) if full else None)
                pid = full["person"] if full else None
                for p in r["persons"]:
                    if p["text"] == given and p["person"] == pid:
                        given_total += 1
                        ok = (
                            full is not None
                            and _names(p["replacement"]) == _names(full["replacement"])[:1]
                        )
                        given_ok += ok
                        givens_ok &= ok
                words = {fold(w) for w in WORD_RE.findall(r["text"])}
                for w in (given, surname):
                    if fold(w) in words:
                        leaks += 1
                        print(f"  {mode} leaked: {w} in {r['text']!r}", file=sys.stderr)
            if len(fulls) != 1 or None in fulls:
                print(
                    f"  {mode} differs: {given} {surname}: {sorted(map(str, fulls))}",
                    file=sys.stderr,
                )
            if len(fulls) == 1 and None not in fulls:
                same += 1
                full_of[i] = fulls.pop()
        collisions = len(full_of) - len(set(full_of.values()))
        rows.append(
            (
                f"cross-document, {mode}",
                f"{same}/{len(PEOPLE)} people same pseudonym in all {len(drafts)} drafts; "
                f"given-only {given_ok}/{given_total}; collisions {collisions}; "
                f"leaked words {leaks}; {len(drafts)} processes, {elapsed:.0f}s"
                + (f"; real name words in registry {real_in_registry}" if registry else ""),
            )
        )
    rows.append(
        (
            "cross-document, story evidence",
            f"{flips}/{len(PEOPLE)} people whose drafts' evidence points to different genders "
            "(pseudonym would flip if evidence chose it without a registry)",
        )
    )
    return rows


def corpus(name: str, docs: list[Doc], with_gender: bool) -> tuple[str, str]:
    from safename import Redactor
    from safename.pseudonym.pools import name_gender, name_origins, name_pools

    pools = name_pools()
    redactor = Redactor(key=KEY)
    persons = one = 0
    idempotent = footnoted = replaced_docs = 0
    gender_people = gender_same = gender_other = 0
    region_people = region_same = 0
    from safename.detect.common_words import is_common_word

    leaks: set[str] = set()
    homographs: set[str] = set()
    for doc in docs:
        result = redactor.redact(doc.text, language=doc.language)
        again = redactor.redact(result.text, language=doc.language)
        idempotent += again.text == result.text
        pseudonymised = [  # a "[name 1]" placeholder needs no footnote
            f
            for f in result.findings
            if f.entity_type == "PERSON"
            and f.action == "pseudonymize"
            and not (f.replacement or "").startswith("[")
        ]
        if pseudonymised:
            replaced_docs += 1
            footnoted += result.footnote is not None
            if result.footnote is None:
                print(f"  {name} no footnote: {doc.name}", file=sys.stderr)
        out_forms: dict[str, set[str]] = defaultdict(set)
        for w in WORD_RE.findall(result.text):
            out_forms[fold(w)].add(w)
        out_words = set(out_forms)
        explained = {fold(w) for w in WORD_RE.findall(result.footnote or "")}
        staff = {
            fold(w)
            for s in doc.spans
            if s.label == "STAFF"
            for w in WORD_RE.findall(doc.surface(s))
        }
        by_pid: dict[str, list] = defaultdict(list)
        for span in doc.spans:
            if span.label != "PERSON":
                continue
            for w in WORD_RE.findall(doc.surface(span)):
                if len(w) >= 3 and fold(w) in out_words and fold(w) not in staff:
                    forms = out_forms[fold(w)]
                    if all(f.islower() and is_common_word(f, doc.language) for f in forms):
                        homographs.add(f"{doc.name}: {w}")
                    else:
                        leaks.add(f"{doc.name}: {w}")
            by_pid[span.pid or f"{span.start}"].append(span)
        for spans in by_pid.values():
            replaced = []
            for span in spans:
                f = next(
                    (f for f in pseudonymised if f.start < span.end and span.start < f.end), None
                )
                if f is not None:
                    replaced.append((span, f))
            if not replaced:
                continue
            persons += 1
            consistent = _one_pseudonym([f for _, f in replaced], explained)
            one += consistent
            if not consistent:
                forms = sorted({f"{f.text} -> {f.replacement}" for _, f in replaced})
                print(f"  {name} several pseudonyms: {doc.name}: {forms}", file=sys.stderr)
            real_given, pseudo_given = _given_pair([f for _, f in replaced])
            if with_gender and span.gender in ("f", "m") and pseudo_given:
                gender_people += 1
                g = name_gender(pseudo_given)
                gender_same += g == span.gender
                gender_other += g in ("f", "m") and g != span.gender
            real_origins = name_origins(real_given, "given") if real_given else set()
            if real_origins and pseudo_given:
                region_people += 1
                groups = pools.groups_for_origins(real_origins)
                macros = {pools.group_macro.get(g, g) for g in groups}
                pseudo_groups = {pools.origin_group.get(o, o) for o in name_origins(pseudo_given)}
                region_same += bool(
                    pseudo_groups & groups
                    or {pools.group_macro.get(g, g) for g in pseudo_groups} & macros
                )
    n = len(docs)
    parts = [
        f"{n} docs",
        f"one pseudonym {one}/{persons} persons ({one / max(persons, 1):.1%})",
        f"leaked words {len(leaks)} (+{len(homographs)} lower-case homographs)",
        f"idempotent {idempotent}/{n}",
        f"footnote {footnoted}/{replaced_docs}",
    ]
    if with_gender:
        parts.append(
            f"gender same {gender_same}/{gender_people} "
            f"({gender_same / max(gender_people, 1):.1%}), other {gender_other}"
        )
    parts.append(
        f"region {region_same}/{region_people} ({region_same / max(region_people, 1):.1%})"
    )
    for leak in sorted(leaks):
        print(f"  {name} leaked: {leak}", file=sys.stderr)
    for leak in sorted(homographs):
        print(f"  {name} lower-case ordinary word left: {leak}", file=sys.stderr)
    return name, "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--registry", help=argparse.SUPPRESS)
    parser.add_argument("--realdev", nargs="?", const="/tmp/realdev/corpus.jsonl")
    parser.add_argument("--skip-crossdoc", action="store_true")
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args.registry)
    rows = [] if args.skip_crossdoc else crossdoc()
    rows.append(corpus("devset", load_devset(), True))
    rows.append(corpus("heldout", load_devset(BENCH_DIR / "heldout"), True))
    if args.realdev:
        rows.append(corpus("realdev", load_realdev(Path(args.realdev)), False))
    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
