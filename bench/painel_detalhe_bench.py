"""Detalhes do IDT and the NRE page of the Painel at scale (issue #12: detail p95 ≤ 50 ms at 1M trâmites).

In a throwaway PostgreSQL database (``detalhe_painel_bench``), ``bench/painel_gerar.py`` writes N trâmites
(default 1 000 000) and their ~5 N history rows with ``COPY``; then, in a fresh process, a gestor of the
busiest órgão (the most trâmites in scope) and an Administrador Tramita open, through Django's test client
(server time: the whole request handling, middleware and template included, in-process):

* the floor: ``/meus-dados/`` signed in (session, profiles, base template), same run, same client;
* ``/painel/tramites/<idt>/`` for R random IDTs of that órgão, every status (diagnosis included for the
  open ones), as the gestor and as the Administrador;
* ``/painel/nre/<nre>/`` for the NREs of those IDTs.

It prints p50/p95/max beside the floor and the number of SQL queries of one request of each kind.

    .venv/bin/python bench/painel_detalhe_bench.py                    # 1 000 000 trâmites (a few minutes)
    .venv/bin/python bench/painel_detalhe_bench.py --tramites 100000 --requisicoes 200
    .venv/bin/python bench/painel_detalhe_bench.py --reusar postgres://postgres@127.0.0.1:5432/detalhe_dados
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _comum import RAIZ, banco_descartavel, rodar  # noqa: E402
from _comum import django as _django  # noqa: E402

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/detalhe_painel_bench"


def filho_preencher(tramites: str) -> dict:
    _django()
    from painel_gerar import preencher

    resumo = preencher(int(tramites))
    return {k: resumo[k] for k in ("tramites", "historico", "registros", "por_status", "segundos",
                                   "comites_por_tamanho")}


def _pessoas(comite_id: int):
    """A gestor of the órgão (with three colleagues, listed by the diagnosis) and an Administrador; reused
    when the database already has them (``--reusar``)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from comites.models import Gestor
    from portal.models import PerfilAtribuido, Pessoa
    from tests.factories.portal import PessoaFactory

    gestor = Pessoa.objects.filter(email="gestora@bench.gov.br").first()
    if gestor is None:
        gestor = PessoaFactory(nome="Gestora do bench", email="gestora@bench.gov.br")
        for i in range(3):  # the factory draws valid CPFs: other benchmarks' people may share the database
            Gestor.objects.create(comite_id=comite_id, pessoa=PessoaFactory(
                nome=f"Outro gestor {i}", email=f"gestor{i}@bench.gov.br"))
    Gestor.objects.get_or_create(comite_id=comite_id, pessoa=gestor)
    admin = Pessoa.objects.filter(email="admin@bench.gov.br").first()
    if admin is None:
        admin = PessoaFactory(nome="Administradora do bench", email="admin@bench.gov.br")
        PerfilAtribuido.objects.create(pessoa=admin, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)
        TOTP.activate(admin, generate_totp_secret())
    return gestor, admin


