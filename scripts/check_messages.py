#!/usr/bin/env python3
"""Compare two locale trees entry by entry: exit 1 if `make messages` changed any entry.

Usage: check_messages.py BEFORE_DIR AFTER_DIR. Line wrapping and header dates are ignored.
"""

import re
import sys
from pathlib import Path

_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries(po: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    result = {}
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) ", line)
            if match:
                key = match.group(1)
                fields[key] = []
            if key:
                fields[key].extend(_STRING.findall(line))
        msgid = "".join(fields.get("msgid", []))
        if msgid:
            strs = tuple("".join(v) for k, v in sorted(fields.items()) if k.startswith("msgstr"))
            result[("".join(fields.get("msgctxt", [])), msgid)] = strs
    return result


def main(before: str, after: str) -> int:
    status = 0
    for po in sorted(Path(before).glob("*/LC_MESSAGES/django.po")):
        other = Path(after) / po.relative_to(before)
        old, new = entries(po), entries(other)
        added, removed = new.keys() - old.keys(), old.keys() - new.keys()
        changed = [k for k in old.keys() & new.keys() if old[k] != new[k]]
        for label, keys in (("new", added), ("obsolete", removed), ("changed", changed)):
            for ctx, msgid in sorted(keys):
                print(f"{po.parts[-3]}: {label} entry {msgid!r}" + (f" [{ctx}]" if ctx else ""))
                status = 1
    if status:
        print("The translation catalogues are out of date: run `make messages`, translate, commit.")
    return status


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
