"""Thin views of the estrutura screens: parse, check ``portal.permissions``, call a service, render.

One module per feature (``hierarquia``, ``importacoes``, ``repositorios``, ``publico``; helpers in
``comum``); every view stays importable from ``estrutura.views``.
"""

from estrutura.views.comum import (  # noqa: F401
    LIMITE_DA_ARVORE,
    NIVEIS_QUANDO_GRANDE,
    _arvore_de,
    _com_voltar,
    _eh_administrador,
    _mensagens_de,
    _voltar,
)
from estrutura.views.hierarquia import (  # noqa: F401
    ACOES_DA_HIERARQUIA,
    AcaoNaHierarquiaView,
    AlterarPaiView,
    HierarquiaView,
    InativarView,
    OrgaoMixin,
    ReativarView,
    UnidadeDetalheView,
    UnidadeDoOrgaoMixin,
    UnidadeFormView,
)
from estrutura.views.importacoes import (  # noqa: F401
    ImportacaoDetalheView,
    ImportacoesView,
    ImportarCsvView,
    ImportarSiorgView,
    modelo_csv,
)
from estrutura.views.publico import (  # noqa: F401
    ConsultarUnidadesView,
)
from estrutura.views.repositorios import (  # noqa: F401
    AdicionarOrgaoView,
    MigrarView,
    RepositorioAcaoView,
    RepositorioExcluirView,
    RepositorioFormView,
    RepositorioMixin,
    RepositorioOrgaosView,
    RepositorioSituacaoView,
    RepositoriosView,
    _esqueleto,
)
