"""The starter synonyms that ship with the intranet, kept as data (one group a line in the .txt files here).

A data migration loads them into the editors' synonym snippet (search.models.Synonym) on install; from then on
editors change them in the admin (Snippets → Synonyms) like any other: the files are not read again, so an
editor's change or deletion stands. Groups added to the files later need a data migration of their own, like
search/migrations/0007_starter_synonyms.py.
"""

from pathlib import Path

FILES = sorted(Path(__file__).parent.glob("*.txt"))


def normalised(words):
    """A group as the synonym snippet stores it (search.models.Synonym.clean): lower case, ", " between words."""
    return ", ".join(" ".join(word.lower().split()) for word in words if word.strip())


def starter_groups(files=FILES):
    """Every group in the files, in the snippet's form, in file order, each once."""
    groups = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            group = normalised(line.split(","))
            if group.count(",") >= 1:
                groups[group] = None
    return list(groups)
