"""Set-up shared by the pages of the synthesis chapter (book/synthesis.md and book/synthesis/*.md).

On import: the findings, with the columns every page shows (source, theme label, and the register entry
a finding depends on), and the order and names of the sources and themes. The functions below are the
few computations that more than one page of the chapter prints.
"""
from __future__ import annotations

from compendium import chapters, data
from compendium.chapters import and_list

findings = data.load("findings")
themes = data.load("finding_themes")
register = data.load("discrepancies").set_index("disc_id")

by_year = data.load("sources").set_index("source_id").sort_values("year")
ORDER = list(by_year.index)
LABEL = dict(by_year["label"])
NAME = dict(by_year["name_in_prose"])
THEME_ORDER = list(themes["theme_id"])
THEME_LABEL = dict(zip(themes["theme_id"], themes["label"]))
SHORT = dict(zip(themes["theme_id"], themes["short"]))
KINDS = ["diagnosis", "cause", "remedy", "result"]
PLURAL = {"diagnosis": "diagnoses", "cause": "causes", "remedy": "remedies", "result": "results"}


def multi_source_note(table: str) -> str:
    """The source note of a chart drawn from one of the chapter's multi-source tables."""
    return f"Source: data package table '{table}' (our reading of sources 000–004); source and line in the tooltips."


def semi_list(items) -> str:
    """Items joined by semicolons, the last with '; and' (for items that contain commas)."""
    items = list(items)
    return items[0] if len(items) == 1 else "; ".join(items[:-1]) + "; and " + items[-1]


def plural_name(names: list[str]) -> bool:
    """Whether a list of source names takes a plural verb ('the COCOPS slides report', 'SGI reports')."""
    return len(names) > 1 or names[0].endswith(("slides", "appendices"))


def on_contested_line(disc_id: str, source_id: str, line) -> bool:
    """Whether the register entry contests the reading of this line (its column contested_lines)."""
    if not disc_id or register.loc[disc_id, "source_id"] != source_id:
        return False
    span = str(register.loc[disc_id, "contested_lines"] or "")
    if not span or span == "nan":
        return False
    first, _, last = span.partition("-")
    return int(first) <= int(line) <= int(last or first)


# A finding whose statement depends on a contested reading of its line names the register entry (disc_id);
# the prose and the tables show that dependence wherever the finding is cited.
findings["disc_id"] = findings["disc_id"].fillna("")
findings["source"] = findings["source_id"].map(LABEL)
findings["theme_label"] = findings["theme"].map(THEME_LABEL)
findings["contested"] = [on_contested_line(d, s, n) for d, s, n in
                         zip(findings["disc_id"], findings["source_id"], findings["locator"])]
findings["dependence"] = [("depends on the reading in " if contested else "see register entry ") + d if d else ""
                          for d, contested in zip(findings["disc_id"], findings["contested"])]
by_id = findings.set_index("finding_id")

# How many sources speak to each theme, the themes all five speak to, and the (theme, source) cells filled.
coverage = findings.groupby("theme")["source_id"].nunique().reindex(THEME_ORDER, fill_value=0)
all_five_ids = [t for t in THEME_ORDER if coverage[t] == len(ORDER)]
recorded = set(zip(findings["theme"], findings["source_id"]))


def glue_refs(ids=None) -> None:
    """Glue ``ref-<finding_id>``: the identifier, followed by the register entry it depends on, if any."""
    chosen = findings if ids is None else findings[findings["finding_id"].isin(ids)]
    for fid, dependence in zip(chosen["finding_id"], chosen["dependence"]):
        chapters.glue_text(f"ref-{fid}", f"{fid} [{dependence}]" if dependence else fid)


def all_five_caveat() -> str:
    """The sentence that names each theme of all five sources that enters a source only through findings
    on a contested reading (a theme counts for a source even then)."""
    contested_only = findings.groupby(["theme", "source_id"])["contested"].all()
    caveats = []
    for theme_id in all_five_ids:
        for source_id in ORDER:
            if contested_only[(theme_id, source_id)]:
                rows = findings[(findings["theme"] == theme_id) & (findings["source_id"] == source_id)]
                caveats.append(f"{THEME_LABEL[theme_id].lower()} enters {NAME[source_id]} only through "
                               f"{and_list(rows['finding_id'])}, which {'depends' if len(rows) == 1 else 'depend'} "
                               f"on the reading in {and_list(sorted(set(rows['disc_id'])))}")
    caveat = semi_list(caveats) + "." if caveats else "none of them rests in any source only on a contested reading."
    return caveat[0].upper() + caveat[1:]


def largest_kind() -> tuple[str, int]:
    """'Diagnoses are the largest kind' (or the tied kinds), and how many findings that kind has."""
    kind_counts = findings["kind"].value_counts().rename_axis("kind").reset_index(name="n")
    top_kinds, n_top_kind = chapters.extremes(kind_counts, "n", "kind")
    largest = and_list(PLURAL[k] for k in top_kinds).capitalize() + (
        " are the largest kind" if len(top_kinds) == 1 else " are the largest kinds, tied")
    return largest, n_top_kind


# Links between findings of different sources: the finding that records the link names the other one.
links = findings[findings["related_to"].notna() & (findings["related_to"] != "")].copy()


def contradictions() -> str:
    """'one outright contradiction' (or more): the links we recorded as contradicting."""
    n_contra = int((links["relation"] == "contradicts").sum())
    return f"{chapters.in_words(n_contra)} outright contradiction{'' if n_contra == 1 else 's'}"
