"""A person's own data (Meus Dados) and the set-password e-mail for new accounts.

``atualizar_dados`` is the only writer of the contact fields a person edits about themselves; the login
e-mail is changed through allauth's own page (``account_email``), which verifies and audits it.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from portal.models import Pessoa
from portal.services import auditoria
from portal.services.auditoria import diferenca, resumo
from portal.validators import mascarar_cpf, validar_telefone

# What the owner edits in Meus Dados (the CPF never changes; the login e-mail goes through allauth).
CAMPOS_MEUS_DADOS = ("nome", "email_unidade", "telefone", "celular")

ROTULOS = {
    "nome": "Nome",
    "email": "E-mail",
    "email_unidade": "E-mail da Unidade",
    "telefone": "Telefone",
    "celular": "Celular",
}


def limpar(campo: str, valor) -> str:
    """Trims and normalizes one contact field (e-mails in lower case, names with single spaces)."""
    texto = str(valor or "").strip()
    if campo in ("email", "email_unidade"):
        return texto.lower()
    if campo == "nome":
        return " ".join(texto.split())
    return texto


def validar_contato(dados: dict, campos) -> None:
    """Raises ``ValidationError({campo: [mensagem]})`` (pt-BR) for missing or malformed contact fields."""
    erros: dict[str, list[str]] = {}
    for campo in campos:
        valor = dados.get(campo, "")
        if not valor:
            erros[campo] = [f"Informe o campo {ROTULOS[campo]}."]
            continue
        try:
            if campo in ("email", "email_unidade"):
                validate_email(valor)
            elif campo in ("telefone", "celular"):
                validar_telefone(valor)
            elif campo == "nome" and len(valor) > 250:
                raise ValidationError("Use no máximo 250 caracteres.")
        except ValidationError as erro:
            mensagem = erro.messages[0] if campo not in ("email", "email_unidade") else "Informe um e-mail válido."
            erros[campo] = [mensagem]
    if erros:
        raise ValidationError(erros)


@transaction.atomic
def atualizar_dados(pessoa: Pessoa, dados: dict) -> Pessoa:
    """Meus Dados: saves nome, e-mail da unidade, telefone and celular, audited with a before/after diff.

    Invalid data raises ``ValidationError`` (a dict of field → messages) and nothing is saved.
    """
    atual = Pessoa.objects.select_for_update().get(pk=pessoa.pk)
    novos = {campo: limpar(campo, dados.get(campo)) for campo in CAMPOS_MEUS_DADOS}
    validar_contato(novos, CAMPOS_MEUS_DADOS)
    antes = resumo(atual, list(CAMPOS_MEUS_DADOS))
    for campo, valor in novos.items():
        setattr(atual, campo, valor)
    de, para = diferenca(antes, resumo(atual, list(CAMPOS_MEUS_DADOS)))
    if para:
        atual.save(update_fields=list(para))
        auditoria.registrar("pessoa.dados_alterados", atual, antes=de, depois=para, detalhes="Meus Dados")
    for campo in CAMPOS_MEUS_DADOS:  # keep the caller's instance (often request.user) in step
        setattr(pessoa, campo, getattr(atual, campo))
    return pessoa


# ---------------------------------------------------------------------------------------------------
# Accounts created by someone else (an approved access request, a gestor adding a colleague)


@transaction.atomic
def cadastrar_conta(*, email: str, nome: str, cpf: str, email_unidade: str = "", telefone: str = "",
                    celular: str = "", detalhes: str = "", comite_id: int | None = None) -> Pessoa:
    """Creates a person with no password (a set-password e-mail follows), audited as ``pessoa.cadastrada``.

    The caller validates uniqueness and contact data; this is the one writer other apps use to create
    accounts (``comites`` never writes ``Pessoa`` itself).
    """
    pessoa = Pessoa.objects.create_user(
        email=email, password=None, nome=nome, cpf=cpf, email_unidade=email_unidade, telefone=telefone,
        celular=celular,
    )
    auditoria.registrar("pessoa.cadastrada", pessoa, depois={**resumo(pessoa, ["nome", "email"]),
                                                             "cpf": mascarar_cpf(pessoa.cpf)},
                        detalhes=detalhes, comite_id=comite_id)
    return pessoa


# ---------------------------------------------------------------------------------------------------
# Set-password e-mail for accounts created by someone else


def link_para_definir_senha(pessoa: Pessoa) -> str:
    """allauth's reset-from-key URL: valid until used or until the password changes."""
    chave = default_token_generator.make_token(pessoa)
    caminho = reverse("account_reset_password_from_key",
                      kwargs={"uidb36": user_pk_to_url_str(pessoa), "key": chave})
    return settings.SITE_URL + caminho


def enviar_link_para_definir_senha(pessoa: Pessoa) -> None:
    """Sends allauth's password-reset e-mail (rendered by the portal adapter from the Parâmetros template
    "redefinir_senha") once the current transaction commits."""

    def _enviar():
        contexto = {"user": pessoa, "password_reset_url": link_para_definir_senha(pessoa)}
        get_adapter().render_mail("account/email/password_reset_key", pessoa.email, contexto).send()

    transaction.on_commit(_enviar)
