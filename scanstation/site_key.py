"""The site key our cover and separator sheets are signed with (recognition/coversheet.py).

IT sets one key for the whole site in the machine-wide settings (`separation.site_key`), so a
sheet printed at one station routes letters at every other; the installer makes one when IT
gives none (`SITEKEY`, machine_config.py). A station started without any key makes its own,
saves it in the user's settings and says so: its sheets then route only at this station until
IT sets the site's key. The key is a secret: never shown, never logged, never in a sidecar.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import replace

from .config import Settings, save_user_settings

log = logging.getLogger("scanstation.site_key")

SETTING = "separation.site_key"


def new_site_key() -> str:
    """256 random bits as 43 URL-safe characters: fits the TOML file and a command line as is."""
    return secrets.token_urlsafe(32)


def ensure_site_key(settings: Settings) -> Settings:
    """`settings` with a site key: the one set, or a new one saved in the user's settings file
    (kept for this run only when that file cannot be written). A warning says which."""
    if settings.site_key:
        return settings
    key = new_site_key()
    sources = dict(settings.sources)
    try:
        if settings.user_file is None:
            raise ValueError("no user settings file")
        saved = save_user_settings({SETTING: key}, settings.user_file, machine_file=settings.machine_file)
    except (OSError, ValueError) as exc:
        warning = (f"no site key is set for signing cover and separator sheets ({SETTING}) and a new one "
                   f"could not be saved ({exc}): sheets printed now route letters only until the program "
                   "stops; ask IT to set the site's key (scanstation config write-machine --site-key ...)")
    else:
        sources[SETTING] = str(saved)
        warning = (f"no site key was set for signing cover and separator sheets: a new one was made and saved "
                   f"in {saved}; sheets printed here route letters at this station only until IT sets one key "
                   "for the site in the machine-wide settings (scanstation config write-machine --site-key ...)")
    log.warning("%s", warning)
    return replace(settings, site_key=key, sources=sources, warnings=settings.warnings + (warning,))
