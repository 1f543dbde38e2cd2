"""Hostile 1 MB inputs through every command, by hand (issue 13: nothing under 1 MB over 10 s).

    .venv/bin/python benchmarks/pathological.py [--size 1000000] [--only a,b] [--commands check]
                                                [--floor] [--timeout 600]

Each shape is built in a temporary folder (a name at its start and end, so that a fast run
that simply skips the text shows up as a missing finding) and run through `safename check`,
`safename scan --format json` and `safename redact -o -` as subprocesses. For each run the
table gives the wall and CPU time (user + system: what a loaded machine does not inflate),
the child's peak resident memory (os.wait4), the exit code and whether the two planted names
are reported (for redact: how many of them are left in the output). `--floor` adds the CPU
time bare spaCy takes on the text safename extracts from the same file (`spacy.load(name)`
with every component, in 100,000-character pieces, load excluded): what no rewrite of
safename's own code can go below while every character goes through NER. Not run in CI
(minutes per shape).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAFENAME = [str(Path(sys.executable).with_name("safename"))]
FIRST, LAST = "Aminata Traoré", "Moussa Diallo"
HEAD, TAIL = f"{FIRST} said ", f" and {LAST} left.\n"
_ANNOTATION = re.compile(r"\[\[([^|\]]+)\|[^\]]*\]\]")


def prose() -> str:
    """The English dev-set stories without their annotations, one after another."""
    stories = [
        _ANNOTATION.sub(r"\1", p.read_text(encoding="utf-8"))
        for p in sorted((HERE / "devset").glob("en_*.txt"))
    ]
    return "\n\n".join(stories)


def repeat(unit: str, size: int) -> str:
    """`unit` repeated to about `size` characters, between the two planted names."""
    body = size - len(HEAD) - len(TAIL)
    return HEAD + unit * max(1, body // len(unit)) + TAIL


def _prose(size: int, sep: str = "\n") -> str:
    text = prose()
    if sep != "\n":
        text = re.sub(r"\s*\n\s*", sep, text)
    return HEAD + (text * (size // len(text) + 1))[: size - len(HEAD) - len(TAIL)] + TAIL


CAPITALISED = [
    *(
        [
            "Market",
            "Water",
            "River",
            "School",
            "Health",
            "Office",
            "Green",
            "Blue",
            "Winter",
            "Garden",
            "North",
            "Village",
        ]
    ),
    *(
        [
            "Bridge",
            "Harvest",
            "Morning",
            "Station",
            "Library",
            "Council",
            "Project",
            "Support",
            "Mountain",
            "Valley",
        ]
    ),
]


def _capitalised(size: int) -> str:
    words, n = [], 0
    i = 0
    while n < size - len(HEAD) - len(TAIL):
        w = CAPITALISED[(i * 7 + i // 3) % len(CAPITALISED)]
        words.append(w)
        n += len(w) + 1
        i += 1
    return HEAD + " ".join(words) + TAIL


#: name -> (file name, builder of about `size` characters).
SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "prose": ("prose.txt", _prose),
    "prose-one-line": ("one_line.txt", lambda n: _prose(n, " ")),
    "prose-phones-one-line": (
        "phones_line.txt",
        lambda n: repeat(f"{FIRST}, 24, can be reached on +224 622 12 34 56 in Conakry. ", n),
    ),
    "phones": ("phones.txt", lambda n: repeat("+224 622 12 34 56, ", n)),
    "digits": ("digits.txt", lambda n: repeat("0123456789", n)),
    "emails": ("emails.txt", lambda n: repeat("aminata.traore@example.org ", n)),
    "urls": ("urls.txt", lambda n: repeat("https://example.org/story/a-b?id=12&x=y ", n)),
    "parentheses": ("parens.txt", lambda n: repeat("(", n)),
    "exclamations": ("exclam.txt", lambda n: repeat("!", n)),
    "apostrophes": ("apostrophes.txt", lambda n: repeat("N'", n)),
    "one-long-word": ("one_word.txt", lambda n: repeat("a", n)),
    "lower-case-words": ("lower.txt", lambda n: repeat("water market school river ", n)),
    "capitalised-no-sentence": ("capitalised.txt", _capitalised),
    "cjk-emoji": ("cjk.txt", lambda n: repeat("人道主义故事 😀🌍 ", n)),
    "table-pipes": ("pipes.md", lambda n: repeat("| a | 1 | | |\n", n)),
    "md-links": ("links.md", lambda n: repeat("[a](", n)),
    "md-stars": ("stars.md", lambda n: repeat("*", n)),
    "md-nested-emphasis": ("emphasis.md", lambda n: repeat("*_**~~a", n)),
    "html-tags-no-text": ("tags.html", lambda n: repeat("<div><span class=x></span></div>", n)),
    "html-open-tags": ("open_tags.html", lambda n: repeat("<a b", n)),
    "html-open-quotes": ("quotes_tags.html", lambda n: repeat('<a b="', n)),
    "html-truncated-img": ("truncated_img.html", lambda n: HEAD + '<img alt="' + "x" * (n - 40)),
}

COMMANDS: dict[str, list[str]] = {
    "check": ["check"],
    "scan": ["scan", "--format", "json"],
    "redact": ["redact", "-o", "-"],
}


def run(argv: list[str], timeout: float) -> tuple[float, float, int, int, bytes]:
    """Wall and CPU seconds, peak RSS in MiB, exit code and stdout of one child process."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                status = -1
                break
            time.sleep(0.05)
        wall = time.perf_counter() - started
        out.seek(0)
        code = os.waitstatus_to_exitcode(status) if status != -1 else -1
        cpu = usage.ru_utime + usage.ru_stime
        return wall, cpu, usage.ru_maxrss // 1024, code, out.read()


