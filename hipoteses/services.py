"""The only writers of the reference catalogues and of the suggestions of new hipóteses legais.

Every operation is atomic and leaves one audit record (``portal.services.auditoria``). Validation
problems raise ``ValidationError`` with pt-BR messages (keyed by field when there is one), so views can
show them on the form and nothing is saved.

Catalogue entries are never deleted while something points at them (a comitê, a profile, a suggestion,
later a trâmite): ``excluir`` refuses and tells the user to inactivate the entry instead. "In use" is found
generically through the model's reverse relations, so this module needs to import none of the apps that
reference the catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.utils import timezone

from portal.models import GestorTecnologico, SistemaDeGoverno
from portal.services import auditoria, email

from .models import EspecieDocumental, HipoteseLegal, Numerador, SugestaoDeHipotese


@dataclass(frozen=True)
class Catalogo:
    """What the services need to know about one catalogue model."""

    model: type[models.Model]
    prefixo: str  # audit action prefix
    nome: str  # "hipótese legal", for messages
    campos: tuple[str, ...]  # fields an administrator may set
    feminino: bool = True

    @property
    def artigo(self) -> str:
        return "a" if self.feminino else "o"

    @property
    def rotulo(self) -> str:
        return f"{self.artigo} {self.nome}"

    @property
    def um(self) -> str:
        return f"{'uma' if self.feminino else 'um'} {self.nome}"


CATALOGOS: dict[type[models.Model], Catalogo] = {
    HipoteseLegal: Catalogo(HipoteseLegal, "hipotese_legal", "hipótese legal",
                            ("nome", "base_legal", "descricao", "ativo")),
    EspecieDocumental: Catalogo(EspecieDocumental, "especie_documental", "espécie documental",
                                ("codigo", "nome", "observacao", "ativo")),
    SistemaDeGoverno: Catalogo(SistemaDeGoverno, "sistema_de_governo", "sistema de governo",
                               ("nome", "sigla", "descricao", "ativo"), feminino=False),
    GestorTecnologico: Catalogo(GestorTecnologico, "gestor_tecnologico", "gestor tecnológico",
                                ("nome", "descricao", "interno", "ativo"), feminino=False),
}

# Fields that identify an entry on the bus and must never change once created.
IMUTAVEIS = {HipoteseLegal: {"identificacao"}, EspecieDocumental: {"codigo"}, SistemaDeGoverno: {"codigo"}}


def catalogo_de(obj_ou_model) -> Catalogo:
    model = obj_ou_model if isinstance(obj_ou_model, type) else type(obj_ou_model)
    return CATALOGOS[model]


# ---------------------------------------------------------------------------------------------- ids


def _proximo_numero(chave: str, model: type[models.Model], campo: str) -> int:
    """Next id for ``model.campo``: above every id ever handed out (deleted ones included) and every id in use.

    The counter row is locked until the caller's transaction ends, so concurrent creations queue up.
    """
    Numerador.objects.get_or_create(chave=chave)
    numerador = Numerador.objects.select_for_update().get(chave=chave)
    maior = model.objects.aggregate(m=Max(campo))["m"] or 0
    numerador.ultimo = max(numerador.ultimo, maior) + 1
    numerador.save(update_fields=["ultimo"])
    return numerador.ultimo


# ------------------------------------------------------------------------------------------ checks


def _normalizar(dados: dict, campos: tuple[str, ...]) -> dict:
    limpos = {}
    for campo in campos:
        if campo in dados:
            valor = dados[campo]
            limpos[campo] = valor.strip() if isinstance(valor, str) else valor
    return limpos


def nome_repetido(model: type[models.Model], nome: str, exceto_pk=None) -> bool:
    """Case- and accent-case-insensitive (``casefold``) in Python: SQLite's LIKE only folds ASCII letters."""
    alvo = (nome or "").strip().casefold()
    nomes = model.objects.exclude(pk=exceto_pk).values_list("nome", flat=True)
    return any(existente.casefold() == alvo for existente in nomes)


def _validar(obj: models.Model) -> None:
    """Model validation (required fields, lengths, other unique fields) plus unique names ignoring case."""
    erros: dict[str, list[str]] = {}
    try:
        obj.full_clean(validate_unique=False)
    except ValidationError as erro:
        erros = {campo: list(mensagens) for campo, mensagens in erro.message_dict.items()}
    if obj.nome and "nome" not in erros and nome_repetido(type(obj), obj.nome, obj.pk):
        erros["nome"] = [f"Já existe {catalogo_de(obj).um} com este nome."]
    try:
        obj.validate_unique(exclude=["nome", *erros])
    except ValidationError as erro:
        for campo, mensagens in erro.message_dict.items():
            erros.setdefault(campo, []).extend(mensagens)
    if erros:
        raise ValidationError(erros)


