"""Painel data at scale: N trâmites (default 1 000 000) and their status history (≈ 5 per trâmite) in PostgreSQL.

Builds, in the database ``DATABASE_URL`` names (or ``--banco``), a structure shaped like the real bus and a
two-year history of trâmites between its órgãos, written with ``COPY``:

* two repositórios (a SIORG-like "Poder Executivo Federal" with 180 órgãos, a state one with 20), each
  órgão with its comitê (homologação), one SPE linked to it and ``--unidades`` units (default 500, so
  100 000 units), 40 of them mapped to send and receive through the SPE;
* trâmites between those units over the last 730 days (more recent days busier: the bus grows), órgãos
  picked with a Zipf-like weight (a few big órgãos send and receive most processes); a third of the
  trâmites continue an earlier process (same NRE and protocolo, sent on by the previous destinatário);
* statuses as in production: mostly 6 (concluded), refusals (9, a few still in 8), cancellations (7, 10),
  and trâmites still on their way (1–5), most of them recent, some stuck for weeks;
* one history row per transition (creation included), the walk the state machine allows to the status;
* the Painel's per-status counters (``tramites.services.contadores.recontar``), as the migration fills them.

Secondary indexes and foreign-key triggers are off during the ``COPY`` and rebuilt afterwards, then
``VACUUM ANALYZE``. On this 2-core machine 1 000 000 trâmites take a few minutes.

    .venv/bin/python bench/painel_gerar.py --banco postgres://postgres@127.0.0.1:5432/painel_dados
    .venv/bin/python bench/painel_gerar.py --banco … --tramites 100000

The database is dropped and created again, migrated, then filled; it is left in place for other scripts
(``bench/painel_lista_bench.py`` uses ``preencher`` in a throwaway one). ``preencher`` can also be called
from a process with Django set up against an empty, migrated PostgreSQL database; it returns a summary
(the comitês by size, a gestor-sized órgão, counts) other benchmarks use to build their requests.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _comum import RAIZ, pg  # noqa: E402
from _comum import django as _django  # noqa: E402

DIAS = 730
UNIDADES_MAPEADAS = 40  # per órgão: the units that send and receive through its SPE
LOTE = 50_000  # rows per COPY buffer


# --------------------------------------------------------------------------------------------------
# Structure: repositórios, órgãos (root unit + comitê + SPE), units (COPY)

def _estrutura(orgaos: int, unidades: int) -> list[dict]:
    from django.db import connection

    from comites.models import VinculoSistemaComite
    from estrutura.models import LARGURA_ID, RepositorioDeEstruturas, Unidade
    from tests.factories.comites import ComiteFactory, SistemaFactory
    from tests.factories.estrutura import OrgaoFactory

    federal = RepositorioDeEstruturas.objects.filter(is_siorg=True).first() or RepositorioDeEstruturas.objects.create(
        nome="Poder Executivo Federal", is_siorg=True)
    estadual = RepositorioDeEstruturas.objects.create(nome="Estado – Bench")
    no_estado = max(1, orgaos // 10)
    saida = []
    for i in range(orgaos):
        repositorio = estadual if i >= orgaos - no_estado else federal
        sigla = f"ORG{i:03d}"
        raiz = OrgaoFactory(repositorio=repositorio, nome=f"Órgão de Bench {i:03d}", sigla=sigla)
        comite = ComiteFactory(unidade=raiz)
        sistema = SistemaFactory(orgao_responsavel=comite, nome=f"{sigla} - SEI")
        VinculoSistemaComite.objects.create(sistema=sistema, comite=comite)
        saida.append({"indice": i, "sigla": sigla, "raiz": raiz.pk, "caminho": raiz.caminho,
                      "repositorio": repositorio.pk, "comite": comite.pk, "sistema": sistema.pk})

    # The units under each órgão, ids reserved from the sequence so the materialized paths are known.
    total = orgaos * (unidades - 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('estrutura_unidade', 'id'))")
        primeiro = cursor.fetchone()[0] + 1
        cursor.execute("SELECT setval(pg_get_serial_sequence('estrutura_unidade', 'id'), %s)", [primeiro + total])
        colunas = ("id", "repositorio_id", "parent_id", "caminho", "profundidade", "nome", "sigla", "codigo_no_orgao",
                   "descricao", "ativo", "origem", "siorg_codigo", "siorg_versao", "eh_orgao", "siorg_tipo",
                   "siorg_poder", "siorg_esfera", "siorg_natureza", "nome_busca", "sigla_busca", "sistema_id",
                   "permite_envio", "permite_recebimento", "eh_centralizadora", "unidade_receptora_id",
                   "criado_em", "alterado_em")
        proximo = primeiro
        buffer = io.StringIO()
        for orgao in saida:
            mapeadas = []
            for j in range(1, unidades):
                uid = proximo
                proximo += 1
                mapeada = j <= UNIDADES_MAPEADAS
                nome = f"{'Protocolo' if mapeada else 'Coordenação'} {j:03d} do {orgao['sigla']}"
                sigla = f"U{j:03d}-{orgao['sigla']}"
                caminho = orgao["caminho"] + f"{uid:0{LARGURA_ID}d}."
                buffer.write("\t".join((
                    str(uid), str(orgao["repositorio"]), str(orgao["raiz"]), caminho, "1", nome, sigla, "", "", "t",
                    Unidade.Origem.MANUAL, "", "", "f", "", "", "", "", nome.lower(), sigla.lower(),
                    str(orgao["sistema"]) if mapeada else r"\N", "t" if mapeada else "f", "t" if mapeada else "f",
                    "f", r"\N", "2024-01-01 00:00:00+00", "2024-01-01 00:00:00+00")) + "\n")
                if mapeada:
                    mapeadas.append(uid)
            orgao["unidades"] = mapeadas
        with cursor.copy(f"COPY estrutura_unidade ({', '.join(colunas)}) FROM STDIN") as copia:
            copia.write(buffer.getvalue())
    return saida


# --------------------------------------------------------------------------------------------------
# Trâmites and history

def _caminho(status: int, rnd: random.Random) -> list[tuple[int, str, str]]:
    """The (status, evento, ator) steps after creation that lead to ``status`` (a walk the machine allows)."""
    from tramites import state_machine as sm

    E, A, S = sm.Evento, sm.Ator, sm.Status
    ida = [(S.COMPONENTES_ENVIADOS_REMETENTE, E.COMPONENTES_ARMAZENADOS, A.BARRAMENTO),
           (S.METADADOS_RECEBIDO_DESTINATARIO, E.METADADOS_OBTIDOS, A.DESTINATARIO),
           (S.COMPONENTES_RECEBIDOS_DESTINATARIO, E.COMPONENTES_BAIXADOS, A.BARRAMENTO),
           (S.RECIBO_ENVIADO_DESTINATARIO, E.RECIBO_ENVIADO, A.DESTINATARIO),
           (S.RECIBO_RECEBIDO_REMETENTE, E.RECIBO_OBTIDO, A.REMETENTE)]
    status = S(status)
    if status is S.INICIADO or status in (p for p, _, _ in ida):
        passos = ida[:next((i + 1 for i, (p, _, _) in enumerate(ida) if p is status), 0)]
    elif status in (S.CANCELADO, S.CANCELADO_AUTOMATICAMENTE):
        de = rnd.choice((1, 1, 2, 2, 2, 3, 4))  # how many steps of the way before the cancel (1: from INICIADO)
        evento, ator = ((E.CANCELAMENTO, rnd.choice((A.REMETENTE, A.REMETENTE, A.ADMINISTRADOR)))
                        if status is S.CANCELADO else (E.PRAZO_EXPIRADO, A.BARRAMENTO))
        passos = ida[:de - 1] + [(status, evento, ator)]
    else:  # refused from 3 or 4, maybe acknowledged
        passos = ida[:rnd.choice((2, 3))] + [(S.RECUSADO, E.RECUSA, A.DESTINATARIO)]
        if status is S.CIENCIA_RECUSA:
            passos.append((S.CIENCIA_RECUSA, E.CIENCIA_DA_RECUSA, A.REMETENTE))
    return [(int(p), str(e), str(a)) for p, e, a in passos]


# Status by age of the trâmite (production-like: almost everything concludes; open ones are recent or stuck).
def _pesos(**por_nome):
    """(status name, weight) pairs, the statuses named as ``tramites.state_machine.Status`` names them (the
    module is imported once Django is set up)."""
    return tuple(por_nome.items())


_RECENTE = _pesos(RECIBO_RECEBIDO_REMETENTE=45, INICIADO=6, COMPONENTES_ENVIADOS_REMETENTE=10,
                  METADADOS_RECEBIDO_DESTINATARIO=6, COMPONENTES_RECEBIDOS_DESTINATARIO=8,
                  RECIBO_ENVIADO_DESTINATARIO=7, RECUSADO=2, CIENCIA_RECUSA=8, CANCELADO=5,
                  CANCELADO_AUTOMATICAMENTE=3)
_MES = _pesos(RECIBO_RECEBIDO_REMETENTE=68, INICIADO=1, COMPONENTES_ENVIADOS_REMETENTE=2,
              METADADOS_RECEBIDO_DESTINATARIO=1, COMPONENTES_RECEBIDOS_DESTINATARIO=2, RECIBO_ENVIADO_DESTINATARIO=2,
              RECUSADO=1, CIENCIA_RECUSA=10, CANCELADO=7, CANCELADO_AUTOMATICAMENTE=6)
_ANTIGO = _pesos(RECIBO_RECEBIDO_REMETENTE=72, RECIBO_ENVIADO_DESTINATARIO=0.5, RECUSADO=0.3,
                 COMPONENTES_RECEBIDOS_DESTINATARIO=0.2, CIENCIA_RECUSA=10, CANCELADO=8,
                 CANCELADO_AUTOMATICAMENTE=9)


def _sortear(tabela, rnd):
    total = sum(p for _, p in tabela)
    alvo = rnd.random() * total
    for valor, peso in tabela:
        alvo -= peso
        if alvo <= 0:
            return valor
    return tabela[-1][0]


def _protocolo(rnd: random.Random, ano: int, sequencial: int) -> str:
    from tramites.nup import formatar

    return formatar(f"{rnd.randrange(10000, 99999):05d}{sequencial % 1_000_000:06d}{ano:04d}")


def _escrever(cursor, tabela: str, colunas: tuple[str, ...], buffer: io.StringIO) -> None:
    if buffer.tell():
        with cursor.copy(f"COPY {tabela} ({', '.join(colunas)}) FROM STDIN") as copia:
            copia.write(buffer.getvalue())
    buffer.seek(0)
    buffer.truncate()


def _indices(cursor, tabelas) -> list[str]:
    """Drops the secondary indexes (not the primary keys, not constraints) of ``tabelas``; returns their DDL."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
        "AND i.indexname NOT IN (SELECT conname FROM pg_constraint)", [list(tabelas)])
    ddl = []
    for nome, definicao in cursor.fetchall():
        cursor.execute(f'DROP INDEX "{nome}"')
        ddl.append(definicao)
    return ddl


