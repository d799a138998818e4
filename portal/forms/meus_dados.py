from django import forms

from portal.validators import validar_telefone

_TELEFONE = {"autocomplete": "tel", "inputmode": "tel", "placeholder": "(61) 91234-5678"}


class MeusDadosForm(forms.Form):
    """What a person edits about themselves. The CPF is fixed; the login e-mail changes in allauth's page."""

    nome = forms.CharField(label="Nome", max_length=250, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email_unidade = forms.EmailField(
        label="E-mail da Unidade", max_length=254,
        help_text="O e-mail institucional da sua unidade, exibido na lista pública de gestores.",
    )
    telefone = forms.CharField(label="Telefone", max_length=20, validators=[validar_telefone],
                               widget=forms.TextInput(attrs=_TELEFONE))
    celular = forms.CharField(label="Celular", max_length=20, validators=[validar_telefone],
                              widget=forms.TextInput(attrs=_TELEFONE))
