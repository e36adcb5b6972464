"""Bytes to text: encoding detection and refusal of binary data."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from triangulate.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that never occur in real text; a file full of them is binary.
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}


def decode(data: bytes, name: str) -> str:
    """Decode ``data`` whatever its encoding, or raise InputError naming ``name``.

    A BOM is trusted; otherwise strict UTF-8 is tried first (most news text is
    UTF-8 and detection on short texts is unreliable), then charset-normalizer.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), name)
            except UnicodeDecodeError as exc:
                raise InputError(
                    name, f"undecodable bytes after {encoding} BOM ({exc.reason})"
                ) from None
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file (NUL bytes), not text")
    try:
        return _check_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    # Windows-1252 is by far the commonest legacy encoding of news text; detectors
    # often call it cp1250, which turns "å" into "ĺ". Take cp1252 whenever it
    # decodes and reads no worse than the detector's guess.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    best = from_bytes(data[:1_000_000]).best()
    if western is not None and (
        best is None or mess_ratio(western[:100_000]) <= mess_ratio(str(best)[:100_000]) + 0.01
    ):
        return _check_text(western, name)
    if best is None or best.encoding is None:
        raise InputError(name, "undecodable bytes: no text encoding fits")
    try:
        return _check_text(data.decode(best.encoding), name)
    except (UnicodeDecodeError, LookupError):
        raise InputError(name, f"undecodable bytes as {best.encoding}") from None


def _check_text(text: str, name: str) -> str:
    """Refuse decoded 'text' that is mostly control characters."""
    sample = text[:8192]
    if sample:
        controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
        if controls / len(sample) > 0.05:
            raise InputError(name, "binary file (control characters), not text")
    return text
