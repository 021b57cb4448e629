"""The site key the tests' stations sign and check cover and separator sheets with.

Every test that prints a sheet or opens a station that reads one takes the key from here: the
station's settings (`signed_settings`), the CLI's user settings (cli_run.cli_env writes it) and
the sheets (`key=TEST_SITE_KEY`) then agree, as they do at a site whose IT set one key."""

from __future__ import annotations

from scanstation.config import Settings

TEST_SITE_KEY = "tests-site-key-7f3a9c2e5b1d4680"
OTHER_SITE_KEY = "another-site-key-0000000000000000"  # a sheet printed somewhere else


def signed_settings(**values) -> Settings:
    """Settings of a station whose site key is TEST_SITE_KEY."""
    return Settings(site_key=TEST_SITE_KEY, **values)


def user_config_text() -> str:
    return f'version = 1\n\n[separation]\nsite_key = "{TEST_SITE_KEY}"\n'