def _medir(cliente, urls) -> dict:
    for url in urls[:3]:
        cliente.get(url)  # warm-up
    tempos = []
    for url in urls:
        inicio = time.perf_counter()
        resposta = cliente.get(url)
        tempos.append((time.perf_counter() - inicio) * 1000)
        if resposta.status_code != 200:
            raise SystemExit(f"{url}: HTTP {resposta.status_code}")
    tempos.sort()
    p95 = tempos[min(len(tempos) - 1, int(len(tempos) * 0.95))]
    return {"p50": round(tempos[len(tempos) // 2], 1), "p95": round(p95, 1), "max": round(tempos[-1], 1),
            "n": len(tempos)}


def _consultas(cliente, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as capturadas:
        cliente.get(url)
    return len(capturadas)


def filho_medir(argumentos: str) -> dict:
    _django()
    from django.test import Client
    from django.urls import reverse

    from tests.conftest import entrar
    from tramites.models import Tramite

    comite_id, requisicoes = (int(v) for v in argumentos.split(","))
    if comite_id == 0:  # a reused database: the órgão that sends the most
        from django.db.models import Count

        comite_id = (Tramite.objects.values("comite_remetente_id").annotate(n=Count("idt")).order_by("-n")
                     .values_list("comite_remetente_id", flat=True).first())
    gestor, admin = _pessoas(comite_id)
    rnd = random.Random(7)
    idts = list(Tramite.objects.filter(comite_remetente_id=comite_id).order_by("-idt")
                .values_list("idt", "nre")[:50_000])
    idts += list(Tramite.objects.filter(comite_destinatario_id=comite_id).order_by("-idt")
                 .values_list("idt", "nre")[:50_000])
    amostra = rnd.sample(idts, min(requisicoes, len(idts)))
    detalhes = [reverse("tramites:tramite", args=[idt]) for idt, _ in amostra]
    nres = [reverse("tramites:nre", args=[nre]) for _, nre in amostra]
    piso_url = reverse("portal:meus_dados")
    resultado = {"amostra": len(amostra)}
    for rotulo, pessoa in (("gestor", gestor), ("administrador", admin)):
        cliente = entrar(Client(), pessoa)
        resultado[rotulo] = {
            "piso": _medir(cliente, [piso_url] * len(amostra)),
            "detalhe": _medir(cliente, detalhes),
            "nre": _medir(cliente, nres),
            "consultas": {"piso": _consultas(cliente, piso_url), "detalhe": _consultas(cliente, detalhes[0]),
                          "nre": _consultas(cliente, nres[0])},
        }
    return resultado


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tramites", type=int, default=1_000_000)
    parser.add_argument("--requisicoes", type=int, default=300)
    parser.add_argument("--reusar", metavar="URL", help="mede numa base já gerada por bench/painel_gerar.py "
                        "(não a apaga; as pessoas do bench ficam nela)")
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        etapa, valor = args.filho
        funcao = {"preencher": filho_preencher, "medir": filho_medir}[etapa]
        print(json.dumps(funcao(valor), ensure_ascii=False))
        return

    url = args.reusar or os.environ.get("DATABASE_URL") or PG_PADRAO
    if not url.startswith("postgres"):
        raise SystemExit("painel_detalhe_bench.py precisa de PostgreSQL: DATABASE_URL=postgres://…")
    script = str(Path(__file__).resolve())
    if args.reusar:
        with tempfile.TemporaryDirectory(prefix="bench-detalhe-") as pasta:
            ambiente = dict({k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, DATABASE_URL=url,
                            DJANGO_ENV="development", DEBUG="false", PORTAL_VAR_DIR=pasta, CACHE_URL="locmemcache://",
                            PYTHONPATH=os.pathsep.join([str(RAIZ), str(Path(script).parent)]))
            medidas = rodar(script, ambiente, "medir", f"0,{args.requisicoes}")
        resumo = {"tramites": "?", "historico": "?", "segundos": "—"}
    else:
        with banco_descartavel(url, "bench-detalhe-") as (_pasta, ambiente):
            ambiente = dict(ambiente, PYTHONPATH=os.pathsep.join([ambiente["PYTHONPATH"], str(Path(script).parent)]))
            resumo = rodar(script, ambiente, "preencher", str(args.tramites))
            maior = resumo["comites_por_tamanho"][0]
            medidas = rodar(script, ambiente, "medir", f"{maior},{args.requisicoes}")

    print(f"painel — detalhe do IDT e página do NRE — PostgreSQL, {resumo['tramites']} trâmites, "
          f"{resumo['historico']} linhas de histórico (gerados em {resumo['segundos']} s), {os.cpu_count()} CPUs; "
          f"{medidas['amostra']} IDTs do órgão com mais trâmites")
    for rotulo in ("gestor", "administrador"):
        m = medidas[rotulo]
        piso = m["piso"]
        print(f"  {rotulo}: piso (/meus-dados/) p50 {piso['p50']} ms, p95 {piso['p95']} ms "
              f"({m['consultas']['piso']} consultas SQL)")
        for chave, nome, meta in (("detalhe", "/painel/tramites/<idt>/", "meta p95 ≤ 50 ms"),
                                  ("nre", "/painel/nre/<nre>/", "sem meta própria")):
            x = m[chave]
            print(f"    {nome:26s} p50 {x['p50']:6.1f} ms  p95 {x['p95']:6.1f} ms  max {x['max']:6.1f} ms  "
                  f"{m['consultas'][chave]} consultas  ({x['p95'] / piso['p95']:.1f}× o piso; {meta})")


if __name__ == "__main__":
    main()
