"""Static files the portal ships pass collectstatic's manifest storage (used in production)."""

import re

from django.conf import settings

REFERENCIA_A_MAPA = re.compile(rb"sourceMappingURL=([^\s*]+)")


def test_every_source_map_a_static_file_names_is_shipped_beside_it():
    referencias = 0
    for pasta in settings.STATICFILES_DIRS:
        for arquivo in pasta.rglob("*"):
            if arquivo.suffix not in {".css", ".js"}:
                continue
            for nome in REFERENCIA_A_MAPA.findall(arquivo.read_bytes()):
                referencias += 1
                assert (arquivo.parent / nome.decode()).is_file(), f"{arquivo} names {nome.decode()}, which is missing"
    assert referencias, "no static file names a source map: is static/vendor built (make assets)?"
