"""Demo data of the portal itself: one PEN administrator with MFA already enrolled."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from portal.models import PerfilAtribuido, Pessoa

ADMIN_EMAIL = "admin@demo.tramita.gov.br"
ADMIN_SENHA = "Demo-Tramita-2026"
# Fixed so the demo login can be reproduced with any authenticator app (or `oathtool --totp -b`).
ADMIN_TOTP_SEGREDO = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def carregar() -> dict:
    admin, criado = Pessoa.objects.get_or_create(
        email=ADMIN_EMAIL,
        defaults={
            "nome": "Administradora de Demonstração",
            "cpf": "52998224725",
            "email_unidade": "processo.eletronico@demo.tramita.gov.br",
            "telefone": "(61) 2020-0000",
            "celular": "(61) 98888-0000",
        },
    )
    if criado:
        admin.set_password(ADMIN_SENHA)
        admin.save()
    PerfilAtribuido.objects.get_or_create(pessoa=admin, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)
    if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(admin, ADMIN_TOTP_SEGREDO)
    codigos = Authenticator.objects.filter(user=admin, type=Authenticator.Type.RECOVERY_CODES).first()
    recuperacao = RecoveryCodes(codigos) if codigos else RecoveryCodes.activate(admin)
    return {
        "email": ADMIN_EMAIL,
        "senha": ADMIN_SENHA,
        "totp": ADMIN_TOTP_SEGREDO,
        "codigos": recuperacao.get_unused_codes()[:3],
    }
