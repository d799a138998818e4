"""Gerenciar Perfis forms: CPF search, person data and the profile checkboxes with their scope."""

from django import forms

from portal import permissions
from portal.models import GestorTecnologico, PerfilAtribuido, Pessoa
from portal.permissions import Perfil
from portal.services import perfis as servico
from portal.services.perfis import PerfilDesejado
from portal.validators import somente_digitos, validar_cpf, validar_telefone

PerfilModelo = PerfilAtribuido.Perfil
ATRIBUIVEIS = [perfil.value for perfil in permissions.PERFIS_ATRIBUIVEIS]  # the stored profiles
_TELEFONE = {"inputmode": "tel", "placeholder": "(61) 91234-5678"}


class BuscaCpfForm(forms.Form):
    cpf = forms.CharField(
        label="CPF", max_length=14, validators=[validar_cpf],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "000.000.000-00"}),
        help_text="Informe o CPF e clique em Procurar. Se a pessoa já estiver cadastrada, abrimos o cadastro dela.",
    )

    def clean_cpf(self):
        return somente_digitos(self.cleaned_data["cpf"])


class _ListaDeRepositorios(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.nome if obj.ativo else f"{obj.nome} (inativo)"


class PessoaPerfisForm(forms.Form):
    """Cadastrar/Editar a person: data, then one checkbox per profile with its scope fields.

    ``usuario`` is who edits. For a non-administrator the Administrador Tramita checkbox is read-only and
    the repositório choices are limited to the ones it supervises; repositórios outside them that the
    person already holds are kept as they are (``repositorios_preservados``).
    """

    cpf = forms.CharField(widget=forms.HiddenInput, required=False)
    nome = forms.CharField(label="Nome", max_length=250)
    email = forms.EmailField(
        label="E-mail", max_length=254,
        help_text="O e-mail de acesso ao portal. Uma pessoa nova recebe nele o link para definir a senha.",
    )
    email_unidade = forms.EmailField(label="E-mail da Unidade", max_length=254)
    telefone = forms.CharField(label="Telefone", max_length=20, validators=[validar_telefone],
                               widget=forms.TextInput(attrs=_TELEFONE))
    celular = forms.CharField(label="Celular", max_length=20, validators=[validar_telefone],
                              widget=forms.TextInput(attrs=_TELEFONE))

    perfil_administrador = forms.BooleanField(label=PerfilModelo.ADMINISTRADOR.label, required=False)
    perfil_supervisor = forms.BooleanField(label=PerfilModelo.SUPERVISOR.label, required=False)
    repositorios_supervisor = _ListaDeRepositorios(
        label="Repositórios supervisionados", queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
    )
    perfil_admin_externo = forms.BooleanField(label=PerfilModelo.ADMIN_EXTERNO.label, required=False)
    repositorios_admin_externo = _ListaDeRepositorios(
        label="Repositórios do Administrador Externo", queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gestor_tecnologico_admin_externo = forms.ModelChoiceField(
        label="Gestor tecnológico", queryset=GestorTecnologico.objects.none(), required=False,
        empty_label="Selecione",
        help_text="Onde estão hospedados os sistemas dos órgãos que esta pessoa administra.",
    )

    def __init__(self, *args, usuario, pessoa: Pessoa | None = None, cpf: str = "", **kwargs):
        self.usuario = usuario
        self.pessoa = pessoa
        self.atuais = servico.perfis_de(pessoa) if pessoa is not None else {}
        escopo = permissions.escopo_do_usuario(usuario)
        self.administrador = escopo.administrador
        kwargs.setdefault("initial", self._inicial(cpf))
        super().__init__(*args, **kwargs)

        Repositorio = servico.modelo_repositorio()
        if self.administrador:
            permitidos = Repositorio.objects.all()
        else:
            permitidos = Repositorio.objects.filter(pk__in=escopo.repositorios(Perfil.SUPERVISOR))
        self.repositorios_preservados: dict[str, list] = {}
        for perfil in servico.ESCOPADOS:
            campo = self.fields[f"repositorios_{perfil}"]
            atuais = self.atuais[perfil].repositorios if perfil in self.atuais else frozenset()
            if self.administrador:
                campo.queryset = Repositorio.objects.filter(pk__in=atuais) | Repositorio.objects.filter(ativo=True)
            else:
                campo.queryset = permitidos
                self.repositorios_preservados[perfil] = list(
                    Repositorio.objects.filter(pk__in=atuais).exclude(pk__in=permitidos.values("pk")).order_by("nome")
                )
            campo.queryset = campo.queryset.distinct().order_by("nome")
        atual_gt = self.atuais.get(PerfilModelo.ADMIN_EXTERNO.value)
        gestores = GestorTecnologico.objects.filter(ativo=True)
        if atual_gt and atual_gt.gestor_tecnologico_id:
            gestores = gestores | GestorTecnologico.objects.filter(pk=atual_gt.gestor_tecnologico_id)
        self.fields["gestor_tecnologico_admin_externo"].queryset = gestores.distinct().order_by("nome")

        if not self.administrador:
            campo = self.fields["perfil_administrador"]
            campo.disabled = True
            campo.help_text = "Somente um Administrador Tramita concede ou retira este perfil."
            if pessoa is not None:
                # Changing someone's login e-mail would let the editor take the account over (password reset).
                campo = self.fields["email"]
                campo.disabled = True
                campo.help_text = servico.MSG_EMAIL_SO_ADMIN
            if pessoa is not None and pessoa.pk != getattr(usuario, "pk", None):
                for nome in servico.CAMPOS_DE_CONTATO:
                    self.fields[nome].disabled = True
                    self.fields[nome].help_text = servico.MSG_CONTATO_SO_ADMIN

    def _inicial(self, cpf: str) -> dict:
        pessoa = self.pessoa
        if pessoa is None:
            return {"cpf": cpf}
        inicial = {campo: getattr(pessoa, campo) for campo in servico.CAMPOS_DE_DADOS}
        inicial["cpf"] = pessoa.cpf
        for perfil in ATRIBUIVEIS:
            atual = self.atuais.get(perfil)
            inicial[f"perfil_{perfil}"] = atual is not None
            if perfil in servico.ESCOPADOS and atual is not None:
                inicial[f"repositorios_{perfil}"] = sorted(atual.repositorios)
        atual_externo = self.atuais.get(PerfilModelo.ADMIN_EXTERNO.value)
        if atual_externo is not None:
            inicial["gestor_tecnologico_admin_externo"] = atual_externo.gestor_tecnologico_id
        return inicial

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        outros = Pessoa.objects.all() if self.pessoa is None else Pessoa.objects.exclude(pk=self.pessoa.pk)
        if outros.filter(email__iexact=email).exists():
            raise forms.ValidationError(servico.MSG_EMAIL_DUPLICADO)
        return email

    def clean_cpf(self):
        if self.pessoa is not None:
            return self.pessoa.cpf
        cpf = somente_digitos(self.cleaned_data.get("cpf"))
        validar_cpf(cpf)
        if Pessoa.objects.filter(cpf=cpf).exists():
            raise forms.ValidationError(servico.MSG_CPF_DUPLICADO)
        return cpf

    def clean(self):
        dados = super().clean()
        if not self.administrador and self.data.get(self.add_prefix("perfil_administrador")) \
                and PerfilModelo.ADMINISTRADOR.value not in self.atuais:
            # The checkbox is disabled for them: a browser never sends it, so this is a forged request.
            self.add_error("perfil_administrador", "Seu perfil não permite conceder o perfil Administrador Tramita.")
        for perfil in servico.ESCOPADOS:
            if dados.get(f"perfil_{perfil}") and not dados.get(f"repositorios_{perfil}") \
                    and not self.repositorios_preservados.get(perfil):
                self.add_error(f"repositorios_{perfil}",
                               f"Escolha ao menos um repositório de estruturas para o perfil {servico.rotulo(perfil)}.")
        if dados.get("perfil_admin_externo") and not dados.get("gestor_tecnologico_admin_externo"):
            self.add_error("gestor_tecnologico_admin_externo",
                           "Escolha o gestor tecnológico do perfil Administrador Externo.")
        return dados

    def dados_da_pessoa(self) -> dict:
        return {campo: self.cleaned_data[campo] for campo in ("cpf", *servico.CAMPOS_DE_DADOS)}

    def perfis_desejados(self) -> dict[str, PerfilDesejado]:
        desejados: dict[str, PerfilDesejado] = {}
        for perfil in ATRIBUIVEIS:
            if not self.cleaned_data.get(f"perfil_{perfil}"):
                continue
            repositorios = frozenset()
            if perfil in servico.ESCOPADOS:
                escolhidos = {r.pk for r in self.cleaned_data.get(f"repositorios_{perfil}") or []}
                preservados = {r.pk for r in self.repositorios_preservados.get(perfil, [])}
                repositorios = frozenset(escolhidos | preservados)
            gestor = self.cleaned_data.get("gestor_tecnologico_admin_externo") \
                if perfil == PerfilModelo.ADMIN_EXTERNO else None
            desejados[perfil] = PerfilDesejado(repositorios, gestor.pk if gestor else None)
        return desejados
