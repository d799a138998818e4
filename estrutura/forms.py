"""Forms of the estrutura screens (pt-BR labels and messages; limits from spec portal-features §7)."""

from django import forms
from django.core.validators import RegexValidator

from estrutura.formatos import planilha as formato_planilha
from estrutura.models import RepositorioDeEstruturas, Unidade
from portal.identificadores import ler_id

LIMITE_CSV_BYTES = 5 * 1024 * 1024
LIMITE_SIORG_BYTES = 500 * 1024 * 1024

so_digitos = RegexValidator(r"^[0-9]*$", "Use apenas números.")


class UnidadeForm(forms.Form):
    """Cadastrar/Editar unidade (Nome*, Sigla*, Código no Órgão/Entidade, Descrição*)."""

    nome = forms.CharField(label="Nome", max_length=250,
                           help_text="Boa prática: iniciais maiúsculas, sem escrever tudo em caixa alta.")
    sigla = forms.CharField(label="Sigla", max_length=formato_planilha.LIMITE_SIGLA)
    codigo_no_orgao = forms.CharField(label="Código no Órgão/Entidade", max_length=50, required=False,
                                      validators=[so_digitos],
                                      help_text="Código numérico que o órgão usa internamente para a unidade.")
    descricao = forms.CharField(label="Descrição", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, administrador=False, **kwargs):
        super().__init__(*args, **kwargs)
        if administrador:
            self.fields["eh_orgao"] = forms.BooleanField(
                label="É órgão/entidade", required=False,
                help_text="Marque para órgãos e entidades (podem ter comitê gestor próprio); "
                          "deixe desmarcado para unidades internas e categorias.",
            )

    @classmethod
    def inicial_de(cls, unidade: Unidade) -> dict:
        return {"nome": unidade.nome, "sigla": unidade.sigla, "codigo_no_orgao": unidade.codigo_no_orgao,
                "descricao": unidade.descricao, "eh_orgao": unidade.eh_orgao}


class AlterarPaiForm(forms.Form):
    novo_pai = forms.TypedChoiceField(label="Nova unidade superior", coerce=int)

    def __init__(self, *args, candidatas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidatas = {u.pk: u for u in candidatas}
        base = min((u.profundidade for u in candidatas), default=0)
        self.fields["novo_pai"].choices = [
            ("", "Selecione…"),
            *((u.pk, f"{'— ' * (u.profundidade - base)}{u}") for u in candidatas),
        ]

    def clean_novo_pai(self):
        return self.candidatas[self.cleaned_data["novo_pai"]]


class ReativarForm(forms.Form):
    incluir_subunidades = forms.BooleanField(label="Reativar também as subunidades inativas", required=False)


class ImportarCsvForm(forms.Form):
    arquivo = forms.FileField(
        label="Estruturas Organizacionais (arquivo CSV)",
        help_text="Colunas CODIGO, CODIGO DO PAI, NOME, SIGLA, SIGLA COMPLETA, separadas por vírgula ou ponto e "
                  "vírgula, em UTF-8.",
    )

    def clean_arquivo(self):
        arquivo = self.cleaned_data["arquivo"]
        if arquivo.size > LIMITE_CSV_BYTES:
            raise forms.ValidationError("O arquivo passa de 5 MB; divida-o em arquivos menores.")
        return arquivo


class VariosArquivosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class VariosArquivosField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", VariosArquivosInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        limpar = super().clean
        arquivos = [limpar(d, initial) for d in data] if isinstance(data, list | tuple) else [limpar(data, initial)]
        if sum(a.size for a in arquivos) > LIMITE_SIORG_BYTES:
            raise forms.ValidationError("Os arquivos passam de 500 MB no total.")
        return arquivos


class ImportarSiorgForm(forms.Form):
    arquivos = VariosArquivosField(
        label="Arquivos do SIORG",
        help_text="Respostas do web service do SIORG em JSON ou XML (lista ou unidade única) ou o CSV mensal de "
                  "dados abertos. Vários arquivos formam uma única importação.",
    )
    repositorio = forms.ModelChoiceField(label="Repositório", queryset=RepositorioDeEstruturas.objects.all(),
                                         empty_label=None)
    completa = forms.BooleanField(
        label="Os arquivos trazem a estrutura completa", required=False, initial=True,
        help_text="Numa importação completa, as unidades do SIORG que não estiverem nos arquivos são inativadas "
                  "(nunca excluídas). Desmarque para atualizar apenas algumas unidades.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        siorg = RepositorioDeEstruturas.objects.filter(is_siorg=True).first()
        if siorg is not None:
            self.fields["repositorio"].initial = siorg.pk


class RepositorioForm(forms.Form):
    nome = forms.CharField(label="Nome", max_length=250)
    descricao = forms.CharField(label="Descrição", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, repositorio=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.repositorio = repositorio

    def clean_nome(self):
        nome = " ".join(self.cleaned_data["nome"].split())
        outros = RepositorioDeEstruturas.objects.filter(nome__iexact=nome)
        if self.repositorio is not None:
            outros = outros.exclude(pk=self.repositorio.pk)
        if outros.exists():
            raise forms.ValidationError("Já existe um repositório com este nome.")
        return nome


class MigrarForm(forms.Form):
    unidade = forms.IntegerField(label="Unidade a migrar", widget=forms.HiddenInput, required=False)
    destino = forms.ModelChoiceField(label="Repositório de destino",
                                     queryset=RepositorioDeEstruturas.objects.filter(is_siorg=False, ativo=True),
                                     empty_label="Selecione…")
    novo_pai = forms.IntegerField(
        label="ID da unidade de destino", required=False, min_value=1,
        help_text="Deixe em branco para migrar para o primeiro nível do repositório de destino.",
    )

    def __init__(self, *args, repositorio=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.repositorio = repositorio

    def clean(self):
        dados = super().clean()
        pk = self.data.get("unidade") or dados.get("unidade")
        unidade = (Unidade.objects.filter(pk=pk, repositorio=self.repositorio).first()
                   if ler_id(str(pk)) is not None else None)
        if unidade is None:
            raise forms.ValidationError("Selecione na árvore a unidade que será migrada.")
        dados["unidade"] = unidade
        destino = dados.get("destino")
        if dados.get("novo_pai") and destino is not None:
            novo_pai = Unidade.objects.filter(pk=dados["novo_pai"], repositorio=destino).first()
            if novo_pai is None:
                self.add_error("novo_pai", "Não há unidade com este ID no repositório de destino.")
            dados["novo_pai"] = novo_pai
        return dados


class BuscaNaArvoreForm(forms.Form):
    q = forms.CharField(label="Buscar por nome ou sigla", max_length=250, required=False,
                        help_text="Informe ao menos 3 caracteres.")
    inativos = forms.BooleanField(label="Mostrar inativos", required=False)

    def clean_q(self):
        termo = " ".join(self.cleaned_data["q"].split())
        if termo and len(termo) < 3:
            raise forms.ValidationError("Informe ao menos 3 caracteres para buscar.")
        return termo
