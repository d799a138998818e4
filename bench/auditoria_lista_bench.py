"""The audit list page at 1 000 000 records, beside a trivial logged-in page measured in the same run.

Fills a throwaway PostgreSQL database (``desempenho_auditoria``) with N audit records (default 1 000 000,
one INSERT … SELECT from ``generate_series``: 5 000 people, 5 actions, 4 target types, two years), logs an
Administrador Tramita in (TOTP enrolled) and times, in-process around Django's whole request handling:

- the floor: ``/meus-dados/`` (the same middleware, session and login, a page without the table);
- ``/auditoria/`` unfiltered, and with text filters (usuário, ação), a target type and a date range;
- the CSV export of ``LIMITE`` rows (``?exportar=csv`` filtered down), its time and the growth of peak RSS.

p50/p95 over ``--consultas`` requests each (target p95 ≤ 100 ms for the page, unfiltered and filtered).

    .venv/bin/python bench/auditoria_lista_bench.py
    .venv/bin/python bench/auditoria_lista_bench.py --registros 200000 --consultas 30
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time

from _comum import banco_descartavel, rodar
from _comum import django as _django


def _rodar(ambiente: dict, *argumentos: str) -> dict:
    return rodar(__file__, ambiente, *argumentos)
PG_PADRAO = "postgres://postgres@127.0.0.1:5432/desempenho_auditoria"

PREENCHER = """
INSERT INTO portal_registrodeauditoria (momento, usuario_repr, ip, perfil, origem, acao, alvo_tipo, alvo_id,
    alvo_repr, comite_id, repositorio_id, detalhes, request_id)
SELECT now() - (g || ' minutes')::interval,
       (ARRAY['Maria', 'José', 'Ana', 'Carlos', 'Fernanda', 'Paulo', 'Juliana', 'Ricardo', 'Beatriz', 'Marcos'])
           [1 + g %% 10] || ' ' ||
       (ARRAY['Silva', 'Souza', 'Oliveira', 'Santos', 'Pereira', 'Lima', 'Costa', 'Almeida'])[1 + (g / 10) %% 8]
           || ' ' || (g %% 5000) || ' <pessoa' || (g %% 5000) || '@orgao.gov.br>',
       ('10.0.' || (g %% 250) || '.' || (g %% 200))::inet, 'Gestor de Protocolo', 'web',
       (ARRAY['comites.comite.alterar', 'estrutura.unidade.alterar', 'portal.login', 'hipoteses.hipotese.alterar',
              'comites.gestor.adicionar'])[1 + g %% 5],
       (ARRAY['comites.Comite', 'estrutura.Unidade', 'portal.Pessoa', 'hipoteses.HipoteseLegal'])[1 + g %% 4],
       (g %% 10000)::text, 'Objeto número ' || g, g %% 1000, 1, '', substr(md5(g::text), 1, 32)
