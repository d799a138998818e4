"""Low-level writes on the unit tree, shared by the services: id reservation, bulk inserts, subtree moves.

Nothing here audits or opens transactions: the calling service does both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from estrutura.models import Unidade, filtro_de_subarvore, segmento

LOTE = 2000
LIMITE_CAMINHO = Unidade._meta.get_field("caminho").max_length


def reservar_ids(quantidade: int) -> list[int]:
    """Takes ``quantidade`` fresh unit ids before inserting, so a whole tree goes in with one INSERT each.

    PostgreSQL draws them from the identity sequence (safe under concurrency). SQLite has a single writer:
    bumping ``sqlite_sequence`` first takes the write lock, so nobody can take the same numbers.
    Must run inside the caller's transaction.
    """
    if quantidade <= 0:
        return []
    tabela = Unidade._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [tabela, quantidade],
            )
            return [linha[0] for linha in cursor.fetchall()]
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT OR IGNORE INTO sqlite_sequence (name, seq) SELECT %s, 0 "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
                [tabela, tabela],
            )
            cursor.execute(
                f"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(id), 0) FROM {tabela})) + %s "
                "WHERE name = %s",
                [quantidade, tabela],
            )
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [tabela])
            ultimo = cursor.fetchone()[0]
            return list(range(ultimo - quantidade + 1, ultimo + 1))
    raise NotImplementedError(f"banco de dados não suportado: {connection.vendor}")


def em_lotes(itens: Iterable, tamanho: int = LOTE) -> Iterator[list]:
    iterador = iter(itens)
    while lote := list(islice(iterador, tamanho)):
        yield lote


def inserir(unidades: Iterable[Unidade]) -> int:
    """Bulk-inserts units whose pk, caminho and profundidade are already set (ids from ``reservar_ids``)."""
    total = 0
    for lote in em_lotes(unidades):
        Unidade.objects.bulk_create(lote)
        total += len(lote)
    return total


def inserir_linhas(modelo, colunas: list[str], linhas: Iterable[tuple]) -> int:
    """Fast path for very large inserts (the SIORG import): plain tuples, no model instances.

    PostgreSQL gets one ``COPY … FROM STDIN``; other databases a batched ``executemany``. Values must
    already be database-ready (see ``valor_de_data``); the caller validated them.
    """
    tabela = connection.ops.quote_name(modelo._meta.db_table)
    nomes = ", ".join(connection.ops.quote_name(c) for c in colunas)
    total = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {tabela} ({nomes}) FROM STDIN") as copia:
                for linha in linhas:
                    copia.write_row(linha)
                    total += 1
            return total
        sql = f"INSERT INTO {tabela} ({nomes}) VALUES ({', '.join(['%s'] * len(colunas))})"
        for lote in em_lotes(linhas, 5000):
            cursor.executemany(sql, lote)
            total += len(lote)
    return total


def atualizar_linhas(modelo, colunas: list[str], linhas: list[tuple]) -> int:
    """Fast path for very large updates (the SIORG import): ``linhas`` are tuples ``(pk, *values)``.

    PostgreSQL: one ``COPY`` into a temporary table shaped like the target columns, then a single
    ``UPDATE … FROM`` joined on the primary key — Django's ``bulk_update`` builds a ``CASE WHEN`` per
    column and row and was 30× slower at 20 000 rows. Other databases: a batched ``executemany`` of a
    plain ``UPDATE … WHERE pk = ?``. Values must already be database-ready (see ``valor_de_data``).
    Returns how many rows were sent.
    """
    if not linhas:
        return 0
    q = connection.ops.quote_name
    tabela = q(modelo._meta.db_table)
    pk = q(modelo._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            temporaria = q(f"_atualizar_{modelo._meta.db_table}")
            nomes = ", ".join(q(c) for c in colunas)
            cursor.execute(f"DROP TABLE IF EXISTS {temporaria}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {temporaria} ON COMMIT DROP AS "
                f"SELECT {pk}, {nomes} FROM {tabela} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY {temporaria} ({pk}, {nomes}) FROM STDIN") as copia:
                for linha in linhas:
                    copia.write_row(linha)
            atribuicoes = ", ".join(f"{q(c)} = t.{q(c)}" for c in colunas)
            cursor.execute(f"UPDATE {tabela} SET {atribuicoes} FROM {temporaria} t WHERE {tabela}.{pk} = t.{pk}")
            cursor.execute(f"DROP TABLE {temporaria}")
            return len(linhas)
        atribuicoes = ", ".join(f"{q(c)} = %s" for c in colunas)
        sql = f"UPDATE {tabela} SET {atribuicoes} WHERE {pk} = %s"
        for lote in em_lotes(((*linha[1:], linha[0]) for linha in linhas), 5000):
            cursor.executemany(sql, lote)
    return len(linhas)


def valor_de_data(momento):
    """A datetime as the current database expects it in a raw query."""
    return connection.ops.adapt_datetimefield_value(momento)


def caminho_de(pai: Unidade | None, pk: int) -> str:
    return (pai.caminho if pai is not None else "") + segmento(pk)


def validar_novo_pai(unidade: Unidade, novo_pai: Unidade | None) -> None:
    """No cycles: the new parent can be neither the unit itself nor one of its descendants."""
    if novo_pai is None:
        return
    if novo_pai.pk == unidade.pk or novo_pai.caminho.startswith(unidade.caminho):
        raise ValidationError(
            "A unidade superior escolhida está abaixo da própria unidade na hierarquia; isso criaria um ciclo."
        )
    mais_fundo = (
        Unidade.objects.subarvore(unidade).order_by("-profundidade").values_list("caminho", flat=True).first()
        or unidade.caminho
    )
    if len(novo_pai.caminho) + len(mais_fundo) - len(unidade.caminho) + len(segmento(unidade.pk)) > LIMITE_CAMINHO:
        raise ValidationError("A hierarquia ficaria profunda demais.")


def mover_subarvore(unidade: Unidade, novo_pai: Unidade | None, repositorio_id: int | None = None) -> int:
    """Hangs ``unidade`` (and everything under it) below ``novo_pai``; ids never change.

    Two UPDATEs, whatever the subtree size: the path prefix of every descendant is rewritten in SQL.
    Returns how many units had their path rewritten.
    """
    validar_novo_pai(unidade, novo_pai)
    antigo = unidade.caminho
    novo = caminho_de(novo_pai, unidade.pk)
    delta = novo.count(".") - antigo.count(".")
    campos = {"alterado_em": timezone.now()}
    if repositorio_id is not None:
        campos["repositorio_id"] = repositorio_id
    if novo != antigo:
        campos["caminho"] = Concat(Value(novo), Substr("caminho", len(antigo) + 1), output_field=CharField())
        campos["profundidade"] = F("profundidade") + delta
    alteradas = Unidade.objects.filter(filtro_de_subarvore(antigo)).update(**campos)
    Unidade.objects.filter(pk=unidade.pk).update(parent=novo_pai)
    unidade.parent = novo_pai
    unidade.caminho = novo
    unidade.profundidade = novo.count(".") - 1
    if repositorio_id is not None:
        unidade.repositorio_id = repositorio_id
    return alteradas
