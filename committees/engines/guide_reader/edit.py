"""Corrections to a read guide: what the secretariat or the chairs put right by hand.

The reader's structure gains an ``outline``: the sections as a flat list in reading order, each
with a stable ``key``, a ``level`` (0 = top) and a ``deleted`` flag, which makes every correction
a small change of that list — rename, promote or demote (with the section's subsections), merge
into the previous section, split at a paragraph, delete and restore. Items found in sections
(facts, links, tables, countries) point at their section by key, so they follow it.

Front matter (title, committee, topic), the chairs with their roles, and names the reader could
not place (“Mercosur” in a country-positions section: map it to a country, or mark it a bloc)
are corrected here too. ``materialize`` turns the edited structure back into the reader's
nested shape for storing and showing. Pure Python: every function returns a new structure.
"""

from __future__ import annotations

import copy
import re

from committees.engines.i18n import gettext

MAX_TITLE = 300


class EditError(Exception):
    """A correction that cannot be made; ``message`` says why, for the person making it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_ITEM_KINDS = ("facts", "links", "tables", "countries", "questions", "blocs", "unmatched")


def editable(structure: dict) -> dict:
    """The structure with an outline and keyed items (unchanged if it has them already)."""
    if "outline" in structure:
        return structure
    out = copy.deepcopy(structure)
    outline: list[dict] = []
    by_index: dict[int, str] = {}

    def walk(sections: list[dict], level: int) -> None:
        for section in sections:
            key = f"s{len(outline) + 1}"
            if section.get("index") is not None:
                by_index[section["index"]] = key
            outline.append(
                {
                    "key": key,
                    "level": level,
                    "number": section.get("number", ""),
                    "title": section.get("title", ""),
                    "text": section.get("text", ""),
                    "deleted": False,
                }
            )
            walk(section.get("children", []), level + 1)

    walk(out.get("sections", []), 0)
    for kind in _ITEM_KINDS:
        for item in out.get(kind, []):
            index = item.get("section_index")
            item["section_key"] = by_index.get(index) if index is not None else None
    out["outline"] = outline
    out["next_key"] = len(outline) + 1
    out.setdefault("people", [{"name": n, "role": ""} for n in out.get("chairs", [])])
    out.setdefault("blocs", [])
    out.setdefault("unmatched", [])
    return out


def materialize(structure: dict) -> dict:
    """The edited structure in the reader's shape: nested sections, items pointing at them."""
    out = {k: copy.deepcopy(v) for k, v in structure.items() if k not in ("outline", "next_key")}
    alive = [s for s in structure["outline"] if not s["deleted"]]
    index_of: dict[str, int] = {}
    refs: dict[str, str] = {}
    roots: list[dict] = []
    stack: list[tuple[int, dict]] = []
    for n, entry in enumerate(alive):
        while stack and stack[-1][0] >= entry["level"]:
            stack.pop()
        parent = stack[-1][1] if stack else None
        number = entry["number"]
        if not number:
            ref = ""
        elif "." in number or parent is None or not parent["ref"]:
            ref = number
        else:
            ref = f"{parent['ref']}.{number}"
        node = {
            "index": n,
            "key": entry["key"],
            "number": number,
            "ref": ref,
            "title": entry["title"],
            "text": entry["text"],
            "children": [],
        }
        (parent["children"] if parent else roots).append(node)
        stack.append((entry["level"], node))
        index_of[entry["key"]] = n
        refs[entry["key"]] = ref
    out["sections"] = roots
    deleted = {s["key"] for s in structure["outline"] if s["deleted"]}
    for kind in _ITEM_KINDS:
        items = []
        for item in out.get(kind, []):
            key = item.get("section_key")
            if key in deleted and kind not in ("countries", "blocs", "unmatched"):
                continue  # a deleted section takes its facts, links and tables with it
            item["section_index"] = index_of.get(key) if key else None
            item["section"] = refs.get(key, "") if key else ""
            items.append(item)
        out[kind] = items
    out["chairs"] = [p["name"] for p in out.get("people", [])]
    return out


# --- the corrections ---------------------------------------------------------------------------