FROM generate_series(1, %s) g
"""

CONSULTAS = [
    ("sem filtro", {}),
    ("usuário contém “maria”", {"usuario": "maria"}),
    ("usuário contém “pessoa4321@”", {"usuario": "pessoa4321@"}),
    ("ação contém “gestor”", {"acao": "gestor"}),
    ("tipo de objeto = comites.Comite", {"alvo_tipo": "comites.Comite"}),
    ("período de um mês", {"desde": "01/01/2026", "ate": "31/01/2026"}),
    ("página 200", {"page": "200"}),
]


def filho_preparar(registros: str) -> dict:
    _django()
    from django.db import connection

    inicio = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(PREENCHER, [int(registros)])
        cursor.execute("ANALYZE portal_registrodeauditoria")
    return {"segundos": round(time.perf_counter() - inicio, 1)}


def _cliente():
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client

    from portal.models import PerfilAtribuido, Pessoa

    pessoa, _ = Pessoa.objects.get_or_create(email="admin@bench.gov.br",
                                             defaults={"nome": "Admin Bench", "cpf": "52998224725"})
    PerfilAtribuido.objects.get_or_create(pessoa=pessoa, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)
    if not pessoa.authenticator_set.exists():
        TOTP.activate(pessoa, generate_totp_secret())
    # The session must also carry the second factor (staff profiles need it per session: issue 7 §3).
    from tests.conftest import entrar

    return entrar(Client(), pessoa)


def _medir(cliente, url, parametros, vezes):
    for _ in range(2):
        cliente.get(url, parametros)
    tempos = []
    for _ in range(vezes):
        inicio = time.perf_counter()
        resposta = cliente.get(url, parametros)
        tempos.append((time.perf_counter() - inicio) * 1000)
        if resposta.status_code != 200:
            raise SystemExit(f"{url} {parametros}: HTTP {resposta.status_code}")
    tempos.sort()
    p95 = tempos[min(len(tempos) - 1, int(len(tempos) * 0.95))]
    return {"p50": round(tempos[len(tempos) // 2], 1), "p95": round(p95, 1)}


def filho_consultar(vezes: str) -> dict:
    _django()
    from django.urls import reverse

    cliente = _cliente()
    vezes = int(vezes)
    resultado = {"piso": _medir(cliente, reverse("portal:meus_dados"), {}, vezes)}
    for rotulo, parametros in CONSULTAS:
        resultado[rotulo] = _medir(cliente, reverse("portal:auditoria"), parametros, vezes)
    return resultado


def filho_exportar(linhas: str) -> dict:
    """CSV export of the ``linhas`` most recent records: wall time and peak RSS growth of this process."""
    _django()
    from django.urls import reverse

    from portal.models import Parametro, RegistroDeAuditoria

    # Measure the streamed answer itself: above this Parâmetro the export would become a Celery job.
    Parametro.objects.filter(chave="exportacao_limite_sincrono").update(valor=str(10 * int(linhas)))
    cliente = _cliente()
    desde = RegistroDeAuditoria.objects.order_by("-momento").values_list("momento", flat=True)[int(linhas) - 1]
    cliente.get(reverse("portal:auditoria"))  # warm-up
    antes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    inicio = time.perf_counter()
    resposta = cliente.get(reverse("portal:auditoria"), {"exportar": "csv", "desde": desde.strftime("%d/%m/%Y")})
    tamanho = linhas_csv = 0
    for pedaco in resposta.streaming_content if resposta.streaming else [resposta.content]:
        tamanho += len(pedaco)
        linhas_csv += pedaco.count(b"\n")
    segundos = time.perf_counter() - inicio
    depois = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"segundos": round(segundos, 1), "linhas": linhas_csv - 1, "mb": round(tamanho / 1e6, 1),
            "rss_antes_mb": round(antes), "crescimento_mb": round(depois - antes, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registros", type=int, default=1_000_000)
    parser.add_argument("--consultas", type=int, default=40)
    parser.add_argument("--exportar", type=int, default=100_000, help="linhas do CSV exportado")
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        etapa, valor = args.filho
        funcao = {"preparar": filho_preparar, "consultar": filho_consultar, "exportar": filho_exportar}[etapa]
        print(json.dumps(funcao(valor), ensure_ascii=False))
        return

    url = os.environ.get("DATABASE_URL") or PG_PADRAO
    with banco_descartavel(url, "bench-auditoria-") as (_pasta, ambiente):
        preparo = _rodar(ambiente, "preparar", str(args.registros))
        consultas = _rodar(ambiente, "consultar", str(args.consultas))
        exportacao = _rodar(ambiente, "exportar", str(args.exportar))

    piso = consultas.pop("piso")
    print(f"auditoria — PostgreSQL, {args.registros} registros (gerados em {preparo['segundos']} s), "
          f"{args.consultas} requisições por linha, {os.cpu_count()} CPUs")
    print(f"piso (/meus-dados/, logado): p50 {piso['p50']} ms, p95 {piso['p95']} ms")
    for rotulo, medida in consultas.items():
        print(f"   /auditoria/ {rotulo:34s} p50 {medida['p50']:6.1f} ms  p95 {medida['p95']:6.1f} ms  "
              f"({medida['p95'] / piso['p95']:.1f}× o piso; meta p95 ≤ 100 ms)")
    print(f"exportação CSV de {exportacao['linhas']} linhas ({exportacao['mb']} MB): {exportacao['segundos']} s, "
          f"pico de memória +{exportacao['crescimento_mb']} MB sobre {exportacao['rss_antes_mb']} MB "
          "(meta ≤ 50 MB)")


if __name__ == "__main__":
    main()