# Bare spaCy in a child process of its own: a parse in this process would also count in the
# peak memory the children report (a forked child starts with its parent's pages).
FLOOR = """
import sys, time, spacy
nlp = spacy.load(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
started = time.process_time()
for _ in nlp.pipe(text[i : i + 100_000] for i in range(0, len(text), 100_000)):
    pass
print(time.process_time() - started)
"""


def floor(pipeline: str, view: Path) -> float:
    """CPU seconds of `spacy.load(pipeline)` (every component) parsing `view`, load excluded."""
    done = subprocess.run(
        [sys.executable, "-c", FLOOR, pipeline, str(view)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--only", default="", help="comma-separated shape names")
    parser.add_argument("--commands", default="check,scan,redact")
    parser.add_argument("--floor", action="store_true", help="also time bare spaCy")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    names = [s for s in args.only.split(",") if s] or list(SHAPES)
    commands = [c for c in args.commands.split(",") if c]
    pipeline = None
    if args.floor:
        from safename.config import DEFAULT_PIPELINES

        pipeline = DEFAULT_PIPELINES["en"][0]
    header = ("shape", "command", "wall s", "cpu s", "MiB", "rc", "names", "floor s")
    print("{:24} {:7} {:>7} {:>7} {:>6} {:>3} {:6} {}".format(*header))
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, SAFENAME_KEY=os.urandom(32).hex())  # a throw-away key
        for name in names:
            file_name, build = SHAPES[name]
            path = Path(folder) / file_name
            path.write_text(build(args.size), encoding="utf-8")
            spacy_s = ""
            if pipeline is not None:
                from safename.formats import document_from_bytes

                view = Path(folder) / "view.txt"
                view.write_text(document_from_bytes(path, path.read_bytes()).view, "utf-8")
                spacy_s = f"{floor(pipeline, view):7.1f}"
            for command in commands:
                os.environ.update(env)
                argv = [*SAFENAME, *COMMANDS[command], str(path)]
                wall, cpu, mib, code, out = run(argv, args.timeout)
                text = out.decode("utf-8", "replace")
                if command == "redact":  # names replaced: count what survives
                    seen = f"{text.count(FIRST)}+{text.count(LAST)} left"
                else:
                    seen = f"{int(FIRST in text)}+{int(LAST in text)}"
                timed = f">{args.timeout:.0f}" if code == -1 else f"{wall:.1f}"
                row = (name, command, timed, f"{cpu:.1f}", mib, code, seen, spacy_s)
                print("{:24} {:7} {:>7} {:>7} {:>6} {:>3} {:6} {}".format(*row))
                spacy_s = ""
                sys.stdout.flush()


if __name__ == "__main__":
    main()
