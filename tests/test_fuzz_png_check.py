"""The PNG check (capture/png_check.py), fuzzed: any bytes give the file's chunk names or
PngDamaged with a few words, never another exception; a cut or damaged file is never whole; a
decompression bomb is refused after inflating no more than the image's size, in small pieces."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zlib

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from PIL import Image

from scanstation.capture.png_check import SIGNATURE, PngDamaged, png_chunk_names


def chunk(kind: bytes, body: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + body) if crc is None else crc
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc & 0xFFFFFFFF)


def ihdr(width: int, height: int, depth: int = 8, colour: int = 0, interlace: int = 0) -> bytes:
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace))


def png(*chunks: bytes) -> bytes:
    return SIGNATURE + b"".join(chunks)


def small_png(mode: str = "L", size=(7, 5)) -> bytes:
    image = Image.linear_gradient("L").resize(size).convert(mode)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(300, 300))
    return out.getvalue()


SMALL = {mode: small_png(mode) for mode in ("1", "L", "RGB", "RGBA", "P", "LA", "I;16")}


def checked(data: bytes) -> set[str] | None:
    """The chunk names, or None when the check calls the file damaged; anything else fails the test."""
    try:
        names = png_chunk_names(data)
    except PngDamaged as exc:
        message = str(exc)
        assert message and message.isprintable() and len(message) < 200
        return None
    assert {"IHDR", "IDAT", "IEND"} <= names
    return names


@pytest.mark.parametrize("mode", sorted(SMALL))
def test_a_whole_png_of_every_mode_passes(mode):
    assert checked(SMALL[mode]) is not None


@pytest.mark.parametrize("mode", ["1", "RGB"])
def test_a_png_cut_at_any_length_is_damaged(mode):
    data = SMALL[mode]
    for length in range(len(data)):
        assert checked(data[:length]) is None, length


@given(st.sampled_from(sorted(SMALL)), st.integers(0, 10_000), st.integers(1, 255))
def test_a_flipped_byte_is_damage_or_harmless(mode, position, xor):
    data = bytearray(SMALL[mode])
    position %= len(data)
    data[position] ^= xor
    names = checked(bytes(data))
    if names is not None:  # only where no checksum covers it: the length of a chunk we ignore...
        Image.open(io.BytesIO(bytes(data))).load()  # ...and then Pillow reads it too


_kinds = st.sampled_from([b"IHDR", b"IDAT", b"IEND", b"PLTE", b"pHYs", b"eXIf", b"tRNS", b"\x00\n\r\x1b"]) | st.binary(
    min_size=4, max_size=4)
_bodies = st.binary(max_size=64) | st.builds(zlib.compress, st.binary(max_size=300))
_chunks = st.builds(chunk, _kinds, _bodies, st.none() | st.integers(0, 2**32 - 1))
_headers = st.builds(ihdr, st.integers(0, 2**32 - 1) | st.integers(0, 40), st.integers(0, 2**32 - 1) | st.integers(0, 40),
                     st.sampled_from([0, 1, 2, 4, 8, 16, 3]), st.sampled_from([0, 2, 3, 4, 6, 1, 7]),
                     st.sampled_from([0, 0, 1, 2]))


@given(st.lists(_chunks | _headers, max_size=8), st.booleans())
@example([ihdr(0, 0), chunk(b"IDAT", zlib.compress(b"")), chunk(b"IEND", b"")], False)
@example([ihdr(2**32 - 1, 2**32 - 1, 16, 6), chunk(b"IDAT", zlib.compress(b"\x00" * 100)), chunk(b"IEND", b"")], False)
def test_any_chunk_stream_is_whole_or_damaged(chunks, ended):
    checked(png(*chunks, *([chunk(b"IEND", b"")] if ended else [])))


@given(st.binary(max_size=300))
def test_any_bytes_are_whole_or_damaged(data):
    checked(data)
    checked(SIGNATURE + data)


def _deflated_zeros(count: int) -> bytes:
    """zlib data of `count` zero bytes, made without holding them all."""
    packer, piece = zlib.compressobj(9), bytes(1 << 20)
    whole, rest = divmod(count, len(piece))
    return b"".join(packer.compress(piece) for _ in range(whole)) + packer.compress(piece[:rest]) + packer.flush()


def test_a_decompression_bomb_is_refused_without_inflating_it():
    # 10 x 10 pixels whose image data inflates to 100 MB.
    bomb = png(ihdr(10, 10), chunk(b"IDAT", _deflated_zeros(100 << 20)), chunk(b"IEND", b""))
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(PngDamaged, match="holds over 110 bytes"):
            png_chunk_names(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1.0
    assert peak < len(bomb) + 8 * 1024 * 1024


def test_a_huge_image_is_checked_in_small_pieces():
    # Regression: all rows were inflated at once (450 MB for a 150 Mpx colour page), and a header
    # claiming 4 billion x 4 billion pixels raised OverflowError instead of PngDamaged.
    data = _deflated_zeros((12_000 * 3 + 1) * 4000)  # 12,000 x 4,000 RGB: 144 MB of rows
    tracemalloc.start()
    try:
        assert checked(png(ihdr(12_000, 4000, 8, 2), chunk(b"IDAT", data), chunk(b"IEND", b""))) is not None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(data) * 3 + 8 * 1024 * 1024
    with pytest.raises(PngDamaged, match="holds"):
        png_chunk_names(png(ihdr(2**32 - 1, 2**32 - 1, 16, 6), chunk(b"IDAT", zlib.compress(b"\x00")),
                            chunk(b"IEND", b"")))


def test_a_chunk_name_with_control_characters_is_not_put_in_the_message():
    with pytest.raises(PngDamaged) as refused:
        png_chunk_names(png(ihdr(1, 1), chunk(b"\n\x00\x1b[", b"", crc=1)))
    assert str(refused.value).isprintable() and "0x0a001b5b" in str(refused.value)


def test_bit_depths_png_does_not_have_are_damage():
    # Colour type 2 (RGB) at 1 bit per sample is not a PNG; Pillow cannot read it either.
    with pytest.raises(PngDamaged, match="colour type or layout"):
        png_chunk_names(png(ihdr(1, 1, 1, 2), chunk(b"IDAT", zlib.compress(b"\x00\x00")), chunk(b"IEND", b"")))
