"""An office as a plan's table names it → one of the agency's offices.

People write *Phòng Quản lý xây dựng*, *P. QLXD*, *phòng QLXD*, *VP Sở*, *Văn phòng*, in
any case, with or without diacritics. Each office answers to its folded name, its code,
its name without the leading *Phòng*, and the initials of that name (*QLXD*); common
abbreviations (*P.*, *VP*) are spelt out first. A name that answers to two offices is
ambiguous and reported, never guessed.
"""
import difflib
import re

from .text import fold

# Abbreviations spelt out before matching (folded text, whole words).
ABBREVIATIONS = {"p": "phong", "vp": "van phong", "ttr": "thanh tra", "tt": "trung tam"}
# Words that say what kind of unit it is; a name is matched with and without them.
KIND_WORDS = ("phong", "so", "ban", "don vi")


def _spell_out(folded: str) -> str:
    return " ".join(ABBREVIATIONS.get(word, word) for word in folded.split())


def _without_kind(folded: str) -> str:
    words = folded.split()
    while words and words[0] in KIND_WORDS:
        words = words[1:]
    while words and words[-1] in ("so",):
        words = words[:-1]
    return " ".join(words)


def _initials(folded: str) -> str:
    """*quan ly xay dung* → *qlxd*; a word with no vowel is already an abbreviation
    (*ha tang ky thuat va ptdt* → *htktptdt*): every Vietnamese syllable has a vowel."""
    return "".join(word if not re.search(r"[aeiouy]", word) else word[0]
                   for word in folded.split() if word != "va")


class OfficeMatcher:
    def __init__(self, offices):
        self.offices = list(offices)
        self._by_key: dict[str, list] = {}
        self._seen: dict[str, tuple] = {}
        for office in self.offices:
            name = fold(office.name)
            bare = _without_kind(name)
            keys = {name, bare, _initials(bare), _spell_out(name)}
            if office.code:
                code = fold(office.code)
                keys |= {code, f"phong {code}"}
            for key in filter(None, keys):
                self._by_key.setdefault(key, []).append(office)

    def _lookup(self, key):
        found = self._by_key.get(key, [])
        return found[0] if len(found) == 1 else (None if not found else found)

    def match(self, text):
        """``(office, None)`` or ``(None, reason)``; reason is "unknown" or "ambiguous"."""
        # A plan names the same few offices on every row: each spelling is worked out once.
        key = str(text or "")
        if key not in self._seen:
            self._seen[key] = self._match(key)
        return self._seen[key]

    def _match(self, text):
        folded = fold(text)
        if not folded:
            return None, "empty"
        spelt = _spell_out(folded)
        bare = _without_kind(spelt)
        keys = [folded, spelt, bare, bare.replace(" ", "")]
        abbreviated = any(not re.search(r"[aeiouy]", word) for word in bare.split())
        if abbreviated:
            # Abbreviations among the words (*Hạ tầng kỹ thuật và PTĐT*): compare initials.
            # Whole words are never reduced to initials: a misspelt name is not guessed.
            keys.append(_initials(bare))
        for key in keys:
            found = self._lookup(key)
            if isinstance(found, list):
                return None, "ambiguous"
            if found is not None:
                return found, None
        # Initials cut short (*HTKT* for *Hạ tầng kỹ thuật và Phát triển đô thị*): taken
        # when they begin the initials of one office only.
        short = bare if " " not in bare else (_initials(bare) if abbreviated else "")
        if len(short) >= 3:
            found = {id(o): o for key, offices in self._by_key.items()
                     if key.isalpha() and " " not in key and key.startswith(short) for o in offices}
            if len(found) == 1:
                return next(iter(found.values())), None
            if found:
                return None, "ambiguous"
        return None, "unknown"

    def suggestions(self, text, n=3) -> list[str]:
        names = {fold(o.name): o.name for o in self.offices}
        close = difflib.get_close_matches(_spell_out(fold(text)), list(names), n=n, cutoff=0.6)
        return [names[c] for c in close]


def split_offices(text) -> list[str]:
    """A cell naming several offices (supporting offices): one name per part. *và*
    also joins words inside a name, so a part is split on it only by the caller, when
    the whole part names no office."""
    parts = re.split(r"[;,\n]", str(text or ""))
    return [p.strip(" .") for p in parts if p and p.strip(" .")]
