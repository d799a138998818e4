"""SIORG re-import with 10 % of the structure changed, beside its floor measured in the same run.

Generates N units (default 100 000, ``bench/estrutura_gerar_siorg.py``), imports them, then re-imports a
copy where 5 % of the units are renamed, 4 % moved (with their subtrees), 1 % removed (inactivated) and
1 % are new, and prints:

- the re-import's wall time and its report (counts), and how many unit rows it rewrote;
- the floor: the same number of rows, with the same columns, written with one ``COPY`` into a temporary
  table plus one ``UPDATE … FROM`` (rolled back), in a fresh process right after;
- the ratio re-import / floor (target ≤ 3).

Each step runs in a fresh process against a throwaway PostgreSQL database (``desempenho_siorg`` unless
``DATABASE_URL`` says otherwise), created before and dropped after:

    .venv/bin/python bench/siorg_reimportacao_bench.py
    .venv/bin/python bench/siorg_reimportacao_bench.py --unidades 20000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _comum import RAIZ, rodar
from _comum import django as _django
from _comum import pg as _pg


def _rodar(ambiente: dict, *argumentos: str) -> dict:
    return rodar(__file__, ambiente, *argumentos)
PG_PADRAO = "postgres://postgres@127.0.0.1:5432/desempenho_siorg"
COLUNAS = ["parent_id", "caminho", "profundidade", "nome", "sigla", "nome_busca", "sigla_busca", "siorg_versao",
           "eh_orgao", "siorg_tipo", "siorg_poder", "siorg_esfera", "siorg_natureza", "ativo", "alterado_em"]


def filho_importar(arquivo: str) -> dict:
    _django()
    from estrutura.models import RepositorioDeEstruturas
    from estrutura.services import siorg
    from portal.context import atuando_como

    RepositorioDeEstruturas.objects.get_or_create(nome="Poder Executivo Federal", defaults={"is_siorg": True})
    inicio = time.perf_counter()
    with atuando_como(origem="comando"), open(arquivo, "rb") as fonte:
        execucao = siorg.importar([(Path(arquivo).name, fonte)], origem="comando")
    segundos = time.perf_counter() - inicio
    from estrutura.models import Unidade

    reescritas = Unidade.objects.filter(alterado_em__gte=execucao.iniciada_em).exclude(
        criado_em__gte=execucao.iniciada_em).count()
    return {"segundos": round(segundos, 2), "mensagem": execucao.mensagem, "situacao": execucao.situacao,
            "reescritas": reescritas, "iniciada_em": execucao.iniciada_em.isoformat()}


def filho_piso(desde: str) -> dict:
    """COPY of the rows the re-import rewrote (same columns, same values) + one UPDATE … FROM; rolled back."""
    _django()
    from django.db import connection, transaction

    from estrutura.models import Unidade

    linhas = list(Unidade.objects.filter(alterado_em__gte=desde).exclude(criado_em__gte=desde)
                  .values_list("id", *COLUNAS))
    atribuicoes = ", ".join(f"{c} = t.{c}" for c in COLUNAS)
    inicio = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE piso ON COMMIT DROP AS "
                       f"SELECT id, {', '.join(COLUNAS)} FROM estrutura_unidade WITH NO DATA")
        with cursor.cursor.copy(f"COPY piso (id, {', '.join(COLUNAS)}) FROM STDIN") as copia:
            for linha in linhas:
                copia.write_row(linha)
        cursor.execute(f"UPDATE estrutura_unidade u SET {atribuicoes} FROM piso t WHERE u.id = t.id")
        atualizadas = cursor.rowcount
        segundos = time.perf_counter() - inicio
        transaction.set_rollback(True)
    return {"segundos": round(segundos, 2), "linhas": atualizadas}


def _mudar(original: str, destino: str, semente: int = 8) -> dict:
    """5 % renamed, 4 % moved, 1 % removed (leaves), 1 % new — moves only under lower codes: no cycles."""
    with open(original, encoding="utf-8") as entrada:
        dados = json.load(entrada)
    unidades = dados["unidades"]
    rnd = random.Random(semente)
    total = len(unidades)
    codigo = {i: int(u["codigoUnidade"].rsplit("/", 1)[1]) for i, u in enumerate(unidades)}
    pais = {u["codigoUnidadePai"] for u in unidades if u["codigoUnidadePai"]}
    candidatos = list(range(1, total))
    rnd.shuffle(candidatos)
    renomear = candidatos[: total * 5 // 100]
    mover = candidatos[total * 5 // 100: total * 9 // 100]
    folhas = [i for i in candidatos[total * 9 // 100:] if unidades[i]["codigoUnidade"] not in pais]
    remover = set(folhas[: total // 100])
    for i in renomear:
        unidades[i]["nome"] += " (nova denominação)"
    for i in mover:
        alvo = rnd.randrange(0, i)
        while alvo in remover:
            alvo = rnd.randrange(0, i)
        unidades[i]["codigoUnidadePai"] = unidades[alvo]["codigoUnidade"]
    base = max(codigo.values())
    novas = []
    for n in range(total // 100):
        modelo = dict(unidades[rnd.randrange(1, total)])
        pai = rnd.randrange(0, total)
        while pai in remover:
            pai = rnd.randrange(0, total)
        modelo.update(codigoUnidade=modelo["codigoUnidade"].rsplit("/", 1)[0] + f"/{base + n + 1}",
                      codigoUnidadePai=unidades[pai]["codigoUnidade"], nome=f"Unidade nova {n}", sigla=f"UN{n}")
        novas.append(modelo)
    dados["unidades"] = [u for i, u in enumerate(unidades) if i not in remover] + novas
    with open(destino, "w", encoding="utf-8") as saida:
        json.dump(dados, saida, ensure_ascii=False)
    return {"renomeadas": len(renomear), "movidas": len(mover), "removidas": len(remover), "novas": len(novas)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unidades", type=int, default=100_000)
    parser.add_argument("--banco", choices=("postgres",), default="postgres")
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        etapa, valor = args.filho
        print(json.dumps(filho_importar(valor) if etapa == "importar" else filho_piso(valor), ensure_ascii=False))
        return

    sys.path.insert(0, str(RAIZ / "bench"))
    from estrutura_gerar_siorg import escrever

    url = os.environ.get("DATABASE_URL") or PG_PADRAO
    if not url.startswith("postgres"):
        raise SystemExit("este benchmark mede o caminho do PostgreSQL: DATABASE_URL deve ser postgres://…")
    with tempfile.TemporaryDirectory(prefix="bench-siorg-") as pasta:
        original, mudado = os.path.join(pasta, "siorg.json"), os.path.join(pasta, "siorg-mudado.json")
        escrever(args.unidades, original)
        mudancas = _mudar(original, mudado)
        _pg(url, "DROP DATABASE IF EXISTS")
        _pg(url, "CREATE DATABASE")
        ambiente = dict(os.environ, DATABASE_URL=url, DJANGO_ENV="development", DEBUG="false",
                        PYTHONPATH=str(RAIZ), PORTAL_VAR_DIR=pasta)
        try:
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=ambiente, cwd=RAIZ,
                           check=True)
            _rodar(ambiente, "importar", original)
            reimportacao = _rodar(ambiente, "importar", mudado)
            piso = _rodar(ambiente, "piso", reimportacao["iniciada_em"])
        finally:
            _pg(url, "DROP DATABASE IF EXISTS")

    razao = reimportacao["segundos"] / max(piso["segundos"], 0.001)
    print(f"siorg — reimportação com 10 % de mudanças, PostgreSQL, {args.unidades} unidades, {os.cpu_count()} CPUs")
    print("   arquivo mudado: " + ", ".join(f"{k} {v}" for k, v in mudancas.items()))
    print(f"reimportação: {reimportacao['segundos']} s, {reimportacao['reescritas']} linhas reescritas "
          f"({reimportacao['mensagem']})")
    print(f"piso (COPY para tabela temporária + um UPDATE … FROM das mesmas {piso['linhas']} linhas): "
          f"{piso['segundos']} s")
    print(f"razão reimportação/piso: {razao:.1f}× (meta ≤ 3×)")


if __name__ == "__main__":
    main()
