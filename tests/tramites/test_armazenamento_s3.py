"""The components' storage on an S3-compatible store, chosen by setting through django-storages: the same
``Armazem`` calls (byte ranges in any order, completion with the hash check, ranged reads) against an
in-process S3 (moto) instead of the filesystem."""

import io

import boto3
import pytest
from django.core.files.storage import storages
from moto import mock_aws

from tramites import erros
from tramites.armazenamento import Armazem, hash_de_bytes

BALDE = "componentes-teste"


@pytest.fixture
def armazem_s3(settings, monkeypatch):
    for variavel, valor in (("AWS_ACCESS_KEY_ID", "teste"), ("AWS_SECRET_ACCESS_KEY", "teste"),
                            ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(variavel, valor)
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BALDE)
        settings.STORAGES = {**settings.STORAGES, "componentes": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BALDE, "region_name": "us-east-1", "file_overwrite": True},
        }}
        yield Armazem(storages["componentes"])


def test_parts_out_of_order_complete_and_read_back_by_range_on_s3(armazem_s3):
    conteudo = bytes(range(256)) * 4000  # 1 024 000 bytes
    meio = len(conteudo) // 2
    armazem_s3.gravar_parte("envio-1", meio, len(conteudo), io.BytesIO(conteudo[meio:]), len(conteudo))
    assert not armazem_s3.situacao("envio-1", len(conteudo)).completo
    armazem_s3.gravar_parte("envio-1", 0, meio, io.BytesIO(conteudo[:meio]), len(conteudo))
    assert armazem_s3.situacao("envio-1", len(conteudo)).completo

    nome = armazem_s3.concluir("envio-1", len(conteudo), hash_de_bytes(conteudo))
    assert b"".join(armazem_s3.ler(nome, 1000, 5000)) == conteudo[1000:5000]
    assert b"".join(armazem_s3.ler(nome, 0, len(conteudo))) == conteudo


def test_a_hash_mismatch_on_s3_is_refused_and_keeps_nothing(armazem_s3):
    conteudo = b"componente corrompido" * 100
    armazem_s3.gravar_parte("envio-2", 0, len(conteudo), io.BytesIO(conteudo), len(conteudo))
    with pytest.raises(erros.ErroDaApi) as erro:
        armazem_s3.concluir("envio-2", len(conteudo), hash_de_bytes(b"outro conteudo"))
    assert erro.value.codigo == "0062"
    assert not storages["componentes"].exists(Armazem.nome_do_componente(hash_de_bytes(conteudo)))
