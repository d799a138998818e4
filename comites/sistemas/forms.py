from django import forms
from django.db.models import Q

from comites.models import Comite, Sistema
from portal import permissions
from portal.models import SistemaDeGoverno
from portal.permissions import Acao


class SistemaForm(forms.ModelForm):
    """Cadastrar / Editar an SPE. The órgão responsável is chosen among the comitês the user may reach."""

    publico_alvo = forms.TypedChoiceField(
        label="Público Alvo?", choices=[("sim", "Sim"), ("nao", "Não")], coerce=lambda v: v == "sim",
        widget=forms.RadioSelect, help_text=Sistema._meta.get_field("publico_alvo").help_text,
    )

    class Meta:
        model = Sistema
        fields = ["nome", "descricao", "sistema_de_governo", "orgao_responsavel", "publico_alvo"]
        labels = {"nome": "Nome", "descricao": "Descrição", "sistema_de_governo": "Sistema de Governo",
                  "orgao_responsavel": "Órgão responsável"}
        widgets = {"descricao": forms.Textarea(attrs={"rows": 3, "maxlength": 4000})}

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["descricao"].required = True
        self.fields["nome"].widget.attrs["maxlength"] = 250
        self.fields["sistema_de_governo"].queryset = SistemaDeGoverno.objects.filter(ativo=True)
        self.fields["sistema_de_governo"].empty_label = "Selecione"
        # Active órgãos in the user's scope (plus, when editing, the current one even if inactive since).
        atual = Q(pk=self.instance.orgao_responsavel_id) if self.instance.orgao_responsavel_id else Q(pk__in=[])
        self.fields["orgao_responsavel"].queryset = permissions.restringir(
            Comite.objects.select_related("unidade").filter(Q(ativo=True) | atual), usuario, Acao.SPE_EDITAR
        )
        self.fields["orgao_responsavel"].empty_label = "Selecione"
        if self.instance.pk:
            self.initial["publico_alvo"] = "sim" if self.instance.publico_alvo else "nao"
            # Keep the current values selectable even when they became inactive.
            self.fields["sistema_de_governo"].queryset = SistemaDeGoverno.objects.filter(
                pk__in=[*self.fields["sistema_de_governo"].queryset.values_list("pk", flat=True),
                        self.instance.sistema_de_governo_id]
            )

    def _post_clean(self):
        # The service validates and saves; the form only parses (no model validation here).
        pass


class VincularSistemaForm(forms.Form):
    sistema = forms.ModelChoiceField(label="Sistema", queryset=Sistema.objects.none())

    def __init__(self, *args, candidatos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sistema"].queryset = candidatos