def referencias(obj: models.Model) -> list[str]:
    """Names (verbose_name_plural) of the models holding rows that point at ``obj``; empty when unused.

    Looks at every reverse relation, hidden ones (``related_name="+"``) included.
    """
    em_uso = []
    for relacao in obj._meta.get_fields(include_hidden=True):
        if not (relacao.auto_created and not relacao.concrete and relacao.is_relation):
            continue
        if not (relacao.one_to_many or relacao.one_to_one or relacao.many_to_many):
            continue
        campo = relacao.field
        modelo = relacao.related_model
        if modelo._meta.auto_created:  # the through table of a many-to-many: its own relation covers it
            continue
        if modelo._base_manager.filter(**{campo.name: obj}).exists():
            nome = str(modelo._meta.verbose_name_plural)
            if nome not in em_uso:
                em_uso.append(nome)
    return em_uso


def em_uso(obj: models.Model) -> bool:
    return bool(referencias(obj))


# --------------------------------------------------------------------------------- catalogue CRUD


@transaction.atomic
def criar(model: type[models.Model], dados: dict) -> models.Model:
    """Creates a catalogue entry from ``dados`` (only the catalogue's editable fields are read).

    Hipóteses and Sistemas de Governo get the next id automatically; an espécie's code is given.
    """
    catalogo = catalogo_de(model)
    obj = model(**_normalizar(dados, catalogo.campos))
    if model is HipoteseLegal:
        obj.identificacao = _proximo_numero("hipotese_legal", HipoteseLegal, "identificacao")
    elif model is SistemaDeGoverno:
        obj.codigo = _proximo_numero("sistema_de_governo", SistemaDeGoverno, "codigo")
    _validar(obj)  # a ValidationError rolls the counter back with everything else
    obj.save()
    auditoria.registrar(f"{catalogo.prefixo}.criacao", obj, depois=auditoria.resumo(obj))
    return obj


@transaction.atomic
def editar(obj: models.Model, dados: dict) -> models.Model:
    """Changes the editable fields of an entry; its id (``identificacao``/``codigo``) never changes."""
    catalogo = catalogo_de(obj)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    antes = auditoria.resumo(obj)
    imutaveis = IMUTAVEIS.get(type(obj), set())
    for campo, valor in _normalizar(dados, catalogo.campos).items():
        if campo not in imutaveis:
            setattr(obj, campo, valor)
    _validar(obj)
    depois = auditoria.resumo(obj)
    if depois == antes:
        return obj
    obj.save()
    dif_antes, dif_depois = auditoria.diferenca(antes, depois)
    auditoria.registrar(f"{catalogo.prefixo}.edicao", obj, antes=dif_antes, depois=dif_depois)
    return obj


def _mudar_ativo(obj: models.Model, ativo: bool, acao: str) -> models.Model:
    catalogo = catalogo_de(obj)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if obj.ativo == ativo:
        situacao = "ativ" if ativo else "inativ"
        raise ValidationError(f"{catalogo.rotulo.capitalize()} já está {situacao}{catalogo.artigo}.")
    obj.ativo = ativo
    obj.save(update_fields=["ativo"])
    auditoria.registrar(f"{catalogo.prefixo}.{acao}", obj, antes={"ativo": not ativo}, depois={"ativo": ativo})
    return obj


@transaction.atomic
def inativar(obj: models.Model) -> models.Model:
    """Inactive entries stay in the catalogue (and in ``GET hipoteses?ativos=false``) but are no longer offered."""
    return _mudar_ativo(obj, False, "inativacao")


@transaction.atomic
def reativar(obj: models.Model) -> models.Model:
    return _mudar_ativo(obj, True, "reativacao")


def mensagem_em_uso(obj: models.Model, onde: list[str]) -> str:
    catalogo = catalogo_de(obj)
    return (
        f"{catalogo.rotulo.capitalize()} “{getattr(obj, 'nome', obj)}” está em uso ({', '.join(onde)}) "
        f"e não pode ser excluíd{catalogo.artigo}. Inative-{catalogo.artigo} em vez de excluir."
    )


@transaction.atomic
def excluir(obj: models.Model) -> None:
    """Deletes an unused entry; an entry in use must be inactivated instead (ValidationError)."""
    catalogo = catalogo_de(obj)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    onde = referencias(obj)
    if onde:
        raise ValidationError(mensagem_em_uso(obj, onde))
    auditoria.registrar(f"{catalogo.prefixo}.exclusao", obj, antes=auditoria.resumo(obj))
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(mensagem_em_uso(obj, ["outros registros"])) from None