def preencher(tramites: int = 1_000_000, orgaos: int = 200, unidades: int = 500, semente: int = 12) -> dict:
    """Fills the (migrated, empty) PostgreSQL database Django is set up against. Returns a summary."""
    from django.db import connection
    from django.utils import timezone

    from tramites import state_machine as sm
    from tramites.models import Tipo

    rnd = random.Random(semente)
    inicio = time.perf_counter()
    estrutura = _estrutura(orgaos, unidades)
    pesos = [1 / (i + 1) ** 0.9 for i in range(orgaos)]
    agora = timezone.now().replace(microsecond=0)
    ambiente = "homologacao"

    col_reg = ("id", "nre", "protocolo", "tipo", "ambiente", "criado_em")
    col_tra = ("idt", "registro_id", "nre", "protocolo", "tipo", "ambiente", "unidade_remetente_id",
               "unidade_destinatario_id", "comite_remetente_id", "comite_destinatario_id", "sistema_remetente_id",
               "sistema_destinatario_id", "status", "criado_em", "atualizado_em", "status_desde", "ticket",
               "reproducao", "urgente", "recusa_motivo", "recusa_justificativa", "metadados", "descricao",
               "nivel_de_sigilo")
    col_his = ("tramite_id", "de", "para", "momento", "evento", "ator", "sistema_id", "ator_descricao", "motivo")
    b_reg, b_tra, b_his = io.StringIO(), io.StringIO(), io.StringIO()
    # Moments: more recent days are busier (sqrt spread), sorted so IDTs grow with time as in production.
    momentos = sorted(DIAS * 86400 * (1 - rnd.random() ** 0.75) for _ in range(tramites))
    momentos.reverse()  # seconds ago, oldest first
    continuaveis: list[tuple] = []  # (registro, nre, protocolo, órgão destinatário) of concluded trâmites
    registros = 0
    historico = 0
    por_status: dict[int, int] = {}
    with connection.cursor() as cursor:
        ddl = _indices(cursor, ["tramites_tramite", "tramites_historicodestatus", "tramites_registroeletronico"])
        cursor.execute("SET session_replication_role = replica")  # no FK triggers while copying
        for idt, segundos in enumerate(momentos, 1):
            criado = agora - timedelta(seconds=int(segundos))
            idade = segundos / 86400
            status = int(sm.Status[_sortear(_RECENTE if idade < 3 else _MES if idade < 30 else _ANTIGO, rnd)])
            if continuaveis and rnd.random() < 0.3:
                registro, nre, protocolo, de = continuaveis.pop(rnd.randrange(len(continuaveis)))
                para = rnd.choices(range(orgaos), weights=pesos)[0]
            else:
                registros += 1
                registro = registros
                nre = f"{registro:012d}{criado.year}"
                protocolo = _protocolo(rnd, criado.year, registro)
                b_reg.write(f"{registro}\t{nre}\t{protocolo}\t{Tipo.PROCESSO}\t{ambiente}\t{criado.isoformat()}\n")
                de, para = rnd.choices(range(orgaos), weights=pesos, k=2)
            if para == de:
                para = (de + 1 + rnd.randrange(orgaos - 1)) % orgaos
            o_de, o_para = estrutura[de], estrutura[para]
            passos = _caminho(status, rnd)
            # Open trâmites: stuck ones wait long in their status; closed ones took minutes to hours.
            momento = criado
            linhas_h = [(None, 1, momento, str(sm.Evento.ENVIO), str(sm.Ator.REMETENTE))]
            for para_s, evento, ator in passos:
                momento = momento + timedelta(seconds=rnd.randrange(20, 4 * 3600))
                linhas_h.append((linhas_h[-1][1], para_s, min(momento, agora), evento, ator))
            desde = linhas_h[-1][2]
            recusado = sm.Status(status) in (sm.Status.RECUSADO, sm.Status.CIENCIA_RECUSA)
            recusa = ("04", "Espécie documental não mapeada no destinatário.") if recusado else ("", "")
            sigilo = 2 if rnd.random() < 0.08 else 1
            b_tra.write("\t".join((
                str(idt), str(registro), nre, protocolo, Tipo.PROCESSO, ambiente,
                str(rnd.choice(o_de["unidades"])), str(rnd.choice(o_para["unidades"])), str(o_de["comite"]),
                str(o_para["comite"]), str(o_de["sistema"]), str(o_para["sistema"]), str(status), criado.isoformat(),
                desde.isoformat(), desde.isoformat(), "", "f", "f", recusa[0], recusa[1], "{}",
                f"Processo administrativo {protocolo}", str(sigilo))) + "\n")
            for de_s, para_s, quando, evento, ator in linhas_h:
                sistema = o_de["sistema"] if ator == "remetente" else o_para["sistema"] if ator == "destinatario" \
                    else None
                b_his.write(f"{idt}\t{de_s if de_s is not None else chr(92) + 'N'}\t{para_s}\t{quando.isoformat()}\t"
                            f"{evento}\t{ator}\t{sistema if sistema else chr(92) + 'N'}\t\t\n")
            historico += len(linhas_h)
            por_status[status] = por_status.get(status, 0) + 1
            if sm.eh_terminal(status) and status != 7:
                continuaveis.append((registro, nre, protocolo, para))
                if len(continuaveis) > 5000:
                    continuaveis.pop(0)
            if idt % LOTE == 0:
                _escrever(cursor, "tramites_registroeletronico", col_reg, b_reg)
                _escrever(cursor, "tramites_tramite", col_tra, b_tra)
                _escrever(cursor, "tramites_historicodestatus", col_his, b_his)
        _escrever(cursor, "tramites_registroeletronico", col_reg, b_reg)
        _escrever(cursor, "tramites_tramite", col_tra, b_tra)
        _escrever(cursor, "tramites_historicodestatus", col_his, b_his)
        cursor.execute("SET session_replication_role = DEFAULT")
        copiado = time.perf_counter() - inicio
        for definicao in ddl:
            cursor.execute(definicao)
        for tabela, coluna in (("tramites_tramite", "idt"), ("tramites_registroeletronico", "id"),
                               ("tramites_historicodestatus", "id")):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{tabela}', '{coluna}'), "
                           f"(SELECT coalesce(max({coluna}), 1) FROM {tabela}))")
    # The engine's per-status counters of the Painel, as the migration fills them for existing trâmites.
    from tramites.services import contadores

    contadores.recontar()
    connection.close()
    with connection.cursor() as cursor:  # VACUUM cannot run inside the (closed) transaction block
        connection.connection.autocommit = True
        for tabela in ("estrutura_unidade", "tramites_registroeletronico", "tramites_tramite",
                       "tramites_historicodestatus", "tramites_contadordesituacao"):
            cursor.execute(f"VACUUM ANALYZE {tabela}")
    por_tamanho = [o["comite"] for o in estrutura]  # index 0 is the busiest órgão
    return {
        "tramites": tramites, "historico": historico, "registros": registros, "orgaos": orgaos,
        "unidades": orgaos * unidades, "por_status": dict(sorted(por_status.items())),
        "comites_por_tamanho": por_tamanho, "orgaos_detalhe": [
            {k: o[k] for k in ("sigla", "comite", "sistema", "raiz", "repositorio")} | {"unidade": o["unidades"][0]}
            for o in estrutura],
        "segundos_copia": round(copiado, 1), "segundos": round(time.perf_counter() - inicio, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banco", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/painel_dados"))
    parser.add_argument("--tramites", type=int, default=1_000_000)
    parser.add_argument("--orgaos", type=int, default=200)
    parser.add_argument("--unidades", type=int, default=500, help="unidades por órgão")
    parser.add_argument("--semente", type=int, default=12)
    parser.add_argument("--filho", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.filho:
        _django()
        resumo = preencher(args.tramites, args.orgaos, args.unidades, args.semente)
        print(json.dumps(resumo, ensure_ascii=False))
        return
    if not args.banco.startswith("postgres"):
        raise SystemExit("painel_gerar.py precisa de PostgreSQL (COPY): informe --banco postgres://…")
    ambiente = dict({k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, DATABASE_URL=args.banco,
                    DJANGO_ENV="development", DEBUG="false", PYTHONPATH=str(RAIZ), CACHE_URL="locmemcache://")
    pg(args.banco, "DROP DATABASE IF EXISTS")
    pg(args.banco, "CREATE DATABASE")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=ambiente, cwd=RAIZ, check=True)
    saida = subprocess.run([sys.executable, __file__, "--filho", "--tramites", str(args.tramites), "--orgaos",
                            str(args.orgaos), "--unidades", str(args.unidades), "--semente", str(args.semente)],
                           env=ambiente, cwd=RAIZ, capture_output=True, text=True)
    if saida.returncode:
        sys.stderr.write(saida.stdout + saida.stderr)
        raise SystemExit(1)
    resumo = json.loads(saida.stdout.strip().splitlines()[-1])
    print(f"{args.banco}: {resumo['tramites']} trâmites, {resumo['historico']} linhas de histórico, "
          f"{resumo['registros']} NREs, {resumo['orgaos']} órgãos, {resumo['unidades']} unidades em "
          f"{resumo['segundos']} s (COPY {resumo['segundos_copia']} s); por situação: {resumo['por_status']}")


if __name__ == "__main__":
    main()
