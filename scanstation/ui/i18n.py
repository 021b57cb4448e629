"""Danish and English: Danish when the system locale is Danish, switchable in settings."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from scanstation.paths import resources_dir

TRANSLATIONS = resources_dir() / "i18n"
# Danish alphabetical order: æ, ø, å after z (Python's code-point order would put å first).
_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})  # the three after "z"


def choose_language(setting: str = "auto") -> str:
    if setting in ("da", "en"):
        return setting
    return "da" if QLocale.system().language() == QLocale.Danish else "en"


def install_translators(app: QApplication, language: str, folder=TRANSLATIONS) -> list[QTranslator]:
    """Our own strings and Qt's (button texts of standard dialogs). English needs none."""
    installed = []
    if language == "en":
        return installed
    ours = QTranslator(app)
    if ours.load(str(folder / f"scanstation_{language}.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def count_text(count: int, one: str, other: str) -> str:
    """A count as a person reads it: "1 page", "2 pages", never "page(s)". Danish and English share
    the rule (one form for exactly 1, the other for every other count, 0 too), so the caller passes
    both forms through tr(): count_text(n, self.tr("1 page"), self.tr("%1 pages"))."""
    return (one if count == 1 else other).replace("%1", str(count))


def name_order(name: str) -> str:
    """The key that sorts names as a Danish reader expects them: recipient lists go by name."""
    return name.casefold().translate(_DANISH_ORDER)
