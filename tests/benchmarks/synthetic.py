"""Synthetic sources in the shipped documents' own formats, for the benchmark.

The catalogue gets N resources written exactly as the real dump writes them;
the white paper gets N/20 extra glossary rows and N/10 extra mapping rows in its
own table format. Words come from the shipped corpus, drawn Zipf-like, so the
index sees a realistic vocabulary and term distribution.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "kbapp" / "resources" / "sources"
BODIES = [
    "College of Policing (CoP)",
    "National Cyber Security Centre (NCSC)",
    "International Organisation for Standardisation (ISO)",
    "Home Office",
    "Government Digital Services (GDS)",
    "National Police Technology Council (NPTC)",
    "Forensic Science Regulator (FSR)",
    "National Police Information Risk Management Team (NPIRMT)",
]
CATEGORIES = ["Guidance", "Standards", "Policy", "Principles", "Reference Data / Templates"]
KINDS = ["APP", "Guidance", "Standard", "Policy", "Code of Practice", "Principles", "Framework", "Manual"]


def corpus_words() -> list[str]:
    text = (SOURCES / "resource-catalogue.txt").read_text(encoding="utf-8")
    text += (SOURCES / "itil-v3-and-information-security.txt").read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for word in re.findall(r"[A-Za-z][a-z]{3,}", text):
        counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return [w for w, _ in sorted(counts.items(), key=lambda kv: -kv[1])]


class Words:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = corpus_words()
        self.weights = [1.0 / (rank + 1) ** 1.07 for rank in range(len(self.words))]

    def some(self, n: int) -> list[str]:
        return self.rng.choices(self.words, self.weights, k=n)

    def sentence(self, n: int) -> str:
        words = self.some(n)
        return " ".join(words).capitalize() + "."

    def title(self, i: int) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            number = rng.choice([27001, 27002, 27005, 27031, 27033, 20000, 22301, 27018])
            part = f"-{rng.randint(1, 4)}" if rng.random() < 0.4 else ""
            return f"ISO/IEC {number}{part}:{rng.randint(2005, 2022)} {' '.join(self.some(4)).title()} {i}"
        return f"{' '.join(self.some(rng.randint(2, 4))).title()} {rng.choice(KINDS)} {i}"


def catalogue_text(n: int, seed: int = 7, one_title: str | None = None) -> str:
    """``n`` resources; with ``one_title``, every one of them under that title."""
    w = Words(seed)
    rng = w.rng
    out = ["to add a new content"]
    for i in range(n):
        out += ["Resource", one_title or w.title(i), ""]
        for _ in range(rng.randint(1, 3)):
            out += [" ".join(w.sentence(rng.randint(8, 20)) for _ in range(rng.randint(2, 4))), ""]
        if rng.random() < 0.3:
            for _ in range(rng.randint(2, 5)):
                out += [f"  • {w.sentence(rng.randint(3, 8))}", ""]
        out += [
            f"Published {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2005, 2024)}",
            f"Authoring body: {rng.choice(BODIES)}",
            rng.choice(CATEGORIES),
        ]
    return "\n".join(out)


def white_paper_text(n_terms: int, n_clauses: int, seed: int = 11) -> str:
    w = Words(seed)
    rng = w.rng
    text = (SOURCES / "itil-v3-and-information-security.txt").read_text(encoding="utf-8")
    glossary_end = "| Vulnerability | A weakness that may be exploited by a Threat."
    at = text.index(glossary_end)
    at = text.index("\n", at) + 1
    rows = []
    for i in range(n_terms):
        term = f"{' '.join(w.some(2)).title()} Term{i}"
        pub = rng.choice(["Service Design", "Service Operation", "Service Transition", "Service Strategy"])
        rows.append(f"| {term} | {w.sentence(rng.randint(6, 14))} | ({pub}) {w.sentence(rng.randint(8, 20))} |")
    text = text[:at] + "\n".join(rows) + ("\n" if rows else "") + text[at:]
    appendix_c = text.index("\nAppendix C:")
    table = ["", "| ISO/IEC 27002 | ITIL | |", "|---|------|---|"]
    for i in range(n_clauses):
        clause = f"{20 + i // 810}.{(i // 90) % 9 + 1}.{i % 90 + 1}"
        table.append(
            f"| {clause} {' '.join(w.some(rng.randint(2, 5))).capitalize()} | "
            f"{rng.choice(['SD', 'SO', 'ST'])} | {rng.randint(3, 6)}.{rng.randint(1, 9)}.{rng.randint(1, 9)} "
            f"{' '.join(w.some(rng.randint(2, 4))).capitalize()} |"
        )
    return text[:appendix_c] + "\n".join(table) + "\n" + text[appendix_c:]


def write_sources(folder: Path, n: int) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    catalogue = folder / "resource-catalogue.txt"
    paper = folder / "itil-v3-and-information-security.txt"
    catalogue.write_text(catalogue_text(n), encoding="utf-8")
    paper.write_text(white_paper_text(max(1, n // 20), max(1, n // 10)), encoding="utf-8")
    return {"catalogue": catalogue, "white_paper": paper}


def shipped_sources(folder: Path) -> dict[str, Path]:
    """A copy of the shipped sources, for the benchmark's shipped-corpus column."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = {}
    for key, name in (("catalogue", "resource-catalogue.txt"), ("white_paper", "itil-v3-and-information-security.txt")):
        copies[key] = folder / name
        copies[key].write_bytes((SOURCES / name).read_bytes())
    return copies


def change_resources(path: Path, count: int, seed: int = 5) -> None:
    """Rewrite the first paragraph of ``count`` resources, as an edited catalogue would."""
    rng = random.Random(seed)
    lines = path.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line == "Resource"]
    for start in rng.sample(starts, min(count, len(starts))):
        lines[start + 3] = f"Revised {rng.randint(1, 10**9)}. " + lines[start + 3]
    path.write_text("\n".join(lines), encoding="utf-8")
