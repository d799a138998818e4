"""Recording the drift of a big SIORG restructuring, beside a floor measured in the same run.

Creates a throwaway PostgreSQL database (``deriva_bench``), an órgão with N units (default 20 000), its
comitê with a gestor and its system, maps M of them (default 5 000, through the mapping service), then
inactivates every unit (one raw UPDATE, as a full SIORG sync that dropped the órgão would) and times, in
one process:

- the floor: one raw ``SELECT`` of the inactivated ids that are still mapped (what any detection must read);
- ``comites.deriva.services.registrar`` for the N inactivated ids: finds the M mapped ones, records M
  entries, one audit record and the comitê's one e-mail;
- ``comites.deriva.resolucao.conciliar`` for the N ids after they are reactivated (M entries resolved).

Best of ``--repeticoes`` runs each (the entries are deleted and the units inactivated again between runs).

    .venv/bin/python bench/deriva_bench.py
    .venv/bin/python bench/deriva_bench.py --unidades 50000 --mapeadas 20000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from _comum import RAIZ, rodar
from _comum import django as _django
from _comum import pg as _pg

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/deriva_bench"


def filho(total: int, mapeadas: int, repeticoes: int) -> dict:
    _django()
    from django.core import mail
    from django.db import connection
    from mapeamento_bench import _criar_orgao

    from comites.deriva import resolucao
    from comites.deriva import services as deriva
    from comites.deriva.models import PendenciaDeEstrutura
    from comites.mapeamento import services
    from comites.models import Gestor
    from estrutura.models import ModoDeTramitacao, Unidade
    from portal.models import Pessoa

    comite, sistema, orgao = _criar_orgao(total)
    pessoa = Pessoa.objects.create(nome="Gestora do bench", email="gestora@bench.gov.br", cpf="52998224725")
    Gestor.objects.create(comite=comite, pessoa=pessoa)
    ids = list(Unidade.objects.subarvore(orgao, incluir_raiz=False).order_by("pk").values_list("pk", flat=True))
    alvo = ids[::max(1, len(ids) // mapeadas)][:mapeadas]
    services.salvar_mapeamento(comite, sistema, set(alvo), {pk: ModoDeTramitacao.ENVIAR_E_RECEBER.value
                                                            for pk in alvo})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE estrutura_unidade")

    def ativar(ativo: bool):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE estrutura_unidade SET ativo = %s WHERE id = ANY(%s)", [ativo, ids])

    def piso():
        with connection.cursor() as cursor:
            inicio = time.perf_counter()
            cursor.execute("SELECT id FROM estrutura_unidade WHERE id = ANY(%s) AND NOT ativo AND "
                           "(sistema_id IS NOT NULL OR eh_centralizadora OR unidade_receptora_id IS NOT NULL)",
                           [ids])
            achadas = len(cursor.fetchall())
            segundos = time.perf_counter() - inicio
        assert achadas == len(alvo), achadas
        return segundos

    medidas = {"piso": [], "registrar": [], "conciliar": []}
    for _ in range(repeticoes):
        PendenciaDeEstrutura.objects.all().delete()
        ativar(False)
        medidas["piso"].append(piso())
        mail.outbox = []
        inicio = time.perf_counter()
        novas = deriva.registrar(ids, "siorg")
        medidas["registrar"].append(time.perf_counter() - inicio)
        assert novas == {comite.pk: len(alvo)}, novas
        ativar(True)
        inicio = time.perf_counter()
        resolvidas = resolucao.conciliar(ids)
        medidas["conciliar"].append(time.perf_counter() - inicio)
        assert resolvidas == len(alvo), resolvidas
    return {"unidades": len(ids), "mapeadas": len(alvo), **{k: round(min(v), 3) for k, v in medidas.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unidades", type=int, default=20000)
    parser.add_argument("--mapeadas", type=int, default=5000)
    parser.add_argument("--repeticoes", type=int, default=3)
    parser.add_argument("--banco", default=PG_PADRAO, help="URL de um banco PostgreSQL descartável")
    parser.add_argument("--filho", nargs=3, help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        print(json.dumps(filho(*(int(v) for v in args.filho))))
        return

    url = args.banco if args.banco.startswith("postgres") else PG_PADRAO
    with tempfile.TemporaryDirectory(prefix="bench-deriva-") as pasta:
        ambiente = dict({k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, DATABASE_URL=url,
                        DJANGO_ENV="development", DEBUG="false", PYTHONPATH=str(RAIZ / "bench") + os.pathsep
                        + str(RAIZ), PORTAL_VAR_DIR=pasta, CACHE_URL="locmemcache://",
                        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                        CELERY_TASK_ALWAYS_EAGER="true")
        _pg(url, "DROP DATABASE IF EXISTS")
        _pg(url, "CREATE DATABASE")
        try:
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=ambiente, cwd=RAIZ,
                           check=True)
            r = rodar(__file__, ambiente, str(args.unidades), str(args.mapeadas), str(args.repeticoes))
        finally:
            _pg(url, "DROP DATABASE IF EXISTS")

    print(f"deriva — PostgreSQL, {r['unidades']} unidades inativadas de um órgão, {r['mapeadas']} ainda mapeadas, "
          f"melhor de {args.repeticoes}, {os.cpu_count()} CPUs")
    print(f"piso (um SELECT das inativadas ainda mapeadas): {r['piso'] * 1000:.0f} ms")
    for rotulo, chave in (("registrar (pendências + auditoria + e-mail)", "registrar"),
                          ("conciliar após reativação", "conciliar")):
        print(f"   {rotulo:45s} {r[chave] * 1000:6.0f} ms  ({r[chave] / r['piso']:.1f}× o piso)")


if __name__ == "__main__":
    main()
