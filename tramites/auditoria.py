"""pt-BR labels of the audit actions written by tramites (read by ``portal.auditoria``): people acting on
trâmites in the Portal (systems' and the bus's transitions are in each trâmite's status history)."""

from tramites.state_machine import Evento

ROTULOS = {f"tramite.{evento.value}": f"Trâmite: {evento.label.lower()}" for evento in Evento}
ROTULOS["tramite.cancelamento"] = "Trâmite cancelado no Portal de Administração"
ROTULOS["tramite.cancelamento_automatico"] = "Trâmites cancelados automaticamente por prazo"
ROTULOS["tramite.aviso_de_cancelamento"] = "Aviso de cancelamento automático enviado aos gestores do órgão"
ROTULOS["tramite.binarios_expurgados"] = "Arquivos digitais de trâmites encerrados expurgados"
ROTULOS["tramite.resumo_de_parados"] = "Resumo diário de trâmites parados enviado aos gestores do órgão"
