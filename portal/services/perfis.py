"""Gerenciar Perfis: people and their elevated profiles — the only writer of ``PerfilAtribuido``.

Rules (spec portal-features §5.5 and §11):

* Only an Administrador registers people and inactivates/reactivates them.
* A Supervisor edits only people within its scope (a profile scoped to one of its repositórios, or a
  gestão in a comitê whose unit lies in one of them); it grants or revokes only Supervisor and
  Administrador Externo, and only with repositórios it supervises. It changes no one's login e-mail nor
  anyone else's contact data (those change only by the person or an Administrador).
* Supervisor and Administrador Externo need at least one repositório; Administrador Externo also a
  gestor tecnológico.
* The last active Administrador can neither lose the profile nor be inactivated.
* The only active gestor with an active account of an active comitê is not inactivated (the comitê would
  be left with no one to manage it).

The Gestor de Protocolo profile is not stored here: it follows from active ``comites.Gestor`` rows,
reached through the ``gestoes`` relation (this module never imports ``comites``).
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet

from portal import permissions
from portal.models import GestorTecnologico, PerfilAtribuido, Pessoa
from portal.permissions import PERFIS_CONCEDIDOS_POR_SUPERVISOR, Acao, Perfil
from portal.services import auditoria, pessoas
from portal.services.auditoria import diferenca, resumo
from portal.validators import mascarar_cpf, somente_digitos, validar_cpf

PerfilModelo = PerfilAtribuido.Perfil
ATRIBUIVEIS = [perfil.value for perfil in permissions.PERFIS_ATRIBUIVEIS]  # the stored profiles
ESCOPADOS = frozenset({PerfilModelo.SUPERVISOR.value, PerfilModelo.ADMIN_EXTERNO.value})
CAMPOS_DE_DADOS = ("nome", "email", "email_unidade", "telefone", "celular")
CAMPOS_DE_CONTATO = ("nome", "email_unidade", "telefone", "celular")
ROTULO_GESTOR = "Gestor de Protocolo"

MSG_CPF_DUPLICADO = "Já existe uma pessoa cadastrada com este CPF."
MSG_EMAIL_DUPLICADO = "Este e-mail já pertence a outra pessoa cadastrada. Informe outro e-mail."
MSG_EMAIL_SO_ADMIN = (
    "Somente um Administrador Tramita altera o e-mail de acesso de outra pessoa; a própria pessoa pode alterá-lo "
    "pela página Meus Dados."
)
MSG_CONTATO_SO_ADMIN = (
    "Somente a própria pessoa (em Meus Dados) ou um Administrador Tramita altera os dados de contato dela."
)
MSG_UNICO_GESTOR = (
    "{nome} é o único gestor de protocolo ativo de {orgaos}. Peça que seja adicionado outro gestor (com conta "
    "ativa) antes de inativar esta pessoa: um órgão/entidade não pode ficar sem gestor."
)
MSG_ULTIMO_ADMIN = (
    "{nome} é o único Administrador Tramita ativo. Conceda o perfil Administrador Tramita a outra pessoa "
    "antes de {acao}."
)


class ErroDePerfil(Exception):
    """A rule refused the operation; ``mensagem`` (pt-BR) is meant for the user, ``campo`` for the form."""

    def __init__(self, mensagem: str, campo: str | None = None):
        super().__init__(mensagem)
        self.mensagem = mensagem
        self.campo = campo


@dataclass(frozen=True)
class PerfilDesejado:
    """One profile the person should hold, with its scope (repositório ids, gestor tecnológico id)."""

    repositorios: frozenset[int] = frozenset()
    gestor_tecnologico_id: int | None = None


def modelo_repositorio():
    """estrutura.RepositorioDeEstruturas, reached through the M2M (portal does not import estrutura)."""
    return PerfilAtribuido._meta.get_field("repositorios").related_model


def modelo_gestor():
    """comites.Gestor, reached through ``Pessoa.gestoes`` (portal does not import comites)."""
    return Pessoa._meta.get_field("gestoes").related_model


def rotulo(perfil: str) -> str:
    return PerfilModelo(perfil).label


# ---------------------------------------------------------------------------------------------------
# Reading


def com_detalhes(queryset: QuerySet[Pessoa]) -> QuerySet[Pessoa]:
    """Prefetches active profiles (``perfis_ativos``) and active gestões (``gestoes_ativas``) for lists."""
    return queryset.prefetch_related(
        Prefetch(
            "perfis_atribuidos",
            queryset=PerfilAtribuido.objects.filter(ativo=True).select_related("gestor_tecnologico")
            .prefetch_related("repositorios"),
            to_attr="perfis_ativos",
        ),
        Prefetch(
            "gestoes",
            queryset=modelo_gestor().objects.filter(ativo=True).select_related(
                "comite__unidade", "comite__sistema_de_governo"
            ).order_by("comite__unidade__nome"),
            to_attr="gestoes_ativas",
        ),
    )


def _perfis_ativos(pessoa) -> list[PerfilAtribuido]:
    if hasattr(pessoa, "perfis_ativos"):
        return pessoa.perfis_ativos
    return list(PerfilAtribuido.objects.filter(pessoa=pessoa, ativo=True).select_related("gestor_tecnologico"))


def _gestoes_ativas(pessoa) -> list:
    if hasattr(pessoa, "gestoes_ativas"):
        return pessoa.gestoes_ativas
    return list(modelo_gestor().objects.filter(pessoa=pessoa, ativo=True).select_related(
        "comite__unidade", "comite__sistema_de_governo").order_by("comite__unidade__nome"))


def rotulos_de_perfis(pessoa) -> list[str]:
    """"Administrador Tramita", "Supervisor", "Administrador Externo (Dataprev)", "Gestor de Protocolo"."""
    ordem = list(ATRIBUIVEIS)
    rotulos = []
    for atribuido in sorted(_perfis_ativos(pessoa), key=lambda p: ordem.index(p.perfil)):
        texto = atribuido.get_perfil_display()
        if atribuido.perfil == PerfilModelo.ADMIN_EXTERNO and atribuido.gestor_tecnologico_id:
            texto = f"{texto} ({atribuido.gestor_tecnologico.nome})"
        rotulos.append(texto)
    if _gestoes_ativas(pessoa):
        rotulos.append(ROTULO_GESTOR)
    return rotulos


def orgaos_de(pessoa) -> list[str]:
    """The órgãos (comitês) the person is an active gestor of, without repetition."""
    return list(dict.fromkeys(str(g.comite) for g in _gestoes_ativas(pessoa)))


def sistemas_de_governo_de(pessoa) -> list[str]:
    return list(dict.fromkeys(
        g.comite.sistema_de_governo.nome for g in _gestoes_ativas(pessoa) if g.comite.sistema_de_governo_id
    ))


def gestoes_ativas(pessoa) -> list:
    return _gestoes_ativas(pessoa)


def perfis_de(pessoa: Pessoa) -> dict[str, PerfilDesejado]:
    """The person's active profiles as they are stored now."""
    atuais = PerfilAtribuido.objects.filter(pessoa=pessoa, ativo=True).prefetch_related("repositorios")
    return {
        p.perfil: PerfilDesejado(
            repositorios=frozenset(r.pk for r in p.repositorios.all()) if p.perfil in ESCOPADOS else frozenset(),
            gestor_tecnologico_id=p.gestor_tecnologico_id if p.perfil == PerfilModelo.ADMIN_EXTERNO else None,
        )
        for p in atuais
    }


