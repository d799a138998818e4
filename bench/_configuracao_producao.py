"""The production settings for the load benchmarks, with plain static storage.

``collectstatic`` with the production ``CompressedManifestStaticFilesStorage`` currently fails on the
vendored gov.br DS script (it points at a ``.map`` file that is not shipped); the pages measured do
not depend on hashed static names, so the benchmarks skip the manifest.
"""

from portal.settings import *  # noqa: F403
from portal.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
