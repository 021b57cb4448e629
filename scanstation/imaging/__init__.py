"""Page cleanup between capture and recognition: blank backs, orientation, skew.

Plain functions on PIL images; no Qt, no state. `clean_page` runs all three in order.
"""

from scanstation.imaging.blank import BlankVerdict, detect_blank
from scanstation.imaging.cleanup import CleanedPage, clean_page
from scanstation.imaging.deskew import deskew, estimate_skew, rotate_expanded
from scanstation.imaging.orientation import Orientation, detect_orientation, turn_clockwise

__all__ = [
    "BlankVerdict",
    "CleanedPage",
    "Orientation",
    "clean_page",
    "deskew",
    "detect_blank",
    "detect_orientation",
    "estimate_skew",
    "rotate_expanded",
    "turn_clockwise",
]
