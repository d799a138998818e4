"""The production settings for the load benchmarks, with plain static storage.

The pages measured do not depend on hashed static names, so the benchmarks skip ``collectstatic`` and
the manifest of the production ``CompressedManifestStaticFilesStorage`` (a shorter, self-contained run).
"""

from portal.settings import *  # noqa: F403
from portal.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
