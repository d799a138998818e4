from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from portal import permissions
from portal.validators import (
    formatar_cpf,
    mascarar_cpf,
    somente_digitos,
    validar_cpf,
    validar_telefone,
)


class PessoaManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("O e-mail é obrigatório.")
        email = self.normalize_email(email).lower()
        extra["cpf"] = somente_digitos(extra.get("cpf"))
        pessoa = self.model(email=email, **extra)
        pessoa.set_password(password)
        pessoa.save(using=self._db)
        return pessoa

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class EscopoDePessoas(permissions.Regra):
    """People are scoped by where they act: a Supervisor sees those holding a profile in its
    repositórios and the gestores of comitês there; only the database can tell for one person."""

    def filtro(self, papel, acao, cache):
        if papel.perfil != permissions.Perfil.SUPERVISOR:
            return permissions.NENHUM
        repositorios = papel.repositorios
        com_perfil = PerfilAtribuido.objects.filter(ativo=True, repositorios__in=repositorios).values("pessoa_id")
        gestores = Pessoa.objects.filter(
            gestoes__ativo=True, gestoes__comite__unidade__repositorio_id__in=repositorios
        ).values("pk")
        return models.Q(pk__in=com_perfil) | models.Q(pk__in=gestores)


class Pessoa(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: gestor de protocolo, PEN staff, supervisor, external administrator.

    The CPF identifies the person across órgãos (one person may manage several); the e-mail is the
    login. ``is_staff``/``is_superuser`` only open Django's own admin site; the portal's profiles are
    ``PerfilAtribuido`` rows and committee memberships.
    """

    email = models.EmailField("e-mail", unique=True)
    nome = models.CharField("nome", max_length=250)
    cpf = models.CharField("CPF", max_length=11, unique=True, validators=[validar_cpf])
    email_unidade = models.EmailField("e-mail da unidade", blank=True)
    telefone = models.CharField("telefone", max_length=20, blank=True, validators=[validar_telefone])
    celular = models.CharField("celular", max_length=20, blank=True, validators=[validar_telefone])
    is_active = models.BooleanField("ativo", default=True)
    is_staff = models.BooleanField("acesso ao admin do Django", default=False)
    date_joined = models.DateTimeField("cadastrado em", default=timezone.now)

    objects = PessoaManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["nome", "cpf"]

    regra_de_escopo = EscopoDePessoas()

    class Meta:
        verbose_name = "pessoa"
        verbose_name_plural = "pessoas"
        ordering = ["nome"]

    def __str__(self):
        return self.nome or self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        self.cpf = somente_digitos(self.cpf)

    def save(self, *args, **kwargs):
        self.cpf = somente_digitos(self.cpf)
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.nome

    def get_short_name(self):
        return (self.nome or self.email).split(" ")[0]

    @property
    def cpf_formatado(self) -> str:
        return formatar_cpf(self.cpf)

    @property
    def cpf_mascarado(self) -> str:
        return mascarar_cpf(self.cpf)


class PerfilAtribuido(models.Model):
    """An elevated profile granted to a person (Administrador, Supervisor, Administrador Externo).

    Supervisor and Administrador Externo are scoped to repositórios de estruturas (``repositorios``);
    Administrador Externo also to one gestor tecnológico. The Gestor de Protocolo profile is not
    stored here: it follows from being an active gestor of a comitê.
    """

    Perfil = permissions.Perfil  # the one enum; only PERFIS_ATRIBUIVEIS are stored here

    pessoa = models.ForeignKey(Pessoa, on_delete=models.CASCADE, related_name="perfis_atribuidos")
    perfil = models.CharField(
        "perfil", max_length=20, choices=[(p.value, p.label) for p in permissions.PERFIS_ATRIBUIVEIS]
    )
    gestor_tecnologico = models.ForeignKey(
        "portal.GestorTecnologico",
        verbose_name="gestor tecnológico",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    repositorios = models.ManyToManyField(
        "estrutura.RepositorioDeEstruturas",
        verbose_name="repositórios de estruturas",
        blank=True,
        related_name="+",
    )
    ativo = models.BooleanField("ativo", default=True)
    criado_em = models.DateTimeField("atribuído em", auto_now_add=True)

    class Meta:
        verbose_name = "perfil atribuído"
        verbose_name_plural = "perfis atribuídos"
        constraints = [
            models.UniqueConstraint(fields=["pessoa", "perfil"], name="perfil_unico_por_pessoa"),
        ]

    def __str__(self):
        return f"{self.pessoa} — {self.get_perfil_display()}"
