"""Every URL pattern of the project, and a concrete URL for each one built from the fixture world."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Rota:
    chave: str  # the URL name ("comites:comite_detalhe"), or the route itself for an unnamed pattern
    nome: str | None
    rota: str  # the full route, prefixes included
    parametros: tuple[str, ...]  # the names of its captured arguments


def _parametros(*padroes) -> tuple[str, ...]:
    nomes: list[str] = []
    for padrao in padroes:
        nomes.extend(padrao.pattern.regex.groupindex)
    return tuple(nomes)


def _percorrer(padroes, prefixo="", ns=None, pais=()):
    for padrao in padroes:
        if isinstance(padrao, URLResolver):
            espaco = ns
            if padrao.namespace:
                espaco = f"{ns}:{padrao.namespace}" if ns else padrao.namespace
            yield from _percorrer(padrao.url_patterns, prefixo + str(padrao.pattern), espaco, (*pais, padrao))
        elif isinstance(padrao, URLPattern):
            nome = padrao.name and (f"{ns}:{padrao.name}" if ns else padrao.name)
            rota = prefixo + str(padrao.pattern)
            yield Rota(chave=nome or rota, nome=nome, rota=rota, parametros=_parametros(*pais, padrao))


def todas_as_rotas() -> list[Rota]:
    """Every pattern of the root URLconf (portal, allauth, Django admin, API), walked recursively."""
    rotas = list(_percorrer(get_resolver().url_patterns))
    chaves = [r.chave for r in rotas]
    repetidas = {c for c in chaves if chaves.count(c) > 1}
    assert not repetidas, f"URL names used by more than one pattern: {sorted(repetidas)}"
    return rotas


# Unnamed patterns: a concrete URL for each (they take no part in reverse()).
SEM_NOME = {
    "django-admin/(?P<url>.*)$": "/django-admin/nao-existe/",
    r"^interoperabilidade/rest/v3/(?P<caminho>(?s:.*))$": "/interoperabilidade/rest/v3/nao-existe",
}


def _objetos(mundo, lado) -> dict:
    """The value of each captured argument, by URL name (prefix) and argument name."""
    return {
        "comites:solicitacao": {"pk": lado.solicitacao.pk, "documento": "comprobatorio"},
        "comites:acompanhar_solicitacao": {"token": lado.solicitacao.token},
        "comites:": {"pk": lado.comite.pk, "gid": lado.gestor.pk},
        # POST-only routes: a GET answers 405 before the certificate id is looked up.
        "certificados:": {"sid": lado.sistema.pk, "cid": 999999},
        "comites:comite_sistema": {"pk": lado.comite.pk, "sid": lado.sistema.pk},
        "comites:spe_": {"sid": lado.sistema.pk},
        "comites:mapeamento": {"pk": lado.comite.pk, "sid": lado.sistema.pk},
        "comites:centralizadora_": {"pk": lado.comite.pk, "uid": lado.unidade.pk},
        "comites:deriva_": {"pk": lado.comite.pk, "did": lado.pendencia.pk},
        "estrutura:hierarquia": {"unidade_id": lado.orgao.pk},
        "estrutura:importacao_detalhe": {"pk": lado.importacao.pk},
        "estrutura:repositorio": {"pk": lado.orgao.repositorio_id},
        "estrutura:": {"orgao_id": lado.orgao.pk, "unidade_id": lado.unidade.pk},
        "hipoteses:sugestao": {"pk": lado.sugestao.pk},
        "tramites:": {"idt": lado.tramite.pk, "nre": lado.tramite.nre},
        **{f"hipoteses:{catalogo}_": {"pk": pk} for catalogo, pk in mundo.globais.items()},
        "portal:auditoria": {"pk": lado.auditoria.pk},
        "portal:exportacao": {"pk": lado.exportacao.pk},
        "portal:parametro": {"pk": mundo.globais["parametro"]},
        "portal:perfis_situacao": {"pk": lado.pessoa.pk, "operacao": "inativar"},
        "portal:perfis": {"pk": lado.pessoa.pk},
        "api-": {"id_repositorio": lado.orgao.repositorio_id, "id_estrutura": lado.orgao.pk},
        "api-tramite": {"idt": lado.tramite.pk, "intervalo": "0-1"},
        "api-envio-": {"IDT": lado.tramite.pk, "ticket": lado.tramite.ticket or "0" * 32, "intervalo": "0-10",
                       "NRE": lado.tramite.nre, "id_repositorio": lado.orgao.repositorio_id,
                       "id_estrutura": lado.orgao.pk},
        "admin:": {"app_label": "comites", "object_id": lado.comite.pk, "content_type_id": 1},
        "account_confirm_email": {"key": "chave-que-nao-existe"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "chave-que-nao-existe"},
    }


def _objeto_do_admin(rotulo: str, lado) -> int:
    """The pk of an object of the admin's model ``<app_label>_<model_name>``: the side's own when it has one."""
    from django.contrib import admin

    modelos = {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}
    modelo = modelos[rotulo]
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    if modelo in (EmailAddress, Authenticator):  # the side's gestor's, else anyone's (staff enrol TOTP)
        doadores = modelo._default_manager.order_by("pk")
        proprio = doadores.filter(user=lado.gestor.pessoa).values_list("pk", flat=True).first()
        return proprio or doadores.values_list("pk", flat=True).first() or 999999
    for objeto in (lado.comite, lado.orgao, lado.solicitacao, lado.importacao, lado.sugestao, lado.auditoria,
                   lado.sistema, lado.gestor.pessoa, lado.tramite):
        if isinstance(objeto, modelo):
            return objeto.pk
    return modelo._default_manager.order_by("pk").values_list("pk", flat=True).first() or 999999


def url_concreta(rota: Rota, mundo, lado) -> str:
    if rota.nome is None:
        if rota.chave in SEM_NOME:
            return SEM_NOME[rota.chave]
        if rota.rota.startswith("django-admin/") and rota.parametros == ("object_id",):
            modelo = rota.rota.removeprefix("django-admin/").split("/")[:2]
            return "/" + rota.rota.replace("<path:object_id>", str(_objeto_do_admin("_".join(modelo), lado)))
        raise KeyError(f"no concrete URL for the unnamed pattern {rota.rota!r}: add it to SEM_NOME")
    valores: dict = {}
    if rota.nome.startswith("admin:") and "object_id" in rota.parametros and "content_type_id" not in rota.parametros:
        modelo = rota.nome.removeprefix("admin:").rsplit("_", 1)[0]
        valores = {**_objetos(mundo, lado)["admin:"], "object_id": _objeto_do_admin(modelo, lado)}
    for prefixo, dados in [] if valores else sorted(_objetos(mundo, lado).items(), key=lambda item: -len(item[0])):
        if rota.nome.startswith(prefixo):
            valores = dados
            break
    faltando = [p for p in rota.parametros if p not in valores]
    if faltando:
        raise KeyError(f"no value for {faltando} of {rota.chave!r}: add it to rotas._objetos")
    url = reverse(rota.nome, kwargs={p: valores[p] for p in rota.parametros})
    consulta = CONSULTAS.get(rota.chave)
    return f"{url}?{consulta(lado)}" if consulta else url


# Query strings some views need to reach their scope check.
CONSULTAS = {
    "estrutura:hierarquia_acao": lambda lado: f"acao=visualizar&unidade={lado.unidade.pk}",
}


def dados_de_formulario(mundo, lado) -> dict:
    """Plausible form data for the portal's state-changing forms, naming the side's objects."""
    from validate_docbr import CPF

    novo_email = f"novo.gestor.{lado.sigla.lower()}@orgao.gov.br"
    return {
        # Adicionar gestor (a new person)
        "cpf": CPF().generate(), "nome": f"Pessoa nova do {lado.sigla}", "email": novo_email,
        "email_confirmacao": novo_email, "email_unidade": f"protocolo.{lado.sigla.lower()}@orgao.gov.br",
        "email_unidade_confirmacao": f"protocolo.{lado.sigla.lower()}@orgao.gov.br",
        "telefone": "(61) 3333-1111", "celular": "(61) 98888-1111",
        "etapa": "cadastrar",
        # Units: edit, add a child, move, reactivate
        "sigla": f"NOVA-{lado.sigla}", "descricao": "Alterada pelo teste da matriz.", "codigo_no_orgao": "77",
        "novo_pai": lado.outra_unidade.pk, "unidade": lado.unidade.pk, "incluir_subunidades": "on",
        # Notes, decisions, implantação, suggestions
        "texto": "Nota do teste da matriz.", "justificativa": "Justificativa do teste da matriz.",
        "decisao": "aprovar", "motivo": "outros", "base_legal": "Art. 1º da Lei nº 1/2000",
        "confirmar": "on",
    }
