#!/usr/bin/env python3
"""Imports an .apkg written by `changchun-cards export --format apkg` into a fresh Anki collection,
with Anki's own Python package, and prints what Anki made of it.

    python3 -m venv /tmp/anki-venv && /tmp/anki-venv/bin/pip install anki
    changchun-cards export changchun-conference --format apkg -o /tmp/changchun.apkg
    /tmp/anki-venv/bin/python scripts/anki-check-export.py /tmp/changchun.apkg [EXPECTED_NOTES]

Importing twice must add nothing the second time: the notes' GUIDs are stable.
"""
import os
import sys
import tempfile

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


def import_once(col, path):
    request = ImportAnkiPackageRequest(package_path=path, options=ImportAnkiPackageOptions())
    return col.import_anki_package(request)


def main():
    path = os.path.abspath(sys.argv[1])
    expected = int(sys.argv[2]) if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory() as folder:
        col = Collection(os.path.join(folder, "check.anki2"))
        result = import_once(col, path)
        notes, cards = col.note_count(), col.card_count()
        types = sorted({col.models.get(col.get_note(n).mid)["name"] for n in col.find_notes("")})
        decks = sorted(d.name for d in col.decks.all_names_and_ids() if d.name != "Default")
        with_sources = sum(1 for n in col.find_notes("") if col.get_note(n)["Sources"].strip())
        sample = col.get_card(col.find_cards("")[0])
        answer = sample.answer()
        import_once(col, path)
        again = (col.note_count(), col.card_count())
        print(f"notes {notes}, cards {cards}, note types {types}")
        print(f"decks {decks}")
        print(f"notes with sources on the back: {with_sources}")
        print(f"imported again: notes {again[0]}, cards {again[1]} (unchanged: {again == (notes, cards)})")
        print(f"log: {len(result.log.new)} new, {len(result.log.updated)} updated, "
              f"{len(result.log.duplicate)} duplicate")
        print("a card's answer side holds its sources:", "class=sources" in answer or "Sources" in answer)
        col.close()
        ok = again == (notes, cards) and (expected is None or notes == expected)
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
