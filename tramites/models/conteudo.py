"""What a trâmite carries: documents (with espécie, sigilo and hipótese legal) and their digital components."""

from django.db import models

from tramites.escopo import PorLadosDoTramite


class NivelDeSigilo(models.IntegerChoices):
    PUBLICO = 1, "Público"
    RESTRITO = 2, "Restrito"
    SIGILOSO = 3, "Sigiloso"


class Documento(models.Model):
    tramite = models.ForeignKey("tramites.Tramite", on_delete=models.CASCADE, related_name="documentos")
    protocolo = models.CharField("protocolo", max_length=50, help_text="O processo ou documento a que pertence.")
    ordem = models.PositiveIntegerField("ordem")
    descricao = models.CharField("descrição", max_length=100, blank=True)
    especie = models.ForeignKey(
        "hipoteses.EspecieDocumental", verbose_name="espécie", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", to_field="codigo")
    especie_nome_no_produtor = models.CharField("espécie no produtor", max_length=100, blank=True)
    nivel_de_sigilo = models.PositiveSmallIntegerField("nível de acesso", choices=NivelDeSigilo.choices,
                                                       default=NivelDeSigilo.PUBLICO)
    hipotese_legal = models.ForeignKey(
        "hipoteses.HipoteseLegal", verbose_name="hipótese legal", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", to_field="identificacao")
    retirado = models.BooleanField("retirado", default=False, help_text="Documento cancelado ou movido.")

    regra_de_escopo = PorLadosDoTramite("tramite__")

    class Meta:
        verbose_name = "documento"
        verbose_name_plural = "documentos"
        ordering = ["tramite", "protocolo", "ordem"]
        constraints = [
            models.UniqueConstraint(fields=["tramite", "protocolo", "ordem"], name="ordem_unica_de_documento"),
        ]

    def __str__(self):
        return f"{self.ordem}. {self.descricao or self.especie_nome_no_produtor}"


class ComponenteDigital(models.Model):
    """One file of a document. ``hash`` is base64(SHA-256(bytes)) and identifies it (spec §4.3); the bytes
    live in the components storage at ``caminho``, never in the database."""

    tramite = models.ForeignKey("tramites.Tramite", on_delete=models.CASCADE, related_name="componentes")
    documento = models.ForeignKey(Documento, on_delete=models.CASCADE, related_name="componentes")
    ordem = models.PositiveIntegerField("ordem")
    nome = models.CharField("nome", max_length=255)
    hash = models.CharField("hash (SHA-256, base64)", max_length=44)
    tamanho = models.BigIntegerField("tamanho em bytes")
    mime_type = models.CharField("mime type", max_length=100)
    tipo_de_conteudo = models.CharField("tipo de conteúdo", max_length=3, blank=True)
    caminho = models.CharField("arquivo armazenado", max_length=500, blank=True)
    solicitado = models.BooleanField("solicitado ao remetente", default=True,
                                     help_text="Não, quando o Tramita já o tem de um trâmite anterior do NRE.")
    bytes_recebidos = models.BigIntegerField("bytes recebidos", default=0)
    recebido = models.BooleanField("recebido", default=False)
    verificado = models.BooleanField("hash verificado", default=False)
    baixado = models.BooleanField("obtido pelo destinatário", default=False)
    # The bytes were deleted after the trâmite's retention (tramites.services.expurgo); name, size and hash stay.
    expurgado_em = models.DateTimeField("arquivo expurgado em", null=True, blank=True)
    # The byte ranges the receiver has downloaded so far, merged: [[inicio, fim), …] (fim exclusive).
    # ``baixado`` turns true once they cover [0, tamanho) (tramites.services.recebimento).
    intervalos_baixados = models.JSONField("intervalos obtidos pelo destinatário", default=list, blank=True)
    # Why the last upload was refused by the off-request hash check (empty when none was): the sender
    # learns it from the termination call and sends the component again.
    falha_de_verificacao = models.CharField("falha na verificação", max_length=500, blank=True)

    regra_de_escopo = PorLadosDoTramite("tramite__")

    class Meta:
        verbose_name = "componente digital"
        verbose_name_plural = "componentes digitais"
        ordering = ["documento", "ordem"]
        indexes = [models.Index(fields=["tramite", "hash"], name="componente_tramite_hash_idx")]
        constraints = [
            models.UniqueConstraint(fields=["documento", "ordem"], name="ordem_unica_de_componente"),
        ]

    def __str__(self):
        return self.nome

    # The espécie, sigilo and hipótese legal are the document's (spec §4.1): read through it.
    @property
    def especie(self):
        return self.documento.especie

    @property
    def nivel_de_sigilo(self) -> int:
        return self.documento.nivel_de_sigilo

    @property
    def hipotese_legal(self):
        return self.documento.hipotese_legal
