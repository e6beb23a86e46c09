#!/usr/bin/env python3
"""Builds the Anki packages the importer is tested on, with Anki's own Python package.

    python3 -m venv /tmp/anki-venv && /tmp/anki-venv/bin/pip install anki
    /tmp/anki-venv/bin/python scripts/anki-fixtures.py tests/fixtures/anki

Writes one collection with every note type the importer reads (Basic, Basic and reversed, Basic
with optional reverse, type-in, Cloze and a note type of its own), a subdeck, an image, HTML, and
a review history; then exports it as .apkg and .colpkg in the legacy (collection.anki21) and the
current (collection.anki21b, zstd) layouts, and `expected.json` with what the tests compare.
Reviews have fixed dates, so the counts never change; the files themselves carry Anki's own
timestamps and differ from run to run.
"""
import json
import os
import random
import struct
import sys
import tempfile
import zlib

from anki.collection import Collection, ExportAnkiPackageOptions


def tiny_png(width=4, height=3, rgb=(180, 40, 40)):
    """A small solid PNG, so the fixture needs no image file of its own."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def build(folder):
    col = Collection(os.path.join(folder, "collection.anki2"))
    main = col.decks.id("Changchun 1922")
    delegates = col.decks.id("Changchun 1922::Delegates")
    models = col.models

    def add(model_name, fields, deck, tags=()):
        note = col.new_note(models.by_name(model_name))
        for key, value in fields.items():
            note[key] = value
        note.tags = list(tags)
        col.add_note(note, deck)
        return note

    image = os.path.join(folder, "chita.png")
    with open(image, "wb") as f:
        f.write(tiny_png())
    image_name = col.media.add_file(image)

    add("Basic", {"Front": "When did the Changchun Conference open?",
                  "Back": "On <b>4 September 1922</b>."}, main, ["dates"])
    add("Basic", {"Front": "Capital of the Far Eastern Republic in 1922",
                  "Back": f"Chita<br><img src=\"{image_name}\">"}, main, ["places", "fer"])
    add("Basic (and reversed card)", {"Front": "Adolf Joffe",
                                       "Back": "Head of the Soviet delegation at Changchun"},
        delegates, ["people"])
    add("Basic (optional reversed card)", {"Front": "Matsudaira Tsuneo",
                                            "Back": "Head of the Japanese delegation",
                                            "Add Reverse": "y"}, delegates, ["people"])
    add("Basic (optional reversed card)", {"Front": "Northern Sakhalin",
                                            "Back": "Held by Japan until 1925",
                                            "Add Reverse": ""}, main)
    add("Basic (type in the answer)", {"Front": "Which city hosted the conference?",
                                        "Back": "Changchun"}, main, ["places"])
    add("Cloze", {"Text": "The conference met from {{c1::4}} to {{c2::26}} September 1922.",
                  "Back Extra": "It broke up without an agreement."}, main, ["dates"])
    add("Cloze", {"Text": "Japan&nbsp;demanded a lease of {{c1::northern Sakhalin::island}}.",
                  "Back Extra": ""}, main)

    own = models.new("Historian's term")
    for name in ("Term", "Meaning", "Example"):
        models.add_field(own, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"] = "{{Term}}"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{Example}}"
    models.add_template(own, template)
    models.add(own)
    add("Historian's term", {"Term": "Buffer state",
                             "Meaning": "A state set up between two powers to keep them apart",
                             "Example": "The Far Eastern Republic, 1920–1922"}, main, ["terms"])

    # A review history with fixed dates: every card answered on several days.
    rng = random.Random(1922)
    reviews = 0
    day_ms = 86_400_000
    start = 1_700_000_000_000
    for n, cid in enumerate(sorted(col.find_cards(""))):
        when = start + n * 1_000
        interval = 1
        for _ in range(rng.randint(15, 30)):
            ease = rng.choices([1, 2, 3, 4], weights=[2, 2, 6, 1])[0]
            kind = 0 if interval == 1 else (2 if ease == 1 else 1)
            col.db.execute(
                "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                " values (?, ?, -1, ?, ?, ?, 2500, ?, ?)",
                when, cid, ease, interval, max(interval // 2, 1), rng.randint(2_000, 20_000), kind)
            reviews += 1
            interval = 1 if ease == 1 else min(interval * 2 + 1, 30)
            when += interval * day_ms + rng.randint(0, 3_600_000)

    expected = {
        "notes": col.note_count(),
        "cards": col.card_count(),
        "reviews": reviews,
        "media": [image_name],
        "decks": ["Changchun 1922", "Changchun 1922::Delegates"],
    }
    return col, expected


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/anki"
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        col, expected = build(folder)
        path = col.path
        for legacy, name in ((True, "legacy"), (False, "latest")):
            options = ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False,
                                               with_media=True, legacy=legacy)
            col.export_anki_package(out_path=os.path.join(out, f"changchun-{name}.apkg"),
                                    options=options, limit=None)
        col.close()
        for legacy, name in ((True, "legacy"), (False, "latest")):
            # Writing a collection package closes the collection.
            col = Collection(path)
            col.export_collection_package(os.path.join(out, f"changchun-{name}.colpkg"),
                                          include_media=True, legacy=legacy)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")
    print(json.dumps(expected))


if __name__ == "__main__":
    main()
