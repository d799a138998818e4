from django import template
from django.urls import NoReverseMatch, reverse

from portal import permissions
from portal.validators import formatar_cpf, mascarar_cpf

register = template.Library()


def cpf_visivel(usuario, dono) -> str:
    """The full CPF for its owner and for Administradores; ``***.NNN.NNN-**`` for everyone else."""
    cpf = getattr(dono, "cpf", "") or ""
    eh_dono = getattr(usuario, "is_authenticated", False) and getattr(dono, "pk", None) == usuario.pk \
        and dono._meta.model_name == usuario._meta.model_name
    if eh_dono or permissions.escopo_do_usuario(usuario).administrador:
        return formatar_cpf(cpf)
    return mascarar_cpf(cpf)


@register.simple_tag(takes_context=True)
def cpf_para(context, dono):
    return cpf_visivel(context.get("user") or getattr(context.get("request"), "user", None), dono)


def url_da_hierarquia(unidade_id) -> str:
    """estrutura's hierarchy screen for an órgão root, when that app provides it."""
    try:
        return reverse("estrutura:hierarquia", args=[unidade_id])
    except NoReverseMatch:
        return ""


@register.simple_tag
def link_hierarquia(unidade_id):
    return url_da_hierarquia(unidade_id)


@register.simple_tag(takes_context=True)
def pode(context, acao, obj=None):
    """``{% pode "comite.inativar" comite as pode_inativar %}``: portal.permissions.pode for the current user."""
    usuario = context.get("user") or getattr(context.get("request"), "user", None)
    return permissions.pode(usuario, permissions.Acao(acao), obj)
