"""Readers of the character shape data in /work/shared/data/shape, shared by the shape-table
build scripts (build_similar_shapes.py, build_shape_neighbours.py)."""

from collections import defaultdict

import dictlib


def read_table(name):
    """{character: value} of a two-column table of houbb/nlp-hanzi-similar (four-corner codes,
    structure types, stroke counts, radicals); the first value of a character wins."""
    table = {}
    for line in dictlib.read_lines(dictlib.data_path("shape", name)):
        parts = line.split()
        if len(parts) == 2 and len(parts[0]) == 1:
            table.setdefault(parts[0], parts[1])
    return table


def read_chaizi(min_components=1):
    """{character: [split, ...]} of kfcd/chaizi's chaizi-jt.txt, each split a tuple of
    components, with at least `min_components` components."""
    splits = defaultdict(list)
    for line in dictlib.read_lines(dictlib.data_path("shape", "chaizi-jt.txt")):
        cols = line.split("\t")
        if len(cols) < 2 or len(cols[0]) != 1:
            continue
        c = cols[0]
        for col in cols[1:]:
            comps = tuple(col.split())
            # A split into the character itself plus a stroke (曰 → 曰 丶) says nothing.
            if len(comps) >= min_components and c not in comps and comps not in splits[c]:
                splits[c].append(comps)
    return splits
