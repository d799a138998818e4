"""Business operations of comitês, gestores and access requests: the only writers of this app.

Every state change runs in a transaction and writes its audit record inside it; e-mails go out once
the transaction commits (``portal.services.email.enviar``). One module per feature; every name stays
importable from ``comites.services``.
"""

from comites.services.avaliacao import (  # noqa: F401
    CAMPOS_CORRIGIVEIS,
    _exigir_em_aberto,
    _incluir_gestor,
    _pessoa_do_solicitante,
    _travar,
    _unidade_do_orgao,
    adicionar_nota,
    aprovar,
    assumir_analise,
    corrigir_orgao,
    enviar_lembrete_pendentes,
    recusar,
    solicitacoes_pendentes_ha,
)
from comites.services.ciclo_de_vida import (  # noqa: F401
    checklist_do_comite,
    excluir_comite,
    inativar_comite,
    marcar_implantado,
    reativar_comite,
    tem_sistema_vinculado,
)
from comites.services.comum import (  # noqa: F401
    DIAS_PARA_LEMBRETE,
    MSG_EXCLUSAO_COM_SISTEMA,
    Duplicidade,
    ErroDeNegocio,
    ProducaoNaoHabilitada,
    SolicitacaoDuplicada,
    Status,
    _usuario_repr,
    comites_publicos,
    gestores_ativos,
    link_de_acompanhamento,
    link_para_definir_senha,
    orgaos_publicos,
    repositorio_siorg,
    url_absoluta,
)
from comites.services.gestores import (  # noqa: F401
    _avisar_gestor_adicionado,
    _travar_comite,
    adicionar_gestor,
    buscar_pessoa_por_cpf,
    cadastrar_e_adicionar_gestor,
    gestores_utilizaveis,
    remover_gestor,
)
from comites.services.solicitacoes import (  # noqa: F401
    CAMPOS_DA_SOLICITACAO,
    _avisar_nova_solicitacao,
    _novo_protocolo,
    checklist_para_producao,
    criar_solicitacao,
    duplicidade,
)
