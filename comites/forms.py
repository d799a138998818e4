"""Forms of the access request, its evaluation, and gestor management (pt-BR messages)."""

from django import forms
from django.conf import settings

from comites.arquivos import validar_documento
from comites.models import UFS, Ambiente
from estrutura.models import RepositorioDeEstruturas, Unidade
from portal.models import GestorTecnologico, SistemaDeGoverno
from portal.validators import validar_cep, validar_cnpj, validar_cpf, validar_telefone

SIM_NAO = [("sim", "Sim"), ("nao", "Não")]

# Standard refusal reasons (spec §3.3, "Guia Operacional para Recusa de Acesso"); texts written for the portal.
MOTIVOS_DE_RECUSA = [
    ("producao_sem_homologacao", "Produção sem os requisitos de homologação",
     "O acesso ao ambiente de produção exige que o órgão conclua antes, em homologação, os testes mínimos: "
     "um envio e um recebimento de processo com sucesso (status 6) e uma recusa de recebimento (status 9). "
     "Conclua os testes e faça uma nova solicitação."),
    ("documentacao_incompleta", "Documentação incompleta ou inadequada",
     "A documentação enviada está incompleta ou não corresponde ao tipo de solicitante. Envie uma nova "
     "solicitação com o documento comprobatório adequado e a cópia do documento de identificação."),
    ("nao_habilitado", "Órgão/entidade não habilitado",
     "Pelas regras da Portaria SEGES/MGI nº 1.363/2025, este órgão/entidade não está habilitado a usar a "
     "plataforma Tramita.GOV.BR."),
    ("ja_cadastrado", "Órgão já cadastrado",
     "Este órgão/entidade já está cadastrado no Tramita.GOV.BR. Consulte a lista pública de gestores do "
     "portal e peça a um gestor do seu órgão que inclua você. Se não houver gestor ativo, abra um chamado na "
     "Central de Atendimento com a comprovação do seu vínculo e seus dados de contato."),
    ("municipio_direto", "Solicitação feita diretamente por Município",
     "Municípios aderem ao Tramita.GOV.BR por meio do respectivo Estado, no âmbito do ProPEN. Procure o "
     "Estado para formalizar a adesão."),
    ("unidade_sem_autonomia", "Unidade sem autonomia (não é a unidade raiz)",
     "A solicitação foi feita por uma unidade administrativa sem autonomia. Só a unidade raiz do órgão ou "
     "entidade pode solicitar acesso; as demais unidades são configuradas pelos gestores do órgão."),
    ("conselho_regional", "Conselho Regional",
     "Conselhos Regionais devem ser atendidos por meio do respectivo Conselho Federal, que os supervisiona."),
    ("agu_descentralizada", "Servidor descentralizado da AGU",
     "A AGU tem um único cadastro na plataforma. Procure os gestores já cadastrados da AGU ou escreva para "
     "sapiens@agu.gov.br."),
    ("antiga", "Solicitação antiga",
     "Esta solicitação foi encerrada por ser antiga. Se ainda houver interesse, faça uma nova solicitação."),
    ("finalidade_nao_identificada", "Finalidade não identificada",
     "Não foi possível identificar a finalidade da solicitação. Se for o caso, envie uma nova solicitação "
     "com os dados e documentos do órgão/entidade."),
]
TEXTOS_DE_RECUSA = {codigo: texto for codigo, _rotulo, texto in MOTIVOS_DE_RECUSA}


def _email_confirmado(form, campo, confirmacao, rotulo):
    valor = (form.cleaned_data.get(campo) or "").strip().lower()
    repetido = (form.cleaned_data.get(confirmacao) or "").strip().lower()
    if valor and repetido and valor != repetido:
        form.add_error(confirmacao, f"A confirmação não confere com o {rotulo} informado.")