def buscar_por_cpf(cpf: str) -> Pessoa | None:
    digitos = somente_digitos(cpf)
    if len(digitos) != 11:
        return None
    return Pessoa.objects.filter(cpf=digitos).first()


def eh_ultimo_administrador(pessoa: Pessoa) -> bool:
    """True when ``pessoa`` is an active Administrador and no other active person holds the profile."""
    ativos = _administradores_ativos()
    return ativos.filter(pessoa=pessoa).exists() and not ativos.exclude(pessoa=pessoa).exists()


def _administradores_ativos():
    return PerfilAtribuido.objects.filter(perfil=PerfilModelo.ADMINISTRADOR, ativo=True, pessoa__is_active=True)


# ---------------------------------------------------------------------------------------------------
# Checks shared by the writers


def _exigir(por, acao: Acao, mensagem: str) -> None:
    if not permissions.pode(por, acao):
        raise ErroDePerfil(mensagem)


def _validar_dados(dados: dict, *, pessoa: Pessoa | None) -> dict:
    """Normalized person data; ``ErroDePerfil(campo=…)`` on the first invalid or duplicated field."""
    limpos = {campo: pessoas.limpar(campo, dados.get(campo)) for campo in CAMPOS_DE_DADOS}
    try:
        pessoas.validar_contato(limpos, CAMPOS_DE_DADOS)
    except ValidationError as erro:
        campo, mensagens = next(iter(erro.message_dict.items()))
        raise ErroDePerfil(mensagens[0], campo) from erro
    outros = Pessoa.objects.exclude(pk=pessoa.pk) if pessoa is not None else Pessoa.objects.all()
    if outros.filter(email__iexact=limpos["email"]).exists():
        raise ErroDePerfil(MSG_EMAIL_DUPLICADO, "email")
    return limpos


