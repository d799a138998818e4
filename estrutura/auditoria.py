"""pt-BR labels of the audit actions written by estrutura (read by ``portal.auditoria``)."""

ROTULOS = {
    "estrutura.repositorio.criado": "Repositório de estruturas criado",
    "estrutura.repositorio.editado": "Repositório de estruturas alterado",
    "estrutura.repositorio.excluido": "Repositório de estruturas excluído",
    "estrutura.repositorio.inativado": "Repositório de estruturas inativado",
    "estrutura.repositorio.reativado": "Repositório de estruturas reativado",
    "estrutura.unidade.criada": "Unidade criada",
    "estrutura.unidade.editada": "Unidade alterada",
    "estrutura.unidade.movida": "Unidade movida para outro nó pai",
    "estrutura.unidade.migrada": "Unidade migrada para outro repositório",
    "estrutura.unidade.inativada": "Unidade inativada",
    "estrutura.unidade.reativada": "Unidade reativada",
    "estrutura.unidades.mapeamento": "Unidades vinculadas a sistema de processo eletrônico (envio/recebimento)",
    "estrutura.centralizadora.definida": "Unidade(s) centralizadora(s) definida(s)",
    "estrutura.centralizadora.removida": "Unidade centralizadora removida",
    "estrutura.centralizadora.atendidas": "Unidades atendidas por centralizadora alteradas",
    "estrutura.csv.previa": "Planilha de estruturas conferida (prévia)",
    "estrutura.csv.importado": "Planilha de estruturas importada",
    "estrutura.csv.cancelado": "Importação de planilha cancelada",
    "estrutura.siorg.importacao": "Estrutura do SIORG importada",
    "estrutura.importacao.interrompida": "Importação interrompida (o processamento parou de responder)",
}