def apply(
    structure: dict, op: str, args: dict, *, country_names: dict | None = None
) -> tuple[dict, str]:
    """Apply one correction; returns (new structure, what changed in words)."""
    handler = _OPS.get(op)
    if handler is None:
        raise EditError(gettext("Unknown correction."))
    out = copy.deepcopy(editable(structure))
    summary = handler(out, args, country_names or {})
    return out, summary


def _find(structure: dict, key) -> tuple[int, dict]:
    for n, entry in enumerate(structure["outline"]):
        if entry["key"] == key:
            return n, entry
    raise EditError(gettext("That section is no longer in the guide; reload the page."))


def _clean_title(value) -> str:
    title = re.sub(r"\s+", " ", str(value or "")).strip()
    if not title:
        raise EditError(gettext("A section needs a title."))
    if len(title) > MAX_TITLE:
        raise EditError(
            gettext("A title may have at most %(max_title)s characters.") % {"max_title": MAX_TITLE}
        )
    return title


def _subtree(outline: list[dict], n: int) -> range:
    level = outline[n]["level"]
    end = n + 1
    while end < len(outline) and outline[end]["level"] > level:
        end += 1
    return range(n, end)


def _previous_alive(outline: list[dict], n: int) -> int | None:
    for k in range(n - 1, -1, -1):
        if not outline[k]["deleted"]:
            return k
    return None


def _rename(s, args, _names):
    _n, entry = _find(s, args.get("key"))
    old, entry["title"] = entry["title"], _clean_title(args.get("title"))
    return f"Renamed “{old}” to “{entry['title']}”."


def _promote(s, args, _names):
    n, entry = _find(s, args.get("key"))
    if entry["level"] == 0:
        raise EditError(
            gettext("“%(value)s” is already a top-level section.") % {"value": entry["title"]}
        )
    for k in _subtree(s["outline"], n):
        s["outline"][k]["level"] -= 1
    return f"Moved “{entry['title']}” up a level."


def _demote(s, args, _names):
    n, entry = _find(s, args.get("key"))
    before = _previous_alive(s["outline"], n)
    if before is None or s["outline"][before]["level"] < entry["level"]:
        raise EditError(
            gettext("“%(value)s” has no section before it at its level to go under.")
            % {"value": entry["title"]}
        )
    for k in _subtree(s["outline"], n):
        s["outline"][k]["level"] += 1
    return f"Moved “{entry['title']}” down a level, under “{s['outline'][before]['title']}”."


def _merge(s, args, _names):
    n, entry = _find(s, args.get("key"))
    before = _previous_alive(s["outline"], n)
    if before is None:
        raise EditError(gettext("The first section has no section before it to merge into."))
    target = s["outline"][before]
    # The heading that was not one becomes the paragraph it was.
    target["text"] = "\n\n".join(p for p in (target["text"], entry["title"], entry["text"]) if p)
    for kind in _ITEM_KINDS:
        for item in s.get(kind, []):
            if item.get("section_key") == entry["key"]:
                item["section_key"] = target["key"]
    for k in _subtree(s["outline"], n)[1:]:
        # Its subsections stay subsections, now of the section it joined.
        s["outline"][k]["level"] += target["level"] - entry["level"]
    del s["outline"][n]
    return f"Merged “{entry['title']}” into “{target['title']}”."


def _split(s, args, _names):
    n, entry = _find(s, args.get("key"))
    paragraphs = [p for p in entry["text"].split("\n\n") if p.strip()]
    try:
        at = int(args.get("paragraph"))
    except (TypeError, ValueError):
        raise EditError(gettext("Choose the paragraph the new section starts with.")) from None
    if not 1 <= at < len(paragraphs):
        raise EditError(gettext("A section is split before one of its paragraphs, not its first."))
    title = str(args.get("title") or "").strip()
    if not title:
        words = paragraphs[at].split()
        title = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    key = f"s{s['next_key']}"
    s["next_key"] += 1
    entry["text"] = "\n\n".join(paragraphs[:at])
    new = {
        "key": key,
        "level": entry["level"],
        "number": "",
        "title": _clean_title(title),
        "text": "\n\n".join(paragraphs[at:]),
        "deleted": False,
    }
    s["outline"].insert(n + 1, new)
    return f"Split “{entry['title']}”: “{new['title']}” starts a new section."


