"""Recognition: barcodes, cover and separator sheets, patch codes (and later OCR and fields)."""

from .barcodes import DEFAULT_ENGINE, Barcode, read_barcodes
from .coversheet import CoverSheet, Separator, encode_payload, parse_payload
from .patchcode import detect_patch_code

__all__ = ["DEFAULT_ENGINE", "Barcode", "CoverSheet", "Separator", "detect_patch_code", "encode_payload",
           "parse_payload", "read_barcodes"]  # fmt: skip