# ------------------------------------------------------------------------------------ suggestions


def _erro_nome_existente(nome: str) -> None:
    if nome_repetido(HipoteseLegal, nome):
        raise ValidationError({"nome": ["Já existe uma hipótese legal com este nome no catálogo."]})


@transaction.atomic
def sugerir(pessoa, *, nome: str, base_legal: str, descricao: str, justificativa: str,
            comite_id: int | None = None) -> SugestaoDeHipotese:
    """A gestor proposes a new hipótese legal; it waits for an administrator's decision."""
    sugestao = SugestaoDeHipotese(
        sugerido_por=pessoa,
        comite_id=comite_id,
        nome=(nome or "").strip(),
        base_legal=(base_legal or "").strip(),
        descricao=(descricao or "").strip(),
        justificativa=(justificativa or "").strip(),
    )
    sugestao.full_clean(exclude=["decidido_por", "hipotese_criada"])
    _erro_nome_existente(sugestao.nome)
    sugestao.save()
    auditoria.registrar("sugestao_hipotese.envio", sugestao, depois=auditoria.resumo(
        sugestao, ["nome", "base_legal", "descricao", "justificativa", "comite_id"]))
    return sugestao


def _travar_pendente(sugestao: SugestaoDeHipotese) -> SugestaoDeHipotese:
    sugestao = SugestaoDeHipotese.objects.select_for_update().select_related("sugerido_por").get(pk=sugestao.pk)
    if not sugestao.pendente:
        raise ValidationError(f"Esta sugestão já foi avaliada ({sugestao.get_status_display().lower()}).")
    return sugestao


@transaction.atomic
def aceitar(sugestao: SugestaoDeHipotese, avaliador, *, nome: str | None = None, base_legal: str | None = None,
            descricao: str | None = None) -> HipoteseLegal:
    """Creates the hipótese (the administrator may adjust the texts first) and e-mails the suggester."""
    sugestao = _travar_pendente(sugestao)
    dados = {
        "nome": sugestao.nome if nome is None else nome,
        "base_legal": sugestao.base_legal if base_legal is None else base_legal,
        "descricao": sugestao.descricao if descricao is None else descricao,
        "ativo": True,
    }
    hipotese = criar(HipoteseLegal, dados)
    sugestao.status = SugestaoDeHipotese.Status.ACEITA
    sugestao.decidido_por = avaliador
    sugestao.decidido_em = timezone.now()
    sugestao.hipotese_criada = hipotese
    sugestao.save(update_fields=["status", "decidido_por", "decidido_em", "hipotese_criada"])
    auditoria.registrar(
        "sugestao_hipotese.aceite", sugestao, antes={"status": SugestaoDeHipotese.Status.PENDENTE},
        depois={"status": sugestao.status, "hipotese_criada": hipotese.identificacao},
    )
    email.enviar("sugestao_aceita", sugestao.sugerido_por.email, {
        "nome": sugestao.sugerido_por.nome, "hipotese": hipotese.nome, "base_legal": hipotese.base_legal,
    })
    return hipotese


@transaction.atomic
def recusar(sugestao: SugestaoDeHipotese, avaliador, motivo: str) -> SugestaoDeHipotese:
    """Declines with a reason, which the suggester receives by e-mail."""
    motivo = (motivo or "").strip()
    if not motivo:
        raise ValidationError({"motivo": ["Informe o motivo da recusa."]})
    limite = SugestaoDeHipotese._meta.get_field("motivo_recusa").max_length
    if len(motivo) > limite:
        raise ValidationError({"motivo": [f"O motivo pode ter no máximo {limite} caracteres."]})
    sugestao = _travar_pendente(sugestao)
    sugestao.status = SugestaoDeHipotese.Status.RECUSADA
    sugestao.motivo_recusa = motivo
    sugestao.decidido_por = avaliador
    sugestao.decidido_em = timezone.now()
    sugestao.save(update_fields=["status", "motivo_recusa", "decidido_por", "decidido_em"])
    auditoria.registrar(
        "sugestao_hipotese.recusa", sugestao, antes={"status": SugestaoDeHipotese.Status.PENDENTE},
        depois={"status": sugestao.status, "motivo_recusa": motivo},
    )
    email.enviar("sugestao_recusada", sugestao.sugerido_por.email, {
        "nome": sugestao.sugerido_por.nome, "hipotese": sugestao.nome, "motivo": motivo,
    })
    return sugestao
