"""Forms of the catalogues and of the suggestions. They only parse input; services validate and save."""

from django import forms

from portal.models import GestorTecnologico, SistemaDeGoverno

from .models import EspecieDocumental, HipoteseLegal, SugestaoDeHipotese

STATUS = [("1", "Ativo"), ("0", "Inativo")]


def _texto_longo(linhas: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": linhas})


class StatusField(forms.TypedChoiceField):
    """Ativo/Inativo as radio buttons, giving a bool."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=STATUS, coerce=lambda v: v == "1", widget=forms.RadioSelect, label="Situação", **kwargs
        )


class CatalogoForm(forms.ModelForm):
    """Base: ``dados()`` is what the services receive."""

    def dados(self) -> dict:
        return dict(self.cleaned_data)


class HipoteseLegalForm(CatalogoForm):
    ativo = StatusField(initial="1")

    class Meta:
        model = HipoteseLegal
        fields = ["nome", "base_legal", "descricao", "ativo"]
        labels = {"nome": "Nome", "base_legal": "Base Legal", "descricao": "Descrição"}
        help_texts = {
            "nome": "Nome conciso da hipótese (máx. 100 caracteres).",
            "base_legal": "Fundamento legal, por exemplo: Art. 31 da Lei nº 12.527/2011 (máx. 100 caracteres).",
            "descricao": "Em que situações a hipótese se aplica (máx. 500 caracteres).",
        }
        widgets = {"descricao": _texto_longo()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["descricao"].required = True  # spec §10.1: Descrição* (the seeds came without one)
        if self.instance.pk:
            self.initial["ativo"] = "1" if self.instance.ativo else "0"

    def _post_clean(self):
        # Uniqueness and the rest are checked by the service, which the view calls next.
        pass


class EspecieDocumentalForm(CatalogoForm):
    class Meta:
        model = EspecieDocumental
        fields = ["codigo", "nome", "observacao"]
        labels = {"codigo": "Código", "nome": "Nome", "observacao": "Observação"}
        help_texts = {
            "codigo": "Código da espécie na API do Tramita.GOV.BR; não pode ser alterado depois.",
            "nome": "Nome da espécie, enviado aos sistemas como nomeNoProdutor (máx. 100 caracteres).",
            "observacao": "Complementos usuais e orientações de uso (máx. 300 caracteres).",
        }
        widgets = {"observacao": _texto_longo(3)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codigo"].min_value = 1
        self.fields["codigo"].widget.attrs["min"] = 1
        if self.instance.pk:
            self.fields["codigo"].disabled = True

    def _post_clean(self):
        pass


class SistemaDeGovernoForm(CatalogoForm):
    class Meta:
        model = SistemaDeGoverno
        fields = ["nome", "sigla", "descricao"]
        labels = {"nome": "Nome", "sigla": "Sigla", "descricao": "Descrição"}
        help_texts = {"nome": "Máx. 50 caracteres.", "descricao": "Máx. 200 caracteres."}

    def _post_clean(self):
        pass


class GestorTecnologicoForm(CatalogoForm):
    class Meta:
        model = GestorTecnologico
        fields = ["nome", "descricao", "interno"]
        labels = {"nome": "Nome", "descricao": "Descrição", "interno": "Hospedado pelo próprio órgão (Interno)"}
        help_texts = {
            "nome": "Nome da empresa pública na qual o sistema está implantado (máx. 50 caracteres).",
            "descricao": "Máx. 100 caracteres.",
        }

    def _post_clean(self):
        pass


class SugestaoForm(forms.ModelForm):
    class Meta:
        model = SugestaoDeHipotese
        fields = ["nome", "base_legal", "descricao", "justificativa"]
        labels = {"nome": "Nome", "base_legal": "Base Legal", "descricao": "Descrição",
                  "justificativa": "Justificativa"}
        help_texts = {
            "nome": "Nome conciso da hipótese (máx. 100 caracteres).",
            "base_legal": "Fundamento legal, por exemplo: Art. 31 da Lei nº 12.527/2011 (máx. 100 caracteres).",
            "descricao": "Em que situações a hipótese se aplica (máx. 500 caracteres).",
            "justificativa": "Por que nenhuma hipótese do catálogo atende ao caso (máx. 2000 caracteres).",
        }
        widgets = {"descricao": _texto_longo(), "justificativa": _texto_longo(6)}

    def _post_clean(self):
        pass


class AceiteForm(forms.Form):
    """The administrator may adjust the suggested texts before the hipótese is created."""

    nome = forms.CharField(label="Nome", max_length=100)
    base_legal = forms.CharField(label="Base Legal", max_length=100)
    descricao = forms.CharField(label="Descrição", max_length=500, widget=_texto_longo())


class RecusaForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo da recusa", max_length=1000, widget=_texto_longo(),
        help_text="Enviado por e-mail a quem sugeriu (máx. 1000 caracteres).",
        error_messages={"required": "Informe o motivo da recusa."},
    )
