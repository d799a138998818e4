"""Who may call the API: the electronic-process systems, as their client certificate identifies them.

The authentication class (``comites.certificados.autenticacao``, set in ``REST_FRAMEWORK``) turns a
verified certificate into a ``SistemaAutenticado``; this permission lets only such a principal through.
A request without a (believable) certificate therefore answers 401 ``{codigoErro: "0002", mensagem}``.
"""

from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission

from portal.permissions import SistemaAutenticado

MENSAGEM_SEM_CERTIFICADO = (
    "Esta operação exige o certificado digital do sistema de processo eletrônico, emitido pelo portal do "
    "Tramita.GOV.BR para este ambiente."
)


class SomenteSistemaAutenticado(BasePermission):
    message = MENSAGEM_SEM_CERTIFICADO

    def has_permission(self, request, view):
        if isinstance(request.user, SistemaAutenticado):
            return True
        raise NotAuthenticated(MENSAGEM_SEM_CERTIFICADO)  # 401 with the challenge header
