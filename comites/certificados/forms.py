from django import forms

from comites.certificados.models import Certificado

TAMANHO_MAXIMO_CSR = 64 * 1024


class CsrForm(forms.Form):
    requisicao = forms.FileField(
        label="Requisição de certificado (CSR)",
        help_text="Arquivo .csr/.pem (PEM) ou .der gerado no órgão, por exemplo com "
                  "“openssl req -new -newkey rsa:2048 -keyout chave.pem -out requisicao.csr”. "
                  "A chave privada fica no órgão: envie só a requisição.",
    )

    def clean_requisicao(self):
        arquivo = self.cleaned_data["requisicao"]
        if arquivo.size > TAMANHO_MAXIMO_CSR:
            raise forms.ValidationError("A requisição deve ter no máximo 64 KB.")
        return arquivo.read()


class RevogacaoForm(forms.Form):
    motivo = forms.ChoiceField(label="Motivo", choices=[("", "Selecione"), *Certificado.Motivo.choices])
    justificativa = forms.CharField(
        label="Justificativa", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
    )
