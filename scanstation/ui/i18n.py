"""Danish and English: Danish when the system locale is Danish, switchable in settings."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from scanstation.paths import resources_dir

TRANSLATIONS = resources_dir() / "i18n"


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
