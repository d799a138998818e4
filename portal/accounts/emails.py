"""The login e-mail as allauth's ``EmailAddress`` record.

Accounts are never self-registered: administrators and gestores create them from approved access
requests, and the first password is chosen through a link sent to that address. So the login
e-mail of a ``Pessoa`` counts as verified; a *new* address (an e-mail change) must still be
confirmed through the link allauth sends to it before it replaces the login.
"""

from allauth.account.models import EmailAddress
from django.db import transaction


@transaction.atomic
def registrar_email_de_login(pessoa) -> EmailAddress | None:
    """Ensures ``pessoa.email`` is on record as the verified, primary address; returns that record."""
    email = (pessoa.email or "").strip().lower()
    if not email:
        return None
    endereco = EmailAddress.objects.select_for_update().filter(user=pessoa, email__iexact=email).first()
    EmailAddress.objects.filter(user=pessoa, primary=True).exclude(pk=getattr(endereco, "pk", None)).update(
        primary=False
    )
    if endereco is None:
        endereco = EmailAddress(user=pessoa, email=email)
    endereco.primary = True
    # Another account holding it verified would break allauth's unique constraint; leave it unverified then.
    em_outra_conta = EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user=pessoa)
    endereco.verified = not em_outra_conta.exists()
    endereco.save()
    return endereco
