from django.conf import settings
from django.db import models


class ExportacaoAgendada(models.Model):
    """A large list export produced by a Celery job; only its owner may download the file."""

    class Situacao(models.TextChoices):
        NA_FILA = "na_fila", "Na fila"
        EM_EXECUCAO = "em_execucao", "Em execução"
        PRONTA = "pronta", "Pronta"
        ERRO = "erro", "Erro"

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="solicitante", on_delete=models.CASCADE,
                                related_name="exportacoes")
    titulo = models.CharField("relatório", max_length=200)
    formato = models.CharField("formato", max_length=4)
    caminho = models.CharField("página", max_length=500)  # the list page's path, resolved again by the job
    consulta = models.TextField("filtros", blank=True)  # its query string, without ``exportar``
    situacao = models.CharField("situação", max_length=12, choices=Situacao.choices, default=Situacao.NA_FILA)
    arquivo = models.FileField("arquivo", upload_to="exportacoes/", blank=True)
    linhas = models.PositiveIntegerField("linhas", default=0)
    mensagem = models.CharField("mensagem", max_length=500, blank=True)
    criada_em = models.DateTimeField("solicitada em", auto_now_add=True, db_index=True)
    concluida_em = models.DateTimeField("concluída em", null=True, blank=True)

    class Meta:
        verbose_name = "exportação agendada"
        verbose_name_plural = "exportações agendadas"
        ordering = ["-criada_em", "-id"]

    def __str__(self):
        return f"{self.titulo} ({self.formato.upper()}) de {self.criada_em:%d/%m/%Y %H:%M}"
