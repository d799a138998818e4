"""pt-BR labels of the audit actions written by comites (read by ``portal.auditoria``)."""

ROTULOS = {
    "solicitacao_acesso.criada": "Solicitação de acesso enviada",
    "solicitacao_acesso.em_analise": "Solicitação de acesso assumida para análise",
    "solicitacao_acesso.nota": "Nota interna registrada na solicitação de acesso",
    "solicitacao_acesso.corrigida": "Dados do órgão corrigidos na solicitação de acesso",
    "solicitacao_acesso.aprovada": "Solicitação de acesso aprovada",
    "solicitacao_acesso.recusada": "Solicitação de acesso recusada",
    "comite.criado": "Comitê gestor criado",
    "comite.reativado": "Comitê gestor reativado",
    "comite.inativado": "Comitê gestor inativado",
    "comite.excluido": "Comitê gestor excluído",
    "comite.implantado": "Órgão marcado como implantado",
    "gestor.adicionado": "Gestor de protocolo adicionado",
    "gestor.readicionado": "Gestor de protocolo adicionado de novo",
    "gestor.removido": "Gestor de protocolo removido",
    "unidade.criada": "Órgão criado na aprovação de solicitação de acesso",
    "certificado.ac_inicializada": "Autoridade certificadora do portal inicializada",
    "certificado.gerado": "Certificado digital de sistema gerado",
    "certificado.emitido_por_csr": "Certificado digital de sistema emitido a partir de requisição (CSR)",
    "certificado.revogado": "Certificado digital de sistema revogado",
    "certificado.aviso_de_expiracao": "Aviso de expiração de certificado enviado aos gestores",
}
