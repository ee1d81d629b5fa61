"""Every pytest run, doctests included, keeps peaceplan's disk cache in a folder of its own.

The user's cache folder is never read or written by the tests; subprocesses the
tests start inherit the setting.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    folder = tempfile.mkdtemp(prefix="peaceplan-test-cache-")
    os.environ["PEACEPLAN_CACHE_DIR"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
