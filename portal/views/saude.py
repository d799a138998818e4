"""``/saude/``: JSON health of the database, the cache, the broker and the beat scheduler."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from portal.services import batimento

BEAT_MAX_ATRASO_SEGUNDOS = 300


def _verificar(nome, funcao):
    inicio = time.monotonic()
    try:
        detalhe = funcao()
        estado = {"ok": True}
        if detalhe:
            estado.update(detalhe)
    except Exception as erro:  # every check is independent: one failure must not hide the others
        estado = {"ok": False, "erro": f"{type(erro).__name__}: {erro}"[:300]}
    estado["ms"] = round((time.monotonic() - inicio) * 1000, 1)
    return nome, estado


def _banco():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"motor": connection.vendor}


def _cache():
    chave = "saude:cache"
    valor = str(time.time())
    cache.set(chave, valor, 30)
    if cache.get(chave) != valor:
        raise RuntimeError("o valor gravado no cache não foi lido de volta")


def _broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"modo": "tarefas executadas no próprio processo"}
    from kombu import Connection

    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=3,
    ) as conexao:
        conexao.ensure_connection(max_retries=1, timeout=3)
        return {"transporte": conexao.transport_cls}


def _beat():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"modo": "agendador não usado (tarefas no próprio processo)"}
    ultimo = batimento.ultimo()
    if ultimo is None:
        raise RuntimeError("o agendador (celery beat) ainda não registrou nenhum batimento")
    atraso = (timezone.now() - ultimo).total_seconds()
    if atraso > BEAT_MAX_ATRASO_SEGUNDOS:
        raise RuntimeError(f"último batimento há {int(atraso)} s")
    return {"ultimo_batimento": ultimo.isoformat(), "atraso_s": int(atraso)}


ROTULOS = {"banco": "Banco de dados", "cache": "Cache", "broker": "Fila de tarefas", "beat": "Agendador de tarefas"}


def _verificacoes():
    verificacoes = dict(
        _verificar(nome, funcao)
        for nome, funcao in (("banco", _banco), ("cache", _cache), ("broker", _broker), ("beat", _beat))
    )
    return verificacoes, all(v["ok"] for v in verificacoes.values())


def saude(request):
    """For machines (load balancers, monitoring): always JSON."""
    verificacoes, ok = _verificacoes()
    return JsonResponse(
        {"status": "ok" if ok else "falha", "verificacoes": verificacoes, "momento": timezone.now().isoformat()},
        status=200 if ok else 503,
        json_dumps_params={"ensure_ascii": False},
    )


def situacao_servico(request):
    """The same checks as ``/saude/`` as a page for people (the footer's "Situação do serviço")."""
    verificacoes, ok = _verificacoes()
    linhas = [{"rotulo": ROTULOS[nome], **estado} for nome, estado in verificacoes.items()]
    return render(
        request,
        "portal/situacao_servico.html",
        {"titulo": "Situação do serviço", "ok": ok, "verificacoes": linhas, "momento": timezone.now(),
         "breadcrumbs": [("Situação do serviço", None)]},
        status=200 if ok else 503,
    )
