"""Views of comites: thin — parse, check permission, call a service, render.

One module per screen group (``publico``, ``gestao``, ``gestores``, ``solicitacoes``); every view stays
importable from ``comites.views``.
"""

from comites.views.gestao import (  # noqa: F401
    OPERACOES_DE_COMITE,
    ComiteListView,
    _breadcrumbs_comite,
    _comite_visivel,
    comite_detalhe,
    comite_marcar_implantado,
    comite_operacao,
)
from comites.views.gestores import (  # noqa: F401
    MSG_LIMITE_DE_BUSCAS,
    _gestor_do_comite,
    gestor_adicionar,
    gestor_detalhe,
    gestor_remover,
    gestores_do_comite,
)
from comites.views.publico import (  # noqa: F401
    ORGAOS_POR_PAGINA,
    _busca_siorg,
    _sem,
    acompanhar_solicitacao,
    gestores_publicos,
    orgaos_publicos,
)
from comites.views.solicitacoes import (  # noqa: F401
    DOCUMENTOS,
    SolicitacaoListView,
    _breadcrumbs_solicitacao,
    _decisao_form,
    _repositorios_do_avaliador,
    _solicitacao_visivel,
    solicitacao_assumir,
    solicitacao_corrigir,
    solicitacao_decidir,
    solicitacao_detalhe,
    solicitacao_documento,
    solicitacao_nota,
)
