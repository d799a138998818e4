"""What Celery's autodiscovery imports for this app: every task module of ``tramites.tarefas``."""

from tramites.tarefas.autocancelamento import cancelar_vencidos  # noqa: F401
from tramites.tarefas.aviso import avisar_cancelamento_proximo  # noqa: F401
from tramites.tarefas.componentes import retomar_verificacoes, verificar_componentes  # noqa: F401
from tramites.tarefas.contadores import compactar_contadores  # noqa: F401
from tramites.tarefas.expurgo import expurgar_binarios  # noqa: F401
from tramites.tarefas.resumo import enviar_resumo_de_parados  # noqa: F401