def _delete(s, args, _names):
    _n, entry = _find(s, args.get("key"))
    entry["deleted"] = True
    return f"Deleted “{entry['title']}” (it can be restored)."


def _restore(s, args, _names):
    _n, entry = _find(s, args.get("key"))
    entry["deleted"] = False
    return f"Restored “{entry['title']}”."


_FRONT_FIELDS = {"title": 300, "committee": 300, "topic": 500}


def _front(s, args, _names):
    changed = []
    for name, limit in _FRONT_FIELDS.items():
        if name not in args:
            continue
        value = re.sub(r"\s+", " ", str(args[name] or "")).strip()
        if len(value) > limit:
            raise EditError(
                gettext("The %(name)s may have at most %(limit)s characters.")
                % {"name": name, "limit": limit}
            )
        if value != s.get(name, ""):
            s[name] = value
            changed.append(name)
    if not changed:
        raise EditError(gettext("Nothing to change: the fields are as they were."))
    return "Changed the " + ", ".join(changed) + "."


def _person(args) -> tuple[str, str]:
    name = re.sub(r"\s+", " ", str(args.get("name") or "")).strip()
    role = re.sub(r"\s+", " ", str(args.get("role") or "")).strip()
    if not name:
        raise EditError(gettext("A chair needs a name."))
    if len(name) > 120 or len(role) > 120:
        raise EditError(gettext("Names and roles may have at most 120 characters."))
    return name, role


def _chair_index(s, args) -> int:
    try:
        n = int(args.get("chair"))
    except (TypeError, ValueError):
        raise EditError(gettext("That chair is no longer listed; reload the page.")) from None
    if not 0 <= n < len(s["people"]):
        raise EditError(gettext("That chair is no longer listed; reload the page."))
    return n


def _add_chair(s, args, _names):
    name, role = _person(args)
    if any(p["name"].lower() == name.lower() for p in s["people"]):
        raise EditError(gettext("%(name)s is already listed.") % {"name": name})
    s["people"].append({"name": name, "role": role})
    return f"Added {name}" + (f" ({role})." if role else ".")


def _update_chair(s, args, _names):
    n = _chair_index(s, args)
    name, role = _person(args)
    s["people"][n] = {"name": name, "role": role}
    return f"Changed chair {n + 1} to {name}" + (f" ({role})." if role else ".")


def _remove_chair(s, args, _names):
    n = _chair_index(s, args)
    person = s["people"].pop(n)
    return f"Removed {person['name']} from the chairs."


def _unmatched_index(s, args) -> int:
    try:
        n = int(args.get("name_index"))
    except (TypeError, ValueError):
        raise EditError(gettext("That name is no longer listed; reload the page.")) from None
    if not 0 <= n < len(s["unmatched"]):
        raise EditError(gettext("That name is no longer listed; reload the page."))
    return n


def _map_country(s, args, names):
    n = _unmatched_index(s, args)
    iso3 = str(args.get("iso3") or "").upper()
    if iso3 not in names:
        raise EditError(gettext("Choose a country from the list."))
    item = s["unmatched"].pop(n)
    existing = next((c for c in s["countries"] if c["iso3"] == iso3), None)
    if existing:
        existing["text"] = "\n\n".join(t for t in (existing["text"], item.get("text", "")) if t)
    else:
        s["countries"].append(
            {
                "iso3": iso3,
                "name": names[iso3],
                "text": item.get("text", ""),
                "bloc": "",
                "section_key": item.get("section_key"),
            }
        )
    return f"“{item['name']}” is {names[iso3]}."


def _mark_bloc(s, args, _names):
    n = _unmatched_index(s, args)
    item = s["unmatched"].pop(n)
    s["blocs"].append(
        {
            "name": item["name"],
            "members": [],
            "text": item.get("text", ""),
            "section_key": item.get("section_key"),
        }
    )
    return f"“{item['name']}” is a bloc."


_OPS = {
    "rename": _rename,
    "promote": _promote,
    "demote": _demote,
    "merge": _merge,
    "split": _split,
    "delete": _delete,
    "restore": _restore,
    "front": _front,
    "add_chair": _add_chair,
    "update_chair": _update_chair,
    "remove_chair": _remove_chair,
    "map_country": _map_country,
    "mark_bloc": _mark_bloc,
}
OPS = tuple(_OPS)