def _validar_perfis(desejados: dict[str, PerfilDesejado]) -> dict[str, PerfilDesejado]:
    """Checks each profile's scope and drops scope data that does not apply to the profile."""
    normalizados: dict[str, PerfilDesejado] = {}
    for perfil, desejado in desejados.items():
        if perfil not in ATRIBUIVEIS:
            raise ErroDePerfil("Perfil desconhecido.")
        if perfil not in ESCOPADOS:
            normalizados[perfil] = PerfilDesejado()
            continue
        repositorios = frozenset(int(r) for r in desejado.repositorios)
        campo = f"repositorios_{perfil}"
        if not repositorios:
            raise ErroDePerfil(f"Escolha ao menos um repositório de estruturas para o perfil {rotulo(perfil)}.",
                               campo)
        existentes = set(modelo_repositorio().objects.filter(pk__in=repositorios).values_list("pk", flat=True))
        if existentes != repositorios:
            raise ErroDePerfil("Um dos repositórios de estruturas escolhidos não existe mais.", campo)
        gestor_tecnologico_id = None
        if perfil == PerfilModelo.ADMIN_EXTERNO:
            gestor_tecnologico_id = desejado.gestor_tecnologico_id
            if not gestor_tecnologico_id or not GestorTecnologico.objects.filter(pk=gestor_tecnologico_id).exists():
                raise ErroDePerfil("Escolha o gestor tecnológico do perfil Administrador Externo.",
                                   "gestor_tecnologico_admin_externo")
        normalizados[perfil] = PerfilDesejado(repositorios, gestor_tecnologico_id)
    return normalizados


def _verificar_alcance(por, antes: dict[str, PerfilDesejado], depois: dict[str, PerfilDesejado]) -> None:
    """A non-administrator changes only Supervisor/Administrador Externo, within its own repositórios."""
    escopo = permissions.escopo_do_usuario(por)
    if escopo.administrador:
        return
    meus = escopo.repositorios(Perfil.SUPERVISOR)
    nomes = dict(modelo_repositorio().objects.values_list("pk", "nome"))
    for perfil in ATRIBUIVEIS:
        a, d = antes.get(perfil), depois.get(perfil)
        if a == d:
            continue
        if Perfil(perfil) not in PERFIS_CONCEDIDOS_POR_SUPERVISOR:
            raise ErroDePerfil(f"Seu perfil não permite conceder nem retirar o perfil {rotulo(perfil)}.")
        de = a.repositorios if a else frozenset()
        para = d.repositorios if d else frozenset()
        if a is None or d is None or a.gestor_tecnologico_id != d.gestor_tecnologico_id:
            tocados = de | para  # the whole profile is granted, revoked or moved to another gestor tecnológico
        else:
            tocados = de ^ para
        fora = sorted(nomes.get(r, str(r)) for r in tocados - meus)
        if fora:
            raise ErroDePerfil(
                f"Você só pode conceder ou retirar o perfil {rotulo(perfil)} nos repositórios de estruturas que "
                f"supervisiona. Fora do seu âmbito: {', '.join(fora)}.",
                f"repositorios_{perfil}",
            )


def _exigir_visivel(pessoa: Pessoa, por) -> None:
    if not permissions.pode(por, Acao.PERFIS_VER, pessoa):
        raise ErroDePerfil("Esta pessoa não está no seu âmbito de atuação.")


def _exigir_outro_administrador(pessoa: Pessoa, acao: str) -> None:
    # Lock the active administrators' rows so two concurrent removals cannot both pass the check.
    list(_administradores_ativos().select_for_update(of=("self",)).values_list("pk", flat=True))
    if eh_ultimo_administrador(pessoa):
        raise ErroDePerfil(MSG_ULTIMO_ADMIN.format(nome=pessoa.nome, acao=acao))


