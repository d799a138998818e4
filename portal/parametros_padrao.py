"""Every solution parameter the portal knows, with its default value.

The data migration creates one ``Parametro`` row per entry; ``portal.services.parametros`` falls back
to these defaults if a row is missing. E-mail templates use Django template syntax (``{{ nome }}``);
the variables each one receives are listed in its description.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Definicao:
    chave: str
    categoria: str
    nome: str
    descricao: str
    tipo: str  # inteiro, texto, emails, modelo
    padrao: str
    unidade: str = ""
    minimo: int | None = None
    maximo: int | None = None


EXPURGO = "Expurgo e cancelamento automático"
SIORG = "Importação de estruturas do SIORG"
PAGINACAO = "Paginação da API"
NOTIFICAR = "Notificar via e-mail"
EMAIL = "Configuração de envio de e-mail"
EXPORTACAO = "Exportação de relatórios"
PAINEL = "Painel de Controle"


def _modelo(chave, nome, variaveis, assunto, corpo):
    descr = f"Variáveis disponíveis: {variaveis}."
    return [
        Definicao(f"email_{chave}_assunto", EMAIL, f"Assunto do e-mail de {nome}", descr, "modelo", assunto),
        Definicao(f"email_{chave}_corpo", EMAIL, f"Corpo do e-mail de {nome}", descr, "modelo", corpo),
    ]


DEFINICOES: list[Definicao] = [
    Definicao(
        "dias_cancelamento_automatico", EXPURGO, "Qtd. de dias para cancelamento automático de trâmite",
        "Dias corridos sem atualização após os quais um trâmite nas situações 1 a 4 é cancelado automaticamente.",
        "inteiro", "8", "dias corridos", 1, 365,
    ),
    Definicao(
        "dias_aviso_cancelamento", EXPURGO, "Qtd. de dias de antecedência do aviso de cancelamento automático",
        "Os gestores de protocolo do órgão remetente recebem um e-mail (um por órgão e por dia, uma vez por "
        "trâmite) listando os trâmites que serão cancelados automaticamente dentro deste número de dias.",
        "inteiro", "1", "dias corridos", 1, 30,
    ),
    Definicao(
        "dias_expurgo_cancelados", EXPURGO, "Qtd. de dias para expurgo dos binários de trâmites cancelados",
        "Dias corridos após o cancelamento em que os arquivos digitais do trâmite são apagados.",
        "inteiro", "7", "dias corridos", 1, 3650,
    ),
    Definicao(
        "dias_expurgo_concluidos", EXPURGO, "Qtd. de dias para expurgo dos binários de trâmites concluídos",
        "Dias corridos após a conclusão em que os arquivos digitais do trâmite são apagados.",
        "inteiro", "14", "dias corridos", 1, 3650,
    ),
    Definicao(
        "siorg_intervalo_horas", SIORG, "Intervalo entre execuções",
        "Horas entre duas importações automáticas da estrutura do Poder Executivo Federal a partir do SIORG.",
        "inteiro", "12", "horas", 1, 720,
    ),
    Definicao(
        "api_pagina_padrao", PAGINACAO, "Valor padrão para página de registros",
        "Quantidade de registros devolvida pela API quando o sistema não informa quantidadeDeRegistros.",
        "inteiro", "50", "registros", 1, 10000,
    ),
    Definicao(
        "api_pagina_maximo", PAGINACAO, "Valor máximo para página de registros",
        "Maior quantidade de registros que um sistema pode pedir em uma página da API.",
        "inteiro", "1000", "registros", 1, 100000,
    ),
    Definicao(
        "exportacao_limite_sincrono", EXPORTACAO, "Limite de linhas para exportação imediata",
        "Exportações (CSV/XLSX) com mais linhas que isto são geradas em segundo plano; o link para baixar o "
        "arquivo chega por e-mail e fica em Minhas exportações.",
        "inteiro", "20000", "linhas", 1, 1000000,
    ),
    Definicao(
        "exportacao_dias_retencao", EXPORTACAO, "Qtd. de dias para expurgo das exportações",
        "Dias corridos após a geração em que o arquivo de uma exportação em segundo plano é apagado.",
        "inteiro", "7", "dias corridos", 1, 365,
    ),
    Definicao(
        "dias_tramite_parado", PAINEL, "Qtd. de dias para considerar um trâmite parado",
        "Dias corridos na mesma situação (fora das situações finais) após os quais o trâmite aparece nos "
        "Alertas, no resumo diário enviado aos gestores de protocolo do órgão que deve agir e no "
        "diagnóstico do Painel de Controle.",
        "inteiro", "3", "dias corridos", 1, 365,
    ),
    Definicao(
        "emails_solicitacao_acesso", NOTIFICAR, "Solicitação de Acesso ao Tramita.GOV.BR",
        "Endereços (um por linha ou separados por vírgula) avisados de cada nova solicitação de acesso e "
        "do lembrete diário de solicitações pendentes.",
        "emails", "processo.eletronico@tramita.local", "e-mails",
    ),
    Definicao(
        "emails_autorizacao_acesso", NOTIFICAR, "Autorização de Acesso ao Tramita",
        "Endereços avisados quando uma solicitação de acesso é aprovada.",
        "emails", "processo.eletronico@tramita.local", "e-mails",
    ),
    *_modelo(
        "solicitacao_recebida", "solicitação de cadastro de órgão (para o solicitante)",
        "nome, orgao, protocolo, ambiente, link",
        "Solicitação de acesso {{ protocolo }} recebida",
        "Olá, {{ nome }}.\n\nRecebemos o pedido de acesso ao Tramita.GOV.BR ({{ ambiente }}) para "
        "{{ orgao }}. O número de protocolo é {{ protocolo }}.\n\nAcompanhe a análise em:\n{{ link }}\n\n"
        "Equipe do Tramita.GOV.BR",
    ),
    *_modelo(
        "solicitacao_nova", "aviso de nova solicitação (para a equipe do PEN)",
        "orgao, protocolo, ambiente, solicitante, link",
        "Nova solicitação de acesso: {{ orgao }}",
        "Há uma nova solicitação de acesso ao Tramita.GOV.BR ({{ ambiente }}).\n\nÓrgão/entidade: {{ orgao }}\n"
        "Solicitante: {{ solicitante }}\nProtocolo: {{ protocolo }}\n\nAnalise em: {{ link }}",
    ),
    *_modelo(
        "acesso_aprovado", "acesso ao ambiente aprovado",
        "nome, orgao, ambiente, link_senha, link_portal",
        "Cadastro de Órgão Aprovado",
        "Olá, {{ nome }}.\n\nO acesso de {{ orgao }} ao ambiente de {{ ambiente }} do Tramita.GOV.BR foi aprovado "
        "e você é o primeiro gestor de protocolo do órgão.\n\nDefina sua senha em:\n{{ link_senha }}\n\n"
        "Próximos passos no portal ({{ link_portal }}):\n"
        "1. Se o órgão não está no SIORG, cadastre a hierarquia de unidades.\n2. Cadastre os demais gestores.\n\n"
        "Manuais: https://manuais.processoeletronico.gov.br/\n\nEquipe do Tramita.GOV.BR",
    ),
    *_modelo(
        "exportacao_pronta", "exportação pronta para baixar",
        "nome, relatorio, linhas, link, dias",
        "Exportação pronta: {{ relatorio }}",
        "Olá, {{ nome }}.\n\nA exportação de {{ relatorio }} ({{ linhas }} linhas) está pronta. Baixe o arquivo em:\n"
        "{{ link }}\n\nO link só funciona com o seu login e o arquivo é apagado em {{ dias }} dias.\n\n"
        "Equipe do Tramita.GOV.BR",
    ),
    *_modelo(
        "autorizacao_acesso", "aviso de autorização (para a equipe do PEN)",
        "orgao, ambiente, avaliador",
        "Acesso autorizado: {{ orgao }}",
        "{{ avaliador }} autorizou o acesso de {{ orgao }} ao ambiente de {{ ambiente }}.",
    ),
    *_modelo(
        "reprovacao", "reprovação de cadastro",
        "nome, orgao, protocolo, justificativa, link",
        "Solicitação de acesso {{ protocolo }} não aprovada",
        "Olá, {{ nome }}.\n\nA solicitação de acesso de {{ orgao }} (protocolo {{ protocolo }}) não foi aprovada "
        "pelo seguinte motivo:\n\n{{ justificativa }}\n\nDetalhes em: {{ link }}\n\nEquipe do Tramita.GOV.BR",
    ),
    *_modelo(
        "gestor_adicionado", "cadastro de gestor em órgão",
        "nome, orgao, adicionado_por, link",
        "Você agora é gestor de protocolo de {{ orgao }}",
        "Olá, {{ nome }}.\n\n{{ adicionado_por }} cadastrou você como gestor de protocolo de {{ orgao }} "
        "no Tramita.GOV.BR.\n\nAcesse o portal em: {{ link }}",
    ),
    *_modelo(
        "gestor_removido", "remoção de gestor de órgão",
        "nome, orgao, removido_por",
        "Você não é mais gestor de protocolo de {{ orgao }}",
        "Olá, {{ nome }}.\n\n{{ removido_por }} removeu você da lista de gestores de protocolo de {{ orgao }}.",
    ),
    *_modelo(
        "lembrete_pendentes", "lembrete diário de solicitações pendentes",
        "quantidade, solicitacoes, link",
        "{{ quantidade }} solicitação(ões) de acesso aguardando há mais de 5 dias",
        "As solicitações abaixo aguardam análise há mais de 5 dias:\n\n{{ solicitacoes }}\n\nFila: {{ link }}",
    ),
    *_modelo(
        "certificado_expiracao", "aviso de expiração de certificado de sistema",
        "sistema, orgao, common_name, fingerprint, valido_ate, dias_restantes, situacao, link",
        "Certificado do sistema {{ sistema }} {{ situacao }}",
        "Prezados gestores de {{ orgao }},\n\nO certificado digital do sistema {{ sistema }} no Tramita.GOV.BR "
        "({{ common_name }}, fingerprint SHA-256 {{ fingerprint }}) é válido até {{ valido_ate }}: "
        "{{ situacao }}.\n\nSem um certificado válido o sistema deixa de se comunicar com o Tramita.GOV.BR. "
        "Gere um novo certificado e instale-o no sistema: {{ link }}\n\nEste aviso se repete a cada 14 dias "
        "até que o certificado seja substituído.",
    ),
    *_modelo(
        "deriva_estrutura", "aviso de unidades inativadas ainda mapeadas",
        "orgao, quantidade, origem, unidades, link",
        "{{ quantidade }} unidade(s) inativada(s) ainda mapeada(s) em {{ orgao }}",
        "Prezados gestores de {{ orgao }},\n\n{{ quantidade }} unidade(s) do órgão foi(ram) inativada(s) "
        "{{ origem }} e continua(m) configurada(s) no Tramita.GOV.BR:\n\n{{ unidades }}\n\n"
        "Processos enviados a uma unidade inativa podem ficar parados (por exemplo, na situação 8 após uma "
        "recusa). Vincule as unidades que a substituíram e desvincule as inativas: {{ link }}",
    ),
    *_modelo(
        "certificado_compartilhado", "aviso de certificado de sistema usado a partir de dois endereços",
        "sistema, orgao, common_name, fingerprint, endereco_anterior, quando_anterior, endereco, quando, link",
        "Certificado do sistema {{ sistema }} usado a partir de dois endereços",
        "Prezados gestores de {{ orgao }},\n\nO certificado digital do sistema {{ sistema }} no Tramita.GOV.BR "
        "({{ common_name }}, fingerprint SHA-256 {{ fingerprint }}) foi usado a partir de dois endereços em "
        "menos de 24 horas: {{ endereco_anterior }} em {{ quando_anterior }} e {{ endereco }} em {{ quando }}."
        "\n\nDuas instalações que compartilham um certificado recebem as pendências e os recibos uma da outra: "
        "processos aparecem como recebidos (status 6) mas não chegam ao sistema certo. Cada instalação (por "
        "exemplo, homologação e produção) deve usar o seu próprio certificado. Gere um novo certificado para "
        "a instalação que não deveria usar este: {{ link }}\n\nEste aviso é enviado no máximo uma vez por dia "
        "enquanto o uso compartilhado continuar.",
    ),
    *_modelo(
        "cancelamento_proximo", "aviso de cancelamento automático de trâmites (para os gestores do órgão remetente)",
        "orgao, quantidade, dias, prazo, tramites, link",
        "{{ quantidade }} trâmite(s) de {{ orgao }} será(ão) cancelado(s) automaticamente",
        "Prezados gestores de {{ orgao }},\n\n{{ quantidade }} trâmite(s) enviado(s) pelo órgão está(ão) parado(s) "
        "há quase {{ prazo }} dias corridos e será(ão) cancelado(s) automaticamente pelo Tramita.GOV.BR nos "
        "próximos {{ dias }} dia(s) (situação 10 – Trâmite cancelado automaticamente):\n\n{{ tramites }}\n\n"
        "Para evitar o cancelamento, o trâmite precisa avançar: veja em cada um onde está o processo e o que "
        "pode ser feito. Depois de cancelado, o processo precisa ser desbloqueado manualmente no sistema de "
        "origem e enviado novamente.\n\nPortal de Administração: {{ link }}",
    ),
    *_modelo(
        "tramites_parados", "resumo diário de trâmites parados (para os gestores do órgão que deve agir)",
        "orgao, quantidade, dias, tramites, link",
        "{{ quantidade }} trâmite(s) parado(s) aguardando {{ orgao }}",
        "Prezados gestores de {{ orgao }},\n\n{{ quantidade }} trâmite(s) está(ão) parado(s) há mais de {{ dias }} "
        "dia(s) corridos aguardando uma ação do sistema de processo eletrônico do órgão:\n\n{{ tramites }}\n\n"
        "Em cada trâmite, veja onde está o processo e o que pode ser feito; o Painel de Controle mostra o "
        "diagnóstico completo e os contatos dos gestores do outro órgão.\n\nPainel de Controle: {{ link }}",
    ),
    *_modelo(
        "sugestao_aceita", "sugestão de hipótese legal aceita",
        "nome, hipotese, base_legal",
        "Sugestão de hipótese legal aceita",
        "Olá, {{ nome }}.\n\nSua sugestão foi aceita: a hipótese legal \"{{ hipotese }}\" ({{ base_legal }}) "
        "passa a fazer parte do catálogo do Tramita.GOV.BR.",
    ),
    *_modelo(
        "sugestao_recusada", "sugestão de hipótese legal recusada",
        "nome, hipotese, motivo",
        "Sugestão de hipótese legal não aceita",
        "Olá, {{ nome }}.\n\nSua sugestão de hipótese legal \"{{ hipotese }}\" não foi aceita.\n\nMotivo: {{ motivo }}",
    ),
    *_modelo(
        "redefinir_senha", "redefinição de senha",
        "nome, link",
        "Redefinição de senha",
        "Olá, {{ nome }}.\n\nRecebemos um pedido para redefinir sua senha no Portal do Tramita.GOV.BR. "
        "Para escolher uma nova senha, acesse:\n{{ link }}\n\nSe não foi você, ignore esta mensagem.",
    ),
    *_modelo(
        "confirmar_email", "confirmação de e-mail",
        "nome, link",
        "Confirme seu endereço de e-mail",
        "Olá, {{ nome }}.\n\nConfirme este endereço de e-mail no Portal do Tramita.GOV.BR acessando:\n{{ link }}",
    ),
    *_modelo(
        "aviso_conta", "aviso de segurança da conta",
        "nome, aviso",
        "Aviso de segurança da sua conta",
        "Olá, {{ nome }}.\n\n{{ aviso }}\n\nSe não foi você, avise a equipe do Tramita.GOV.BR.",
    ),
]

POR_CHAVE = {d.chave: d for d in DEFINICOES}
