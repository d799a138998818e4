from django import forms
from django.core.exceptions import ValidationError

from portal.models import Parametro
from portal.services import parametros


class ParametroForm(forms.Form):
    valor = forms.CharField(
        label="Valor",
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 8000}),
        error_messages={"max_length": "O valor pode ter no máximo 8000 caracteres."},
    )

    def __init__(self, *args, parametro: Parametro, **kwargs):
        self.parametro = parametro
        kwargs.setdefault("initial", {"valor": parametro.valor})
        super().__init__(*args, **kwargs)
        campo = self.fields["valor"]
        if parametro.tipo == Parametro.Tipo.INTEIRO:
            campo.widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 10})
            limites = [f"mínimo {parametro.minimo}" if parametro.minimo is not None else "",
                       f"máximo {parametro.maximo}" if parametro.maximo is not None else ""]
            campo.help_text = f"Em {parametro.unidade}. " + ", ".join(x for x in limites if x).capitalize() + "."
        elif parametro.tipo == Parametro.Tipo.EMAILS:
            campo.help_text = "Um endereço por linha (ou separados por vírgula)."
        elif parametro.tipo == Parametro.Tipo.MODELO:
            campo.widget.attrs["rows"] = 12 if parametro.chave.endswith("_corpo") else 2
            campo.help_text = "Use {{ variavel }} para inserir os dados. " + parametro.descricao

    def clean_valor(self):
        try:
            return parametros.validar(self.parametro, self.cleaned_data.get("valor", ""))
        except ValidationError as erro:
            raise ValidationError(erro.messages) from None
