"""Sending the portal's e-mails from the editable templates in Parâmetros."""

import logging

from django.core.mail import send_mail
from django.db import transaction

from portal.parametros_padrao import POR_CHAVE
from portal.services import parametros

log = logging.getLogger(__name__)


def _gerar(chave: str, contexto: dict) -> str:
    """Renders the edited template; when it fails, logs an error and uses the built-in default.

    A broken template saved before render-validation existed (or a bug) must never block the action
    that sends the e-mail, such as a public access request.
    """
    try:
        return parametros.renderizar(parametros.obter(chave), contexto)
    except Exception:
        log.error("Modelo de e-mail %s com erro; usado o modelo padrão do portal.", chave, exc_info=True)
        return parametros.renderizar(POR_CHAVE[chave].padrao, contexto)


def montar(modelo: str, contexto: dict) -> tuple[str, str]:
    assunto = _gerar(f"email_{modelo}_assunto", contexto)
    corpo = _gerar(f"email_{modelo}_corpo", contexto)
    return " ".join(assunto.split()), corpo


def enviar(modelo: str, destinatarios: list[str] | str, contexto: dict, *, apos_commit: bool = True) -> None:
    """Renders template ``modelo`` and sends it; by default only once the current transaction commits."""
    if isinstance(destinatarios, str):
        destinatarios = [destinatarios]
    destinatarios = [d for d in destinatarios if d]
    if not destinatarios:
        return
    assunto, corpo = montar(modelo, contexto)

    def _enviar():
        send_mail(assunto, corpo, None, destinatarios, fail_silently=False)
        log.info("e-mail %s enviado para %s", modelo, ", ".join(destinatarios))

    if apos_commit:
        transaction.on_commit(_enviar)
    else:
        _enviar()
