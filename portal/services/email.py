"""Sending the portal's e-mails from the editable templates in Parâmetros."""

import logging

from django.core.mail import send_mail
from django.db import transaction

from portal.services import parametros

log = logging.getLogger(__name__)


def montar(modelo: str, contexto: dict) -> tuple[str, str]:
    assunto = parametros.renderizar(parametros.obter(f"email_{modelo}_assunto"), contexto)
    corpo = parametros.renderizar(parametros.obter(f"email_{modelo}_corpo"), contexto)
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
