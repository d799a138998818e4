"""The Painel de Controle list (``/painel/``) at 1 000 000 trâmites / ~5 000 000 history rows.

Fills a throwaway PostgreSQL database (``painel_bench``) with ``painel_gerar.preencher`` (COPY-based), then,
in a fresh process, logs in an Administrador Tramita (TOTP enrolled) and the gestor of the busiest órgão
(≈ a quarter of every trâmite is sent or received by it) and times, in-process around Django's whole request
handling, each page ``--consultas`` times (after two warm-up requests):

- the floor: ``/meus-dados/`` (same middleware, session and login; a page without the list);
- ``/painel/`` with the default (last 30 days) and with each single filter, sorting and a far page;
- the number of SQL queries of each page (one extra request under ``CaptureQueriesContext``).

Target (issue #12): p95 ≤ 150 ms per page, counters and chart included, a constant number of queries.

    .venv/bin/python bench/painel_lista_bench.py
    .venv/bin/python bench/painel_lista_bench.py --tramites 200000 --consultas 20
    .venv/bin/python bench/painel_lista_bench.py --banco-existente postgres://postgres@127.0.0.1:5432/painel_dados
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta

from _comum import RAIZ, banco_descartavel, rodar
from _comum import django as _django

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/painel_bench"


def filho_preparar(tramites: str) -> dict:
    _django()
    from painel_gerar import preencher

    resumo = preencher(int(tramites))
    return {k: resumo[k] for k in ("tramites", "historico", "segundos", "segundos_copia", "por_status")}


def _entrar(pessoa):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client

    from tests.conftest import entrar

    if not pessoa.authenticator_set.exists():
        TOTP.activate(pessoa, generate_totp_secret())
    return entrar(Client(), pessoa)


def _pessoas():
    from comites.models import Comite, Gestor
    from portal.models import PerfilAtribuido, Pessoa
    from tramites.models import Tramite

    admin, _ = Pessoa.objects.get_or_create(email="admin@bench.gov.br",
                                            defaults={"nome": "Admin Bench", "cpf": "52998224725"})
    PerfilAtribuido.objects.get_or_create(pessoa=admin, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)
    # The busiest órgão: the comitê that sends the most (the generator's first órgão).
    comite_id = (Tramite.objects.order_by().values("comite_remetente_id")
                 .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("idt"))
                 .order_by("-n").values_list("comite_remetente_id", flat=True)[0])
    gestor, _ = Pessoa.objects.get_or_create(email="gestor@bench.gov.br",
                                             defaults={"nome": "Gestor Bench", "cpf": "11144477735"})
    Gestor.objects.get_or_create(comite_id=comite_id, pessoa=gestor)
    return admin, gestor, Comite.objects.get(pk=comite_id)


def _consultas(comite) -> list[tuple[str, dict]]:
    from django.utils import timezone

    from comites.models import Sistema
    from tramites.models import Tramite

    hoje = timezone.localdate()
    # Values taken from the gestor's órgão (the busiest: the heaviest case), so the same filters are
    # meaningful for both profiles (a gestor may only choose its own órgão and SPE).
    exemplo = Tramite.objects.filter(comite_remetente=comite).order_by("-idt")[500]
    destino = Tramite.objects.filter(comite_remetente=comite).exclude(comite_destinatario=comite).order_by("-idt")[7]
    sistema = Sistema.objects.filter(orgao_responsavel=comite).first()
    data = "%d/%m/%Y"
    return [
        ("padrão (últimos 30 dias)", {}),
        ("período de 1 ano", {"data_inicial": (hoje - timedelta(days=365)).strftime(data),
                              "data_final": hoje.strftime(data)}),
        ("período: tudo (2 anos)", {"data_inicial": "", "data_final": ""}),
        ("SPE de origem", {"spe_origem": str(sistema.pk)}),
        ("SPE de destino", {"spe_destino": str(sistema.pk)}),
        ("órgão de origem", {"orgao_origem": str(comite.pk)}),
        ("órgão de destino", {"orgao_destino": str(comite.pk)}),
        ("unidade de origem", {"unidade_origem": str(exemplo.unidade_remetente_id)}),
        ("unidade de destino", {"unidade_destino": str(destino.unidade_destinatario_id)}),
        ("NUP (sem pontuação)", {"nup": exemplo.protocolo.replace(".", "").replace("/", "").replace("-", "")}),
        ("NRE", {"nre": exemplo.nre}),
        ("IDT", {"idt": str(exemplo.idt)}),
        ("situação 9", {"situacao": "9"}),
        ("situações 1–4", {"situacao": ["1", "2", "3", "4"]}),
        ("parados há mais de 7 dias", {"parados": "7"}),
        ("gráfico por quantidade", {"grafico": "quantidade"}),
        ("ordenado por protocolo", {"sort": "protocolo"}),
        ("página 20", {"page": "20"}),
    ]


def _medir(cliente, url, parametros, vezes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        cliente.get(url, parametros)
    tempos = []
    for _ in range(vezes):
        inicio = time.perf_counter()
        resposta = cliente.get(url, parametros)
        tempos.append((time.perf_counter() - inicio) * 1000)
        if resposta.status_code != 200:
            raise SystemExit(f"{url} {parametros}: HTTP {resposta.status_code}")
    with CaptureQueriesContext(connection) as consultas:
        cliente.get(url, parametros)
    tempos.sort()
    p95 = tempos[min(len(tempos) - 1, int(len(tempos) * 0.95))]
    return {"p50": round(tempos[len(tempos) // 2], 1), "p95": round(p95, 1), "consultas": len(consultas)}


def filho_consultar(vezes: str) -> dict:
    _django()
    from django.urls import reverse

    admin, gestor, comite = _pessoas()
    vezes = int(vezes)
    resultado = {}
    for perfil, pessoa in (("Administrador", admin), ("Gestor (maior órgão)", gestor)):
        cliente = _entrar(pessoa)
        medidas = {"piso": _medir(cliente, reverse("portal:meus_dados"), {}, vezes)}
        for rotulo, parametros in _consultas(comite):
            medidas[rotulo] = _medir(cliente, reverse("tramites:painel"), parametros, vezes)
        resultado[perfil] = medidas
    return resultado


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tramites", type=int, default=1_000_000)
    parser.add_argument("--consultas", type=int, default=30)
    parser.add_argument("--banco-existente", help="database already filled by painel_gerar.py (not dropped)")
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        etapa, valor = args.filho
        funcao = {"preparar": filho_preparar, "consultar": filho_consultar}[etapa]
        print(json.dumps(funcao(valor), ensure_ascii=False))
        return

    carga_antes = os.getloadavg()
    if args.banco_existente:
        ambiente = dict({k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
                        DATABASE_URL=args.banco_existente, DJANGO_ENV="development", DEBUG="false",
                        PYTHONPATH=f"{RAIZ}{os.pathsep}{RAIZ / 'bench'}", CACHE_URL="locmemcache://")
        preparo = {"tramites": "?", "historico": "?", "segundos": 0, "por_status": "(banco existente)"}
        consultas = rodar(__file__, ambiente, "consultar", str(args.consultas))
    else:
        url = os.environ.get("DATABASE_URL") or PG_PADRAO
        with banco_descartavel(url, "bench-painel-") as (_pasta, ambiente):
            ambiente["PYTHONPATH"] = f"{RAIZ}{os.pathsep}{RAIZ / 'bench'}"
            preparo = rodar(__file__, ambiente, "preparar", str(args.tramites))
            consultas = rodar(__file__, ambiente, "consultar", str(args.consultas))

    print(f"painel — PostgreSQL, {preparo['tramites']} trâmites, {preparo['historico']} linhas de histórico "
          f"(gerados em {preparo['segundos']} s), {args.consultas} requisições por linha, {os.cpu_count()} CPUs")
    print(f"por situação: {preparo['por_status']}")
    carga = ", ".join(f"{a:.1f}→{d:.1f}" for a, d in zip(carga_antes, os.getloadavg(), strict=True))
    print(f"carga da máquina (load average 1/5/15 min, antes→depois das medições): {carga}")
    for perfil, medidas in consultas.items():
        piso = medidas.pop("piso")
        print(f"\n{perfil}: piso (/meus-dados/) p50 {piso['p50']} ms, p95 {piso['p95']} ms, "
              f"{piso['consultas']} consultas SQL")
        for rotulo, m in medidas.items():
            print(f"   /painel/ {rotulo:28s} p50 {m['p50']:6.1f} ms  p95 {m['p95']:6.1f} ms  "
                  f"({m['p95'] / piso['p95']:.1f}× o piso)  {m['consultas']:2d} consultas SQL")
    print("\nmeta: p95 ≤ 150 ms por página, número constante de consultas")


if __name__ == "__main__":
    sys.exit(main())