def _exigir_outro_gestor(pessoa: Pessoa) -> None:
    """Refuses when ``pessoa`` is the only active gestor with an active account of an active comitê."""
    Gestor = modelo_gestor()
    Comite = Gestor._meta.get_field("comite").related_model
    comite_ids = set(
        Gestor.objects.filter(pessoa=pessoa, ativo=True, comite__ativo=True).values_list("comite_id", flat=True)
    )
    if not comite_ids:
        return
    # Lock the comitês (comites.services locks them too before removing a gestor) so that two concurrent
    # changes cannot both leave the same comitê without a usable gestor.
    list(Comite.objects.select_for_update().filter(pk__in=comite_ids).values_list("pk", flat=True))
    com_outro = set(
        Gestor.objects.filter(comite_id__in=comite_ids, ativo=True, pessoa__is_active=True)
        .exclude(pessoa=pessoa).values_list("comite_id", flat=True)
    )
    orfaos = Comite.objects.filter(pk__in=comite_ids - com_outro).select_related("unidade")
    if orfaos:
        nomes = sorted(str(comite) for comite in orfaos)
        raise ErroDePerfil(MSG_UNICO_GESTOR.format(nome=pessoa.nome, orgaos=", ".join(nomes)))


def _foto(pessoa: Pessoa) -> dict:
    """The audit snapshot: contact data, situação and profiles with their scope."""
    foto = resumo(pessoa, [*CAMPOS_DE_DADOS, "is_active"])
    foto["perfis"] = {
        perfil: {"repositorios": sorted(d.repositorios), "gestor_tecnologico": d.gestor_tecnologico_id}
        for perfil, d in sorted(perfis_de(pessoa).items())
    }
    return foto


def _aplicar_perfis(pessoa: Pessoa, desejados: dict[str, PerfilDesejado]) -> None:
    existentes = {p.perfil: p for p in PerfilAtribuido.objects.select_for_update().filter(pessoa=pessoa)}
    for perfil in ATRIBUIVEIS:
        atual, desejado = existentes.get(perfil), desejados.get(perfil)
        if desejado is None:
            if atual is not None and atual.ativo:
                atual.ativo = False
                atual.save(update_fields=["ativo"])
            continue
        if atual is None:
            atual = PerfilAtribuido.objects.create(
                pessoa=pessoa, perfil=perfil, gestor_tecnologico_id=desejado.gestor_tecnologico_id
            )
        elif not atual.ativo or atual.gestor_tecnologico_id != desejado.gestor_tecnologico_id:
            atual.ativo = True
            atual.gestor_tecnologico_id = desejado.gestor_tecnologico_id
            atual.save(update_fields=["ativo", "gestor_tecnologico"])
        atual.repositorios.set(desejado.repositorios)
    permissions.esquecer(pessoa)


# ---------------------------------------------------------------------------------------------------
# Writers


@transaction.atomic
def cadastrar(dados: dict, perfis: dict[str, PerfilDesejado], por) -> Pessoa:
    """Registers a person (Administrador only) with the given profiles and e-mails a set-password link."""
    _exigir(por, Acao.PERFIS_GERENCIAR, "Somente o Administrador Tramita cadastra pessoas.")
    cpf = somente_digitos(dados.get("cpf"))
    try:
        validar_cpf(cpf)
    except ValidationError as erro:
        raise ErroDePerfil(erro.messages[0], "cpf") from erro
    if Pessoa.objects.filter(cpf=cpf).exists():
        raise ErroDePerfil(MSG_CPF_DUPLICADO, "cpf")
    limpos = _validar_dados(dados, pessoa=None)
    desejados = _validar_perfis(perfis)
    try:
        with transaction.atomic():
            pessoa = Pessoa.objects.create_user(password=None, cpf=cpf, **limpos)
    except IntegrityError as erro:  # a concurrent registration with the same CPF or e-mail
        raise ErroDePerfil("Já existe uma pessoa cadastrada com este CPF ou e-mail.") from erro
    _aplicar_perfis(pessoa, desejados)
    depois = {**_foto(pessoa), "cpf": mascarar_cpf(cpf)}
    auditoria.registrar("pessoa.cadastrada", pessoa, depois=depois, detalhes="Gerenciar Perfis")
    pessoas.enviar_link_para_definir_senha(pessoa)
    return pessoa