class CampoDeTelefone(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("validators", [validar_telefone])
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("placeholder", "(61) 91234-5678")


def _resolver_orgao_siorg(form, unidade_id, campo="unidade"):
    """The SIORG root unit with that id, or a form error explaining why it cannot be chosen."""
    if not unidade_id:
        form.add_error(campo, "Busque o órgão pelo nome e selecione a unidade raiz na lista.")
        return None
    unidade = Unidade.objects.filter(pk=unidade_id, repositorio__is_siorg=True).select_related("repositorio").first()
    if unidade is None:
        form.add_error(campo, "Órgão não encontrado no SIORG. Busque de novo pelo nome.")
        return None
    if not unidade.ativo:
        form.add_error(campo, "Esta unidade está inativa no SIORG.")
        return None
    if not unidade.eh_orgao:
        orgao = unidade.orgao()
        explicacao = f" Ela faz parte de {orgao}: selecione o órgão." if orgao else ""
        form.add_error(
            campo,
            f"{unidade} é uma unidade interna, não a unidade raiz de um órgão/entidade. Só a unidade raiz pode "
            f"pedir acesso; as demais são configuradas depois pelos gestores do órgão.{explicacao}",
        )
        return None
    return unidade


class SolicitacaoDeAcessoForm(forms.Form):
    """The public form (spec §3.2). The SIORG unit comes from the search results' radio buttons."""

    ambiente = forms.ChoiceField(label="Ambiente", choices=Ambiente.choices, widget=forms.RadioSelect,
                                 help_text="O primeiro pedido é sempre para homologação; produção vem depois "
                                           "dos testes mínimos em homologação.")
    executivo_federal = forms.ChoiceField(
        label="Executivo Federal", choices=SIM_NAO, widget=forms.RadioSelect,
        help_text="Sim para órgãos e entidades da administração direta, autárquica e fundacional do Poder "
                  "Executivo Federal (cadastrados no SIORG).",
    )
    unidade = forms.IntegerField(label="Órgão/Entidade no SIORG", required=False, widget=forms.HiddenInput)

    orgao_nome = forms.CharField(label="Nome", max_length=250, required=False)
    orgao_sigla = forms.CharField(label="Sigla", max_length=100, required=False)
    orgao_uf = forms.ChoiceField(label="UF", choices=[("", "Selecione")] + UFS, required=False)
    orgao_cnpj = forms.CharField(label="CNPJ", max_length=18, required=False, validators=[validar_cnpj],
                                 widget=forms.TextInput(attrs={"placeholder": "00.000.000/0000-00",
                                                               "inputmode": "numeric"}))
    orgao_endereco = forms.CharField(label="Endereço", max_length=1000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    orgao_cep = forms.CharField(label="CEP", max_length=9, required=False, validators=[validar_cep],
                                widget=forms.TextInput(attrs={"placeholder": "00000-000", "inputmode": "numeric"}))

    gestor_tecnologico = forms.ModelChoiceField(
        label="Onde está implantado o seu Sistema de Processo Eletrônico",
        queryset=GestorTecnologico.objects.filter(ativo=True), empty_label="Selecione",
    )
    sistema_de_governo = forms.ModelChoiceField(
        label="Sistema de Governo (sistema de processo eletrônico usado pelo órgão)",
        queryset=SistemaDeGoverno.objects.filter(ativo=True), empty_label="Selecione",
    )

    nome = forms.CharField(label="Nome", max_length=250)
    cpf = forms.CharField(label="CPF", max_length=14, validators=[validar_cpf],
                          help_text="O seu CPF (de quem será o gestor de protocolo).",
                          widget=forms.TextInput(attrs={"placeholder": "000.000.000-00", "inputmode": "numeric"}))
    email = forms.EmailField(label="E-mail", help_text="Seu e-mail pessoal de trabalho: será o seu login no portal.")
    email_confirmacao = forms.EmailField(label="Confirme o e-mail")
    email_unidade = forms.EmailField(label="E-mail da Unidade",
                                     help_text="E-mail institucional do protocolo, divulgado na lista pública de "
                                               "gestores.")
    email_unidade_confirmacao = forms.EmailField(label="Confirme o e-mail da Unidade")
    telefone = CampoDeTelefone(label="Telefone")
    celular = CampoDeTelefone(label="Celular",
                              help_text="Usado para incluir você na Comunidade Tramita.GOV.BR (WhatsApp).")
    documento_comprobatorio = forms.FileField(
        label="Documento comprobatório", validators=[validar_documento],
        help_text="Documento que comprova seu vínculo com o órgão (portaria, termo de designação ou documento "
                  "de adesão ao ProPEN). PDF, PNG ou JPEG, até 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
    )
    documento_identificacao = forms.FileField(
        label="RG/CPF", validators=[validar_documento],
        help_text="Cópia de documento oficial com o seu CPF. PDF, PNG ou JPEG, até 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
    )
    # Honeypot: hidden by CSS; people are told to leave it empty, bots tend to fill it.
    website = forms.CharField(
        label="Deixe este campo em branco", required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    CAMPOS_NAO_SIORG = ("orgao_nome", "orgao_sigla", "orgao_uf", "orgao_cnpj", "orgao_endereco", "orgao_cep")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ambiente"].initial = settings.AMBIENTE
        self.unidade_escolhida = None

    @property
    def foi_robo(self) -> bool:
        return bool(self.is_bound and (self.data.get("website") or "").strip())

    def clean(self):
        dados = super().clean()
        if self.foi_robo:
            raise forms.ValidationError("Não foi possível enviar a solicitação. Deixe em branco o campo indicado.")
        executivo = dados.get("executivo_federal")
        dados["executivo_federal"] = executivo == "sim"
        if executivo == "sim":
            self.unidade_escolhida = _resolver_orgao_siorg(self, dados.get("unidade"))
            dados["unidade"] = self.unidade_escolhida
        elif executivo == "nao":
            dados["unidade"] = None
            for campo in self.CAMPOS_NAO_SIORG:
                if not (dados.get(campo) or "").strip() and campo not in self.errors:
                    self.add_error(campo, "Campo obrigatório para órgãos fora do Executivo Federal.")
        _email_confirmado(self, "email", "email_confirmacao", "e-mail")
        _email_confirmado(self, "email_unidade", "email_unidade_confirmacao", "e-mail da unidade")
        return dados


class CorrecaoDoOrgaoForm(forms.Form):
    """The evaluator's corrections of the órgão data before deciding (spec §3.3)."""

    executivo_federal = forms.ChoiceField(label="Executivo Federal", choices=SIM_NAO, widget=forms.RadioSelect)
    unidade = forms.IntegerField(
        label="Órgão no SIORG (ID da unidade raiz)", required=False, min_value=1,
        help_text="Use a busca acima para achar o ID. Só para Executivo Federal = Sim.",
    )
    repositorio = forms.ModelChoiceField(
        label="Repositório de estruturas em que o órgão será cadastrado", required=False,
        queryset=RepositorioDeEstruturas.objects.none(), empty_label="Selecione",
        help_text="Só para órgãos fora do SIORG. Na aprovação, o órgão é criado como unidade de primeiro nível "
                  "deste repositório.",
    )
    unidade_existente = forms.IntegerField(
        label="Ou: ID de órgão já cadastrado em outro repositório", required=False, min_value=1,
        help_text="Preencha se o órgão já existe como unidade raiz em um repositório fora do SIORG.",
    )
    orgao_nome = forms.CharField(label="Nome", max_length=250, required=False)
    orgao_sigla = forms.CharField(label="Sigla", max_length=100, required=False)
    orgao_uf = forms.ChoiceField(label="UF", choices=[("", "Selecione")] + UFS, required=False)
    orgao_cnpj = forms.CharField(label="CNPJ", max_length=18, required=False, validators=[validar_cnpj])
    orgao_endereco = forms.CharField(label="Endereço", max_length=1000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    orgao_cep = forms.CharField(label="CEP", max_length=9, required=False, validators=[validar_cep])
    gestor_tecnologico = forms.ModelChoiceField(label="Gestor Tecnológico",
                                                queryset=GestorTecnologico.objects.filter(ativo=True))
    sistema_de_governo = forms.ModelChoiceField(label="Sistema de Governo",
                                                queryset=SistemaDeGoverno.objects.filter(ativo=True))

    def __init__(self, *args, repositorios=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = RepositorioDeEstruturas.objects.filter(ativo=True, is_siorg=False)
        self.fields["repositorio"].queryset = qs if repositorios is None else qs.filter(pk__in=repositorios)
        self.repositorios_permitidos = repositorios

    @classmethod
    def inicial(cls, solicitacao) -> dict:
        siorg = solicitacao.unidade_id and solicitacao.unidade.repositorio.is_siorg
        return {
            "executivo_federal": "sim" if solicitacao.executivo_federal else "nao",
            "unidade": solicitacao.unidade_id if siorg else None,
            "unidade_existente": solicitacao.unidade_id if solicitacao.unidade_id and not siorg else None,
            "repositorio": solicitacao.repositorio_id if not siorg else None,
            "orgao_nome": solicitacao.orgao_nome, "orgao_sigla": solicitacao.orgao_sigla,
            "orgao_uf": solicitacao.orgao_uf, "orgao_cnpj": solicitacao.cnpj_formatado,
            "orgao_endereco": solicitacao.orgao_endereco, "orgao_cep": solicitacao.cep_formatado,
            "gestor_tecnologico": solicitacao.gestor_tecnologico_id,
            "sistema_de_governo": solicitacao.sistema_de_governo_id,
        }

    def clean(self):
        dados = super().clean()
        executivo = dados.get("executivo_federal") == "sim"
        dados["executivo_federal"] = executivo
        if executivo:
            dados["unidade"] = _resolver_orgao_siorg(self, dados.get("unidade"))
            dados["repositorio"] = None
            return dados
        dados["unidade"] = None
        existente_id = dados.get("unidade_existente")
        if existente_id:
            existente = Unidade.objects.filter(pk=existente_id).select_related("repositorio").first()
            if existente is None or existente.repositorio.is_siorg or not existente.eh_orgao:
                self.add_error("unidade_existente", "Informe o ID de uma unidade raiz de órgão fora do SIORG.")
            elif (self.repositorios_permitidos is not None
                  and existente.repositorio_id not in self.repositorios_permitidos):
                self.add_error("unidade_existente", "Este órgão está em um repositório fora do seu âmbito.")
            else:
                dados["unidade"] = existente
        elif not dados.get("repositorio"):
            self.add_error("repositorio", "Escolha o repositório, ou informe o ID de um órgão já cadastrado.")
        if not dados["unidade"]:
            for campo in ("orgao_nome", "orgao_sigla"):
                if not (dados.get(campo) or "").strip() and campo not in self.errors:
                    self.add_error(campo, "Campo obrigatório para criar o órgão.")
        return dados


class DecisaoForm(forms.Form):
    decisao = forms.ChoiceField(
        label="Resposta", widget=forms.RadioSelect,
        choices=[("valida", "Solicitação válida"), ("invalida", "Solicitação inválida")],
    )
    motivo = forms.ChoiceField(
        label="Motivo padrão de recusa", required=False,
        choices=[("", "Nenhum: escrever a justificativa")] + [(c, r) for c, r, _t in MOTIVOS_DE_RECUSA],
        help_text="O texto do motivo escolhido abre a justificativa enviada ao solicitante.",
    )
    justificativa = forms.CharField(
        label="Justificativa", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Obrigatória quando a solicitação é inválida. É enviada por e-mail ao solicitante.",
    )

    def __init__(self, *args, solicitacao=None, repositorios=None, **kwargs):
        """``solicitacao``: a request whose órgão is neither in SIORG nor linked to an existing unit gets the
        repositório in which approval creates it (``repositorios``: ids the evaluator may use; None = all)."""
        super().__init__(*args, **kwargs)
        self.pede_repositorio = bool(solicitacao is not None and solicitacao.unidade_id is None
                                     and not solicitacao.executivo_federal)
        self.repositorio_escolhido = solicitacao.repositorio if self.pede_repositorio else None
        if self.pede_repositorio:
            qs = RepositorioDeEstruturas.objects.filter(ativo=True, is_siorg=False)
            if repositorios is not None:
                qs = qs.filter(pk__in=repositorios)
            self.fields["repositorio"] = forms.ModelChoiceField(
                label="Repositório de estruturas em que o órgão será cadastrado", queryset=qs, required=False,
                empty_label="Selecione", initial=solicitacao.repositorio_id,
                help_text="Obrigatório para aprovar: o órgão é criado como unidade de primeiro nível deste "
                          "repositório. Para vincular a solicitação a um órgão já cadastrado, use “Corrigir dados "
                          "do órgão”.",
            )
            self.order_fields(["decisao", "repositorio"])

    def clean(self):
        dados = super().clean()
        if self.pede_repositorio and not dados.get("repositorio"):
            dados["repositorio"] = self.repositorio_escolhido  # set earlier in "Corrigir dados do órgão"
        if dados.get("decisao") == "valida" and self.pede_repositorio and not dados.get("repositorio"):
            if "repositorio" not in self.errors:
                self.add_error("repositorio", "Escolha o repositório de estruturas em que o órgão será cadastrado.")
        if dados.get("decisao") == "invalida":
            partes = [TEXTOS_DE_RECUSA.get(dados.get("motivo") or ""), (dados.get("justificativa") or "").strip()]
            texto = "\n\n".join(p for p in partes if p)
            if not texto:
                self.add_error("justificativa", "Informe a justificativa ou escolha um motivo padrão de recusa.")
            dados["texto_justificativa"] = texto
        return dados


class NotaForm(forms.Form):
    texto = forms.CharField(label="Nova nota interna", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="Visível só para quem avalia solicitações.")


class BuscaPorCpfForm(forms.Form):
    cpf = forms.CharField(label="CPF", max_length=14, validators=[validar_cpf],
                          widget=forms.TextInput(attrs={"placeholder": "000.000.000-00", "inputmode": "numeric"}))


class ContatoDoGestorForm(forms.Form):
    """The contact data of a person registered as gestor (shown on the public list of gestores)."""

    email_unidade = forms.EmailField(label="E-mail da Unidade")
    email_unidade_confirmacao = forms.EmailField(label="Confirme o e-mail da unidade")
    telefone = CampoDeTelefone(label="Telefone", required=False)
    celular = CampoDeTelefone(label="Celular", required=False)

    def clean(self):
        dados = super().clean()
        _email_confirmado(self, "email_unidade", "email_unidade_confirmacao", "e-mail da unidade")
        return dados


class NovoGestorForm(ContatoDoGestorForm):
    """Person not found: register them (name and login e-mail, plus the contact data) and add as gestor
    (spec §5.2)."""

    nome = forms.CharField(label="Nome", max_length=250)
    email = forms.EmailField(label="E-mail", help_text="Será o login da pessoa no portal.")
    email_confirmacao = forms.EmailField(label="Confirme o e-mail")

    field_order = ["nome", "email", "email_confirmacao"]

    def clean(self):
        dados = super().clean()
        _email_confirmado(self, "email", "email_confirmacao", "e-mail")
        return dados


class ImplantacaoForm(forms.Form):
    justificativa = forms.CharField(
        label="Justificativa", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obrigatória se algum requisito não aparece nos registros de trâmite.",
    )
