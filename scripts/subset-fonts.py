#!/usr/bin/env python3
"""Makes the app's bundled fonts from DejaVu Sans: keeps the scripts and symbols the app and its decks
use (Latin, Greek, Cyrillic, punctuation, arrows, a few mathematical signs, check marks) and renames the family, as the
DejaVu licence asks of modified fonts that could be mistaken for the original. Characters outside the
subset (Chinese, say) fall back to the system's fonts, as before.

    pip install fonttools
    scripts/subset-fonts.py DejaVuSans.ttf DejaVuSans-Bold.ttf   # the DejaVu 2.37 release files

writes assets/fonts/ChangchunSans.ttf and ChangchunSans-Bold.ttf.
"""
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "Changchun Sans"
UNICODES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A and -B
    (0x02B0, 0x036F),  # Spacing modifiers and combining diacritics
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic and its supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # Currency
    (0x2116, 0x2116),  # Numero sign
    (0x2122, 0x2122),  # Trade mark
    (0x2190, 0x21FF),  # Arrows
    (0x25A0, 0x25FF),  # Geometric shapes
    # A few mathematical operators and symbols: minus, plus-minus (Latin-1 has ± and ×), division
    # slash, infinity, approximately, not equal, less and greater or equal, ballot boxes, warning
    # sign, stars, check marks and crosses.
    (0x2212, 0x2212),
    (0x2215, 0x2215),
    (0x221E, 0x221E),
    (0x2248, 0x2248),
    (0x2260, 0x2260),
    (0x2264, 0x2265),
    (0x2605, 0x2606),
    (0x2610, 0x2612),
    (0x26A0, 0x26A0),
    (0x2713, 0x2718),
    (0xFFFD, 0xFFFD),  # Replacement character
]


def make(source: Path, target: Path, style: str) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for lo, hi in UNICODES for c in range(lo, hi + 1)])
    subsetter.subset(font)
    full = FAMILY if style == "Book" else f"{FAMILY} {style}"
    postscript = FAMILY.replace(" ", "") + "-" + style
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (3, 4):
            record.string = full
        elif record.nameID == 6:
            record.string = postscript
    font.save(target)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out = Path(__file__).resolve().parent.parent / "assets" / "fonts"
    make(Path(sys.argv[1]), out / "ChangchunSans.ttf", "Book")
    make(Path(sys.argv[2]), out / "ChangchunSans-Bold.ttf", "Bold")


if __name__ == "__main__":
    main()