@transaction.atomic
def editar(pessoa: Pessoa, dados: dict, perfis: dict[str, PerfilDesejado], por) -> Pessoa:
    """Updates the person's data and profiles; audited with the before/after of what changed."""
    _exigir(por, Acao.PERFIS_EDITAR, "Seu perfil não permite editar perfis.")
    pessoa = Pessoa.objects.select_for_update().get(pk=pessoa.pk)
    _exigir_visivel(pessoa, por)
    limpos = _validar_dados(dados, pessoa=pessoa)
    administrador = permissions.escopo_do_usuario(por).administrador
    if limpos["email"] != pessoa.email and not administrador:
        raise ErroDePerfil(MSG_EMAIL_SO_ADMIN, "email")
    desejados = _validar_perfis(perfis)
    antes_perfis = perfis_de(pessoa)
    _verificar_alcance(por, antes_perfis, desejados)
    if not administrador and por.pk != pessoa.pk:
        # A Supervisor manages profiles only: someone else's contact data (shown on the public list of
        # gestores) change only by that person or an Administrador.
        for campo in CAMPOS_DE_CONTATO:
            if limpos[campo] != pessoas.limpar(campo, getattr(pessoa, campo)):
                raise ErroDePerfil(MSG_CONTATO_SO_ADMIN, campo)
            limpos[campo] = getattr(pessoa, campo)
    if PerfilModelo.ADMINISTRADOR in antes_perfis and PerfilModelo.ADMINISTRADOR not in desejados:
        _exigir_outro_administrador(pessoa, "retirar o perfil desta pessoa")
    antes = _foto(pessoa)
    email_antigo = pessoa.email
    for campo, valor in limpos.items():
        setattr(pessoa, campo, valor)
    try:
        with transaction.atomic():
            pessoa.save(update_fields=list(CAMPOS_DE_DADOS))
    except IntegrityError as erro:
        raise ErroDePerfil(MSG_EMAIL_DUPLICADO, "email") from erro
    if pessoa.email != email_antigo:
        _esquecer_enderecos_antigos(pessoa)
    _aplicar_perfis(pessoa, desejados)
    de, para = diferenca(antes, _foto(pessoa))
    if para:
        auditoria.registrar("pessoa.perfis_alterados", pessoa, antes=de, depois=para, detalhes="Gerenciar Perfis")
    return pessoa


def _esquecer_enderecos_antigos(pessoa: Pessoa) -> None:
    """The login e-mail was changed by an administrator: the old address must no longer sign in."""
    EmailAddress.objects.filter(user=pessoa).exclude(email__iexact=pessoa.email).delete()


@transaction.atomic
def inativar(pessoa: Pessoa, por) -> Pessoa:
    """Blocks sign-in (Administrador only); never the last active Administrador, nor the only active gestor
    (with an active account) of an active comitê."""
    _exigir(por, Acao.PERFIS_GERENCIAR, "Somente o Administrador Tramita inativa pessoas.")
    pessoa = Pessoa.objects.select_for_update().get(pk=pessoa.pk)
    if not pessoa.is_active:
        raise ErroDePerfil(f"{pessoa.nome} já está inativo(a).")
    _exigir_outro_administrador(pessoa, "inativar esta pessoa")
    _exigir_outro_gestor(pessoa)
    pessoa.is_active = False
    pessoa.save(update_fields=["is_active"])
    permissions.esquecer(pessoa)
    auditoria.registrar("pessoa.inativada", pessoa, antes={"is_active": True}, depois={"is_active": False})
    return pessoa


@transaction.atomic
def reativar(pessoa: Pessoa, por) -> Pessoa:
    _exigir(por, Acao.PERFIS_GERENCIAR, "Somente o Administrador Tramita reativa pessoas.")
    pessoa = Pessoa.objects.select_for_update().get(pk=pessoa.pk)
    if pessoa.is_active:
        raise ErroDePerfil(f"{pessoa.nome} já está ativo(a).")
    pessoa.is_active = True
    pessoa.save(update_fields=["is_active"])
    permissions.esquecer(pessoa)
    auditoria.registrar("pessoa.reativada", pessoa, antes={"is_active": False}, depois={"is_active": True})
    return pessoa
