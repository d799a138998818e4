"""Saving the send/receive mapping of 5 000 units in one bulk action, beside a floor measured in the same run.

Creates a throwaway PostgreSQL database (``mapeamento_bench``), an órgão with N units (default 5 000: 50
secretarias × 99 units), a comitê and its system, then times, in one process:

- the floor: one raw ``UPDATE estrutura_unidade … WHERE id = ANY(…)`` of the same rows (then undone);
- ``comites.mapeamento.services.salvar_mapeamento`` mapping every unit (all new: validation, one UPDATE per
  mode, the audit record with every unit's before/after);
- the same call changing every unit's mode (Enviar e Receber → Somente Receber);
- the same call unmapping every unit.

Best of ``--repeticoes`` runs each (target ≤ 2 s on PostgreSQL, issue 9).

    .venv/bin/python bench/mapeamento_bench.py
    .venv/bin/python bench/mapeamento_bench.py --unidades 20000 --banco postgres://postgres@127.0.0.1:5432/mapeamento_x
"""

from __future__ import annotations

import argparse
import json
import os
import time

from _comum import banco_descartavel, rodar
from _comum import django as _django

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/mapeamento_bench"


def _criar_orgao(total: int):
    from comites.models import Comite, Sistema
    from estrutura.models import RepositorioDeEstruturas, Unidade, segmento
    from portal.models import GestorTecnologico, SistemaDeGoverno

    repositorio = RepositorioDeEstruturas.objects.create(nome="Repositório do bench de mapeamento")
    orgao = Unidade(repositorio=repositorio, nome="Órgão do bench", sigla="BENCH", eh_orgao=True)
    orgao.save()
    secretarias = max(1, total // 100)
    niveis = [(orgao, secretarias), (None, total - secretarias)]
    pais = []
    for pai, quantos in niveis:
        donos = [pai] if pai is not None else pais
        novas = Unidade.objects.bulk_create([
            Unidade(repositorio=repositorio, parent=donos[i % len(donos)], nome=f"Unidade {i}", sigla=f"U{i}")
            for i in range(quantos)
        ])
        for u in novas:
            u.caminho = u.parent.caminho + segmento(u.pk)
            u.profundidade = u.caminho.count(".") - 1
        Unidade.objects.bulk_update(novas, ["caminho", "profundidade"], batch_size=2000)
        pais = novas
    gestor_tecnologico = GestorTecnologico.objects.order_by("pk").first() or GestorTecnologico.objects.create(
        nome="Interno (bench)", interno=True)
    sistema_de_governo = SistemaDeGoverno.objects.order_by("pk").first() or SistemaDeGoverno.objects.create(
        codigo=9999, nome="SEI (bench)", sigla="SEIB")
    comite = Comite.objects.create(unidade=orgao, gestor_tecnologico=gestor_tecnologico,
                                   sistema_de_governo=sistema_de_governo)
    sistema = Sistema.objects.create(nome="SEI do bench", sistema_de_governo=sistema_de_governo,
                                     orgao_responsavel=comite)
    return comite, sistema, orgao


def filho(total: int, repeticoes: int) -> dict:
    _django()
    from django.db import connection

    from comites.mapeamento import services
    from estrutura.models import ModoDeTramitacao, Unidade

    comite, sistema, orgao = _criar_orgao(total)
    ids = list(Unidade.objects.subarvore(orgao, incluir_raiz=False).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE estrutura_unidade")

    def piso():
        with connection.cursor() as cursor:
            inicio = time.perf_counter()
            cursor.execute("UPDATE estrutura_unidade SET sistema_id = %s, permite_envio = true, "
                           "permite_recebimento = true WHERE id = ANY(%s)", [sistema.pk, ids])
            segundos = time.perf_counter() - inicio
            cursor.execute("UPDATE estrutura_unidade SET sistema_id = NULL, permite_envio = false, "
                           "permite_recebimento = false WHERE id = ANY(%s)", [ids])
        return segundos

    def salvar(modo):
        escolhas = {pk: modo for pk in ids} if modo else {}
        inicio = time.perf_counter()
        resultado = services.salvar_mapeamento(comite, sistema, set(ids), escolhas)
        segundos = time.perf_counter() - inicio
        assert resultado.total == len(ids), resultado
        return segundos

    medidas = {"piso": [], "incluir": [], "alterar": [], "remover": []}
    for _ in range(repeticoes):
        medidas["piso"].append(piso())
        medidas["incluir"].append(salvar(ModoDeTramitacao.ENVIAR_E_RECEBER.value))
        medidas["alterar"].append(salvar(ModoDeTramitacao.SOMENTE_RECEBER.value))
        medidas["remover"].append(salvar(None))
    return {"unidades": len(ids), **{k: round(min(v), 3) for k, v in medidas.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unidades", type=int, default=5000)
    parser.add_argument("--repeticoes", type=int, default=3)
    parser.add_argument("--banco", default=PG_PADRAO, help="URL de um banco PostgreSQL descartável")
    parser.add_argument("--filho", nargs=2, help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        print(json.dumps(filho(int(args.filho[0]), int(args.filho[1]))))
        return

    url = args.banco if args.banco.startswith("postgres") else PG_PADRAO
    with banco_descartavel(url, "bench-mapeamento-") as (_pasta, ambiente):
        r = rodar(__file__, ambiente, str(args.unidades), str(args.repeticoes))

    print(f"mapeamento — PostgreSQL, {r['unidades']} unidades de um órgão, melhor de {args.repeticoes}, "
          f"{os.cpu_count()} CPUs")
    print(f"piso (um UPDATE das mesmas linhas): {r['piso'] * 1000:.0f} ms")
    for rotulo, chave in (("vincular todas (Enviar e Receber)", "incluir"),
                          ("mudar o modo de todas (Somente Receber)", "alterar"), ("desvincular todas", "remover")):
        print(f"   salvar_mapeamento — {rotulo:40s} {r[chave] * 1000:6.0f} ms  "
              f"({r[chave] / r['piso']:.1f}× o piso; meta ≤ 2000 ms)")


if __name__ == "__main__":
    main()
